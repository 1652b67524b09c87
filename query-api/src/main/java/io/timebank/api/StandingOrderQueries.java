package io.timebank.api;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Loan;
import io.timebank.ledger.LoanPlan;
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

    /** The account's standing orders, by id: those not yet finished nor cancelled (its loans are listed apart). */
    Views.StandingOrdersView of(String account, boolean forwarded) {
        return peers.route(LedgerStores.ACCOUNTS, account, forwarded, "/v1/accounts/" + account + "/standing-orders",
            Views.StandingOrdersView.class, () -> Optional.of(new Views.StandingOrdersView(account,
                local(account).stream().filter(order -> order.loan() == null).map(order -> view(account, order)).toList())))
            .orElseThrow();
    }

    /** The loans {@code account} owes, by id: those not yet settled. */
    Views.LoansView loans(String account, boolean forwarded) {
        return peers.route(LedgerStores.ACCOUNTS, account, forwarded, "/v1/accounts/" + account + "/loans",
            Views.LoansView.class, () -> Optional.of(new Views.LoansView(account, local(account).stream()
                .filter(order -> order.loan() != null).map(order -> loanView(account, order)).toList()))).orElseThrow();
    }

    /** The loan {@code loan} that {@code account} owes, from the instance that holds it; empty when there is none. */
    Optional<Views.LoanView> loan(String account, String loan, boolean forwarded) {
        return peers.route(LedgerStores.ACCOUNTS, account, forwarded, "/v1/accounts/" + account + "/loans/" + loan,
            Views.LoanView.class, () -> local(account).stream()
                .filter(order -> order.loan() != null && order.id().value().equals(loan)).findFirst()
                .map(order -> loanView(account, order)));
    }

    private List<StandingOrder> local(String account) {
        ReadOnlyKeyValueStore<String, byte[]> store = runtime.streams().store(StoreQueryParameters.fromNameAndType(
            LedgerStores.STANDING_ORDERS, QueryableStoreTypes.<String, byte[]>keyValueStore())
            .withPartition(settings.partitionOf(account)));
        List<StandingOrder> orders = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.range(LedgerStores.ordersFrom(account),
            LedgerStores.ordersTo(account))) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                orders.add(StateCodec.decodeOrder(entry.value));
            }
        }
        return orders;
    }

    static Views.LoanView loanView(String borrower, StandingOrder order) {
        Loan loan = order.loan();
        LoanPlan.Standing standing = loan.standing();
        List<Views.InstallmentView> installments = loan.plan().installments().stream()
            .map(each -> new Views.InstallmentView(each.n(), order.schedule().dueAt(each.n()), each.principal().toString(),
                each.interest().toString(), each.amount().toString(), each.n() < standing.next()))
            .toList();
        return new Views.LoanView(order.id().value(), loan.lender().value(), borrower, loan.plan().principal().toString(),
            loan.plan().rate().toPlainString(), loan.plan().count(), order.schedule().interval().toString(),
            standing.next(), order.nextDue(), standing.arrears().toString(), standing.arrearsInterest().toString(),
            standing.principalPaid().toString(), standing.interestPaid().toString(), loan.payoff().toString(),
            installments);
    }

    /** The payouts coming to {@code member} from every fund's plans. */
    Views.UpcomingPayoutsView payoutsTo(String member) {
        List<Views.UpcomingPayoutView> payouts = new ArrayList<>();
        for (AccountId fund : new java.util.TreeSet<>(settings.orders().funds().stream()
            .map(AccountId::value).toList()).stream().map(AccountId::of).toList()) {
            for (Views.StandingOrderView plan : of(fund.value(), false).orders()) {
                payoutTo(member, plan).ifPresent(payouts::add);
            }
        }
        return new Views.UpcomingPayoutsView(member, payouts);
    }

    private static Optional<Views.UpcomingPayoutView> payoutTo(String member, Views.StandingOrderView plan) {
        if (plan.nextDue() == null) {
            return Optional.empty();
        }
        if (plan.shares() != null) {
            long total = plan.shares().stream().mapToLong(Views.ShareBody::weight).sum();
            return plan.shares().stream().filter(share -> share.to().equals(member)).findFirst()
                .map(share -> new Views.UpcomingPayoutView(plan.id(), plan.from(), plan.nextDue(), null, share.weight(),
                    total, plan.portion(), plan.interval()));
        }
        List<Views.LegBody> legs = plan.legs() != null ? plan.legs()
            : List.of(new Views.LegBody(plan.to(), plan.amount(), plan.memo()));
        return legs.stream().filter(leg -> leg.to().equals(member)).findFirst()
            .map(leg -> new Views.UpcomingPayoutView(plan.id(), plan.from(), plan.nextDue(), leg.amount(), null, null, null,
                plan.interval()));
    }

    static Views.StandingOrderView view(String account, StandingOrder order) {
        return new Views.StandingOrderView(order.id().value(), account, order.multiLeg() ? null : order.to().value(),
            order.asset().name(), order.shares() != null ? null : order.amount().toString(),
            order.legs().isEmpty() ? order.memo() : null,
            order.schedule().first(), order.schedule().interval().toString(),
            order.schedule().count() == 0 ? null : order.schedule().count(), order.schedule().until(), order.next(),
            order.nextDue(), order.failures(), order.failuresMax(), order.legs().isEmpty() ? null : order.legs().stream()
                .map(leg -> new Views.LegBody(leg.to().value(), leg.amount().toString(), leg.memo())).toList(),
            order.shares() == null ? null : order.shares().shares().stream()
                .map(share -> new Views.ShareBody(share.to().value(), share.weight())).toList(),
            order.shares() == null ? null : order.shares().portion().toString());
    }
}
