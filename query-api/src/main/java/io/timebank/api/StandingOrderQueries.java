package io.timebank.api;

import io.timebank.ledger.StandingOrder;
import io.timebank.schemas.StateCodec;
import io.timebank.stream.LedgerSettings;
import io.timebank.stream.LedgerStores;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads an account's standing orders from the partition that holds them, here or on its instance. */
@Singleton
class StandingOrderQueries {

    private final LedgerRuntime runtime;
    private final LedgerSettings settings;
    private final Peers peers;

    StandingOrderQueries(LedgerRuntime runtime, Peers peers) {
        this.runtime = runtime;
        this.settings = runtime.settings();
        this.peers = peers;
    }

    /** The account's standing orders, by id: those not yet finished nor cancelled. */
    Views.StandingOrdersView of(String account, boolean forwarded) {
        return peers.route(LedgerStores.ACCOUNTS, account, forwarded, "/v1/accounts/" + account + "/standing-orders",
            Views.StandingOrdersView.class, () -> Optional.of(local(account))).orElseThrow();
    }

    private Views.StandingOrdersView local(String account) {
        ReadOnlyKeyValueStore<String, byte[]> store = runtime.streams().store(StoreQueryParameters.fromNameAndType(
            LedgerStores.STANDING_ORDERS, QueryableStoreTypes.<String, byte[]>keyValueStore())
            .withPartition(settings.partitionOf(account)));
        List<Views.StandingOrderView> orders = new ArrayList<>();
        // Keys are account|order; '~' sorts after every character an order id may hold.
        try (KeyValueIterator<String, byte[]> all = store.range(account + "|", account + "|~")) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                orders.add(view(account, StateCodec.decodeOrder(entry.value)));
            }
        }
        return new Views.StandingOrdersView(account, orders);
    }

    static Views.StandingOrderView view(String account, StandingOrder order) {
        return new Views.StandingOrderView(order.id().value(), account, order.multiLeg() ? null : order.to().value(),
            order.asset().name(), order.amount().toString(), order.multiLeg() ? null : order.memo(),
            order.schedule().first(), order.schedule().interval().toString(),
            order.schedule().count() == 0 ? null : order.schedule().count(), order.schedule().until(), order.next(),
            order.nextDue(), order.failures(), order.failuresMax(), order.multiLeg() ? order.legs().stream()
                .map(leg -> new Views.LegBody(leg.to().value(), leg.amount().toString(), leg.memo())).toList() : null);
    }
}
