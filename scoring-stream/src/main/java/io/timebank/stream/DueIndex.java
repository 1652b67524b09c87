package io.timebank.stream;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.CommandId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An index of what falls due when, kept in a store: keys {@code <due millis, 20 digits>|account|id}
 * sort as time does, so what is due by now is one range scan from the first key — a cost
 * proportional to what is due, not to everything indexed. The scheduler's orders and term deposits
 * each keep one.
 */
final class DueIndex {

    private static final char SEPARATOR = '|';
    /** After every character an identifier may hold: the end of a range scan. */
    private static final char AFTER = '~';

    private final KeyValueStore<String, byte[]> store;

    DueIndex(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** Something due: its index key, its due time, its account and its id. */
    record Entry(String key, Instant due, AccountId account, CommandId id) {
    }

    private static String key(Instant due, AccountId account, CommandId id) {
        return String.format("%020d", due.toEpochMilli()) + SEPARATOR + account.value() + SEPARATOR + id.value();
    }

    void put(Instant due, AccountId account, CommandId id) {
        store.put(key(due, account, id), new byte[0]);
    }

    void delete(Instant due, AccountId account, CommandId id) {
        store.delete(key(due, account, id));
    }

    void delete(Entry entry) {
        store.delete(entry.key());
    }

    /** Up to {@code max} entries due at or before {@code now}, the earliest first. */
    List<Entry> due(Instant now, int max) {
        List<Entry> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> keys = store.range("", String.format("%020d", now.toEpochMilli()) + SEPARATOR
            + AFTER)) {
            while (keys.hasNext() && due.size() < max) {
                String key = keys.next().key;
                int first = key.indexOf(SEPARATOR);
                int second = key.indexOf(SEPARATOR, first + 1);
                due.add(new Entry(key, Instant.ofEpochMilli(Long.parseLong(key.substring(0, first))),
                    AccountId.of(key.substring(first + 1, second)), CommandId.of(key.substring(second + 1))));
            }
        }
        return due;
    }
}
