package io.timebank.stream;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.StandingOrder;
import io.timebank.ledger.StandingOrders;
import io.timebank.schemas.StateCodec;
import java.time.Instant;
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


    private final KeyValueStore<String, byte[]> orders;
    private final DueIndex schedule;

    ScheduledOrders(KeyValueStore<String, byte[]> orders, KeyValueStore<String, byte[]> schedule) {
        this.orders = orders;
        this.schedule = new DueIndex(schedule);
    }

    static String orderKey(AccountId account, CommandId order) {
        return LedgerStores.ordersFrom(account.value()) + order.value();
    }

    StandingOrder get(AccountId account, CommandId order) {
        byte[] stored = orders.get(orderKey(account, order));
        return stored == null ? null : StateCodec.decodeOrder(stored);
    }

    /** How many standing orders {@code account} has. */
    int count(AccountId account) {
        int count = 0;
        try (KeyValueIterator<String, byte[]> all = orders.range(LedgerStores.ordersFrom(account.value()),
            LedgerStores.ordersTo(account.value()))) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    /** Up to {@code max} occurrences due at or before {@code now}, the earliest first: payer and order each. */
    List<DueIndex.Entry> due(Instant now, int max) {
        return schedule.due(now, max);
    }

    /** Drops an index entry whose order is gone (it cannot happen while the two stores change together). */
    void forget(DueIndex.Entry due) {
        schedule.delete(due);
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
                schedule.delete(before.nextDue(), account, id);
            }
            if (after == null) {
                orders.delete(orderKey(account, id));
            } else {
                orders.put(orderKey(account, id), StateCodec.encodeOrder(after));
                if (after.nextDue() != null && !after.exhausted()) {
                    schedule.put(after.nextDue(), account, id);
                }
            }
        }
    }
}
