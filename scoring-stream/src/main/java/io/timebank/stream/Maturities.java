package io.timebank.stream;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.TermDeposits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * When a partition's term deposits mature: the {@code maturities} store, an index keyed by maturity
 * ({@code <millis, 20 digits>|account|deposit}), scanned by the scheduler like the standing orders'.
 * An entry is added when a deposit opens and dropped when it matures; a deposit withdrawn early
 * leaves its entry, which finds nothing to return when it falls due and is dropped then.
 */
final class Maturities {

    private final KeyValueStore<String, byte[]> index;

    Maturities(KeyValueStore<String, byte[]> index) {
        this.index = index;
    }

    /** A maturity that is due: the account, the deposit, and the maturity its entry was made for. */
    record Due(String key, AccountId account, CommandId deposit, Instant maturity) {
    }

    private static String key(Instant maturity, AccountId account, CommandId deposit) {
        return String.format("%020d", maturity.toEpochMilli()) + "|" + account.value() + "|" + deposit.value();
    }

    /** Up to {@code max} deposits maturing at or before {@code now}, the earliest first. */
    List<Due> due(Instant now, int max) {
        List<Due> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> keys = index.range("", String.format("%020d", now.toEpochMilli()) + "|~")) {
            while (keys.hasNext() && due.size() < max) {
                String key = keys.next().key;
                int first = key.indexOf('|');
                int second = key.indexOf('|', first + 1);
                due.add(new Due(key, AccountId.of(key.substring(first + 1, second)), CommandId.of(key.substring(second + 1)),
                    Instant.ofEpochMilli(Long.parseLong(key.substring(0, first)))));
            }
        }
        return due;
    }

    void forget(Due due) {
        index.delete(due.key());
    }

    /** Folds {@code events}, booked on {@code account}: an opened deposit is indexed, a matured one dropped. */
    void fold(AccountId account, List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.TermDepositOpened opened) {
                index.put(key(opened.deposit().maturity(), account, opened.deposit().id()), new byte[0]);
            } else if (event instanceof LedgerEvent.TermDepositReturned returned
                && returned.commandId().equals(TermDeposits.maturityId(returned.deposit()))) {
                index.delete(key(returned.at(), account, returned.deposit()));
            }
        }
    }
}
