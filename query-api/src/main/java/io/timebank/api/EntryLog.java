package io.timebank.api;

import io.micronaut.http.HttpStatus;
import io.timebank.ledger.AccountEntry;
import io.timebank.ledger.FieldError;
import io.timebank.stream.AccountHistory;
import io.timebank.stream.LedgerStores;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * An account's entries over a period, read from this instance's entries store. The store keeps each
 * entry with the balances after it, in booking order, and the time entries were booked never falls
 * from one to the next: the period's first entry is found by bisecting the sequences (a few reads),
 * and only the period's entries are read after it, never the history before.
 */
@Singleton
class EntryLog {

    /** The most entries one period may hold: a longer one is asked in parts. */
    static final int ENTRIES_MAX = 10_000;

    private final LedgerRuntime runtime;

    EntryLog(LedgerRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The period (from, to] of an account: {@code before}, the last entry booked at or before
     * {@code from} (null when none), and every entry booked in the period, each with its balances.
     */
    record Period(AccountEntry before, List<AccountEntry> entries) {
    }

    /** {@code account}'s period (from, to] from this instance's store; empty when it has no such account. */
    Optional<Period> period(String account, Instant from, Instant to) {
        ReadOnlyKeyValueStore<String, byte[]> entries = runtime.partitionStore(LedgerStores.ENTRIES, account);
        if (first(entries, account, 0) == null) {
            return Optional.empty();
        }
        long afterFrom = firstBookedAfter(entries, account, from);
        AccountEntry before = last(entries, account, afterFrom - 1);
        List<AccountEntry> period = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = entries.range(AccountHistory.key(account, afterFrom),
            AccountHistory.end(account))) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> next = all.next();
                AccountEntry entry = readable(AccountHistory.decode(next.key, next.value));
                if (entry.bookedAt().isAfter(to)) {
                    break;
                }
                if (period.size() == ENTRIES_MAX) {
                    throw ProblemException.invalid("bad query parameter", List.of(new FieldError("from",
                        "the period holds more than " + ENTRIES_MAX + " entries: ask it in parts")));
                }
                period.add(entry);
            }
        }
        return Optional.of(new Period(before == null ? null : readable(before), period));
    }

    /**
     * The smallest sequence from which every entry was booked after {@code at}: entries are booked in
     * time order, so "the first entry at or after s was booked after at (or there is none)" holds from
     * some s on, found by bisection.
     */
    private static long firstBookedAfter(ReadOnlyKeyValueStore<String, byte[]> entries, String account, Instant at) {
        AccountEntry newest = last(entries, account, Long.MAX_VALUE - 1);
        long low = 0;
        long high = newest == null ? 0 : newest.sequence() + 1;
        while (low < high) {
            long middle = low + (high - low) / 2;
            AccountEntry entry = first(entries, account, middle);
            // Entries stored before they kept their balances come first and precede every period.
            if (entry == null || (entry.hasBalances() && entry.bookedAt().isAfter(at))) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** The account's first entry at or after {@code sequence}, or null. */
    private static AccountEntry first(ReadOnlyKeyValueStore<String, byte[]> entries, String account, long sequence) {
        try (KeyValueIterator<String, byte[]> all = entries.range(AccountHistory.key(account, sequence),
            AccountHistory.end(account))) {
            if (!all.hasNext()) {
                return null;
            }
            KeyValue<String, byte[]> entry = all.next();
            return AccountHistory.decode(entry.key, entry.value);
        }
    }

    /** The account's last entry at or before {@code sequence}, or null. */
    private static AccountEntry last(ReadOnlyKeyValueStore<String, byte[]> entries, String account, long sequence) {
        if (sequence < 0) {
            return null;
        }
        try (KeyValueIterator<String, byte[]> all = entries.reverseRange(AccountHistory.key(account, 0),
            AccountHistory.key(account, sequence))) {
            if (!all.hasNext()) {
                return null;
            }
            KeyValue<String, byte[]> entry = all.next();
            return AccountHistory.decode(entry.key, entry.value);
        }
    }

    /** An entry with the balances after it; one booked before entries kept them cannot be stated. */
    private static AccountEntry readable(AccountEntry entry) {
        if (!entry.hasBalances()) {
            throw new ProblemException(Problem.of(HttpStatus.CONFLICT.getCode(), "Entries without balances",
                "entry " + entry.sequence() + " was stored before entries kept their balances: rebuild the stores "
                    + "(docs/OPERATIONS.md) to read this period"));
        }
        return entry;
    }

}
