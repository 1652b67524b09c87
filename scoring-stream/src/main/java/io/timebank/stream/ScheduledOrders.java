package io.timebank.stream;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.StandingOrder;
import io.timebank.ledger.StandingOrders;
import io.timebank.schemas.StateCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A partition's standing orders and when each falls due next: the {@code standing-orders} store
 * ({@code account|order} → the order and how far it has run) and the {@code schedule} store, an
 * index keyed by due time ({@code <due millis, 20 digits>|account|order}), so that what is due is
 * one range scan from the oldest key, at a cost proportional to what is due and not to every order.
 * Both change only by {@link #fold folding} ledger events with {@link StandingOrders#apply}: the
 * live ledger and the rebuild keep them alike.
 */
final class ScheduledOrders {

    private static final char SEPARATOR = '|';
    /** After every character an identifier may hold: the end of a range scan over a prefix. */
    private static final char AFTER = '~';

    private final KeyValueStore<String, byte[]> orders;
    private final KeyValueStore<String, byte[]> schedule;

    ScheduledOrders(KeyValueStore<String, byte[]> orders, KeyValueStore<String, byte[]> schedule) {
        this.orders = orders;
        this.schedule = schedule;
    }

    /** An occurrence that is due: the payer and the order, by the index key it was found under. */
    record Due(String key, AccountId payer, CommandId order) {
    }

    static String orderKey(AccountId account, CommandId order) {
        return account.value() + SEPARATOR + order.value();
    }

    /** The first key after every order of {@code account}: the end of its range. */
    static String accountStart(String account) {
        return account + SEPARATOR;
    }

    static String accountEnd(String account) {
        return account + SEPARATOR + AFTER;
    }

    private static String dueKey(Instant due, AccountId account, CommandId order) {
        return String.format("%020d", due.toEpochMilli()) + SEPARATOR + account.value() + SEPARATOR + order.value();
    }

    StandingOrder get(AccountId account, CommandId order) {
        byte[] stored = orders.get(orderKey(account, order));
        return stored == null ? null : StateCodec.decodeOrder(stored);
    }

    /** How many standing orders {@code account} has. */
    int count(AccountId account) {
        int count = 0;
        try (KeyValueIterator<String, byte[]> all = orders.range(accountStart(account.value()), accountEnd(account.value()))) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    /** Up to {@code max} occurrences due at or before {@code now}, the earliest first. */
    List<Due> due(Instant now, int max) {
        List<Due> due = new ArrayList<>();
        String last = String.format("%020d", now.toEpochMilli()) + SEPARATOR + AFTER;
        try (KeyValueIterator<String, byte[]> keys = schedule.range("", last)) {
            while (keys.hasNext() && due.size() < max) {
                String key = keys.next().key;
                int first = key.indexOf(SEPARATOR);
                int second = key.indexOf(SEPARATOR, first + 1);
                due.add(new Due(key, AccountId.of(key.substring(first + 1, second)),
                    CommandId.of(key.substring(second + 1))));
            }
        }
        return due;
    }

    /** Drops an index entry whose order is gone (it cannot happen while the two stores change together). */
    void forget(Due due) {
        schedule.delete(due.key());
    }

    /** Folds {@code events}, booked on {@code account}, into the orders they concern; others are skipped. */
    void fold(AccountId account, List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            CommandId id = StandingOrders.orderOf(event);
            if (id == null) {
                continue;
            }
            StandingOrder before = get(account, id);
            StandingOrder after = StandingOrders.apply(before, event);
            if (after == before) {
                continue;
            }
            if (before != null && before.nextDue() != null) {
                schedule.delete(dueKey(before.nextDue(), account, id));
            }
            if (after == null) {
                orders.delete(orderKey(account, id));
            } else {
                orders.put(orderKey(account, id), StateCodec.encodeOrder(after));
                if (after.nextDue() != null && !after.exhausted()) {
                    schedule.put(dueKey(after.nextDue(), account, id), new byte[0]);
                }
            }
        }
    }
}
