package io.timebank.stream;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.TermDeposits;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * When a partition's term deposits mature: the {@code maturities} store, a {@link DueIndex} by
 * maturity, scanned by the scheduler like the standing orders'.
 * An entry is added when a deposit opens and dropped when it matures; a deposit withdrawn early
 * leaves its entry, which finds nothing to return when it falls due and is dropped then.
 */
final class Maturities {

    private final DueIndex index;

    Maturities(KeyValueStore<String, byte[]> index) {
        this.index = new DueIndex(index);
    }

    /** Up to {@code max} deposits maturing at or before {@code now}, the earliest first: account and deposit each. */
    List<DueIndex.Entry> due(Instant now, int max) {
        return index.due(now, max);
    }

    void forget(DueIndex.Entry due) {
        index.delete(due);
    }

    /** Folds {@code events}, booked on {@code account}: an opened deposit is indexed, a matured one dropped. */
    void fold(AccountId account, List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.TermDepositOpened opened) {
                index.put(opened.deposit().maturity(), account, opened.deposit().id());
            } else if (event instanceof LedgerEvent.TermDepositReturned returned
                && returned.commandId().equals(TermDeposits.maturityId(returned.deposit()))) {
                index.delete(returned.at(), account, returned.deposit());
            }
        }
    }
}
