package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The standing orders' rules: placing, cancelling, and running occurrences until the order ends or cancels itself. */
class StandingOrdersTest {

    static final Instant T0 = LedgerTest.T0;
    static final AccountId PAYER = AccountId.of("payer");
    static final AccountId BOB = AccountId.of("bob");
    static final AccountId FEES = AccountId.of("bank-fees");

    final Ledger ledger = new Ledger(LedgerTest.DECAY, LedgerTest.ONE_PERCENT_MIN_CENT, Ledger.BANK,
        MultiLegTransferTest.LIMITS, Set.of(FEES));
    final StandingOrders orders = new StandingOrders(ledger, 2);

    static StandingOrder daily(String id, String amount, long count, int failuresMax) {
        return StandingOrder.of(CommandId.of(id), BOB, Asset.ATTENTION, Amount.parse(amount), "daily",
            new Schedule(T0.plus(Duration.ofHours(1)), Duration.ofDays(1), count, null), failuresMax);
    }

    Account open(AccountId id, long units) {
        Account account = ledger.apply(null, new LedgerEvent.AccountOpened(id, LedgerTest.FORUM, Amount.ZERO, T0));
        return units == 0 ? account : ledger.apply(account, new LedgerEvent.Deposited(id, LedgerTest.FORUM,
            ActivityId.of("seed-" + id), T0, Measures.of(1, 1, 1),
            new Score(Measure.of(1), Measure.of(1), Measure.of(1), Amount.ofUnits(units))));
    }

    @Test
    void anOrderIsPlacedOnlyForAnExistingPayerWithinItsLimitAndBetweenMembers() {
        Account payer = open(PAYER, 10);
        LedgerCommand.PlaceStandingOrder place = new LedgerCommand.PlaceStandingOrder(PAYER, daily("rent", "1", 0, 3), T0);

        List<LedgerEvent> placed = orders.place(place, payer, 1, null);

        assertThat(placed).containsExactly(new LedgerEvent.StandingOrderPlaced(PAYER, place.order(), T0));
        assertThat(StandingOrders.apply(null, placed.getFirst())).isEqualTo(place.order());
        assertThat(reason(orders.place(place, payer, 2, null))).isEqualTo(RejectionReason.ORDER_LIMIT);
        assertThat(reason(orders.place(place, payer, 1, place.order()))).isEqualTo(RejectionReason.COMMAND_ID_REUSED);
        assertThat(reason(orders.place(place, null, 0, null))).isEqualTo(RejectionReason.UNKNOWN_ACCOUNT);
        assertThat(reason(orders.place(new LedgerCommand.PlaceStandingOrder(PAYER, daily("old", "1", 0, 3),
            T0.plus(Duration.ofDays(1))), payer, 0, null))).as("a first due time before the placing, however sent")
            .isEqualTo(RejectionReason.INVALID_SCHEDULE);
        assertThat(reason(orders.place(new LedgerCommand.PlaceStandingOrder(BOB, daily("rent", "1", 0, 3), T0),
            open(BOB, 1), 0, null))).isEqualTo(RejectionReason.SAME_ACCOUNT);
        assertThat(reason(orders.place(new LedgerCommand.PlaceStandingOrder(FEES, daily("rent", "1", 0, 3), T0),
            null, 0, null))).isEqualTo(RejectionReason.RESERVED_ACCOUNT);
        assertThat(reason(orders.place(new LedgerCommand.PlaceStandingOrder(PAYER, daily("rent", "10001", 0, 3), T0),
            payer, 0, null))).isEqualTo(RejectionReason.INVALID_AMOUNT);
    }

    @Test
    void aCancellationEndsTheOrderItNamesAndIsRefusedForAnyOther() {
        StandingOrder rent = daily("rent", "1", 0, 3);
        LedgerCommand.CancelStandingOrder cancel = new LedgerCommand.CancelStandingOrder(PAYER, rent.id(), T0);

        List<LedgerEvent> cancelled = orders.cancel(cancel, rent);

        assertThat(cancelled).singleElement().isInstanceOfSatisfying(LedgerEvent.StandingOrderCancelled.class, event -> {
            assertThat(event.commandId()).isEqualTo(CommandId.of("rent::cancel"));
            assertThat(event.detail()).isEqualTo("cancelled by its payer");
        });
        assertThat(StandingOrders.apply(rent, cancelled.getFirst())).isNull();
        assertThat(StandingOrders.apply(daily("gym", "1", 0, 3), cancelled.getFirst())).isNotNull();
        assertThat(reason(orders.cancel(cancel, null))).isEqualTo(RejectionReason.UNKNOWN_ORDER);
    }

    /**
     * Occurrences run one after another against a payer whose balance may run out, some refunded by
     * their receiver: each occurrence is the transfer of its number, accepted at its due time; the
     * payer pays amount + fee for each one debited and gets each refund back; the order cancels itself
     * exactly when its failures in a row reach the maximum, and ends after its count.
     */
    @Property(tries = 300)
    void occurrencesRunInTurnUntilTheOrderEndsOrFailsTooOftenInARow(
        @ForAll @LongRange(min = 0, max = 40) long payerUnits, @ForAll @IntRange(min = 1, max = 4) int failuresMax,
        @ForAll @IntRange(min = 0, max = 12) int count, @ForAll @Size(max = 12) List<Boolean> refunds) {
        Account payer = open(PAYER, payerUnits);
        StandingOrder order = daily("rent", "3", count, failuresMax);
        int inARow = 0;
        long n = 0;
        List<LedgerEvent> booked = new ArrayList<>();
        while (order != null) {
            n++;
            assertThat(order.next()).isEqualTo(n);
            List<LedgerEvent> events = orders.occur(order, PAYER, payer);
            LedgerEvent decision = events.getFirst();
            assertThat(StandingOrders.orderOf(decision)).isEqualTo(order.id());
            boolean debited = decision instanceof LedgerEvent.TransferDebited;
            if (debited) {
                LedgerEvent.TransferDebited debit = (LedgerEvent.TransferDebited) decision;
                assertThat(debit.commandId()).isEqualTo(CommandId.of("rent::" + n));
                assertThat(debit.at()).isEqualTo(order.schedule().dueAt(n));
                assertThat(debit.debit()).isEqualTo(Amount.parse("3.03"));
            }
            for (LedgerEvent event : events) {
                payer = ledger.apply(payer, event);
                order = StandingOrders.apply(order, event);
                booked.add(event);
            }
            // An order done with its last occurrence waits for no refund: a refund after it changes no order.
            boolean refunded = debited && order != null && n <= refunds.size() && refunds.get((int) n - 1);
            if (refunded) {
                LedgerEvent.TransferDebited debit = (LedgerEvent.TransferDebited) decision;
                LedgerEvent.TransferRefunded refund = new LedgerEvent.TransferRefunded(debit.commandId(), PAYER, BOB,
                    debit.asset(), debit.amount(), RejectionReason.UNKNOWN_ACCOUNT, debit.at());
                List<LedgerEvent> after = new ArrayList<>(List.of(refund));
                after.addAll(orders.refunded(order, refund));
                for (LedgerEvent event : after) {
                    payer = ledger.apply(payer, event);
                    order = StandingOrders.apply(order, event);
                    booked.add(event);
                }
            }
            inARow = debited && !refunded ? 0 : inARow + 1;
            boolean cancelled = booked.getLast() instanceof LedgerEvent.StandingOrderCancelled;
            assertThat(cancelled).isEqualTo(inARow >= failuresMax && (count == 0 || n <= count));
            if (cancelled) {
                assertThat(((LedgerEvent.StandingOrderCancelled) booked.getLast()).detail())
                    .startsWith("cancelled by itself: " + failuresMax);
            }
            assertThat(order == null).isEqualTo(cancelled || (count > 0 && n == count));
            if (n > 1_000) {
                throw new AssertionError("the order never ended");
            }
        }
        // One decision per occurrence, never two.
        assertThat(booked.stream().filter(event -> event instanceof LedgerEvent.TransferDebited
            || event instanceof LedgerEvent.CommandRejected).count()).isEqualTo(n);
    }

    @Test
    void anOrderWithLegsRunsEachOccurrenceAsAMultiLegTransferAndCountsAWholeRefundAsAFailure() {
        Account payer = open(PAYER, 100);
        AccountId carol = AccountId.of("carol");
        StandingOrder split = StandingOrder.ofLegs(CommandId.of("split"), Asset.ATTENTION, List.of(
            new Leg(BOB, Amount.parse("2"), "rent"), new Leg(carol, Amount.parse("3"), "")),
            new Schedule(T0.plus(Duration.ofHours(1)), Duration.ofDays(1), 0, null), 2);

        List<LedgerEvent> first = orders.occur(split, PAYER, payer);

        LedgerEvent.LegsDebited debited = (LedgerEvent.LegsDebited) first.getFirst();
        assertThat(debited.commandId()).isEqualTo(CommandId.of("split::1"));
        assertThat(debited.amount()).isEqualTo(Amount.parse("5"));
        assertThat(debited.at()).isEqualTo(split.schedule().dueAt(1));
        StandingOrder after = StandingOrders.apply(split, debited);
        assertThat(after.next()).isEqualTo(2);
        LedgerEvent.LegsRefunded refunded = new LedgerEvent.LegsRefunded(debited.commandId(), PAYER, Asset.ATTENTION,
            debited.amount(), new Leg.Answer(carol, RejectionReason.UNKNOWN_ACCOUNT), List.of(BOB), debited.at());
        assertThat(orders.refunded(after, refunded)).isEmpty();
        StandingOrder once = StandingOrders.apply(after, refunded);
        assertThat(once.failures()).isEqualTo(1);
        StandingOrder twice = StandingOrders.apply(once.debited(), new LedgerEvent.LegsRefunded(CommandId.of("split::2"),
            PAYER, Asset.ATTENTION, debited.amount(), new Leg.Answer(carol, RejectionReason.UNKNOWN_ACCOUNT), List.of(BOB),
            debited.at()));
        assertThat(twice.exhausted()).isTrue();
        assertThat(orders.refunded(once.debited(), new LedgerEvent.LegsRefunded(CommandId.of("split::2"), PAYER,
            Asset.ATTENTION, debited.amount(), new Leg.Answer(carol, RejectionReason.UNKNOWN_ACCOUNT), List.of(BOB),
            debited.at()))).singleElement().isInstanceOfSatisfying(LedgerEvent.StandingOrderCancelled.class,
                cancelled -> assertThat(cancelled.detail()).endsWith("the last: refunded: UNKNOWN_ACCOUNT"));
        assertThat(reason(orders.place(new LedgerCommand.PlaceStandingOrder(PAYER, StandingOrder.ofLegs(CommandId.of("x"),
            Asset.ATTENTION, List.of(new Leg(PAYER, Amount.parse("1"), "")), split.schedule(), 2), T0), payer, 0, null)))
            .isEqualTo(RejectionReason.SAME_ACCOUNT);
        assertThat(reason(orders.place(new LedgerCommand.PlaceStandingOrder(PAYER, StandingOrder.ofLegs(CommandId.of("x"),
            Asset.ATTENTION, List.of(new Leg(FEES, Amount.parse("1"), "")), split.schedule(), 2), T0), payer, 0, null)))
            .isEqualTo(RejectionReason.RESERVED_ACCOUNT);
    }

    @Test
    void aFundTakesContributionsAndPaysOnlyByItsPlansSharesComputedAtTheDueTime() {
        AccountId fund = AccountId.of("bank-payouts");
        Ledger withFund = new Ledger(LedgerTest.DECAY, LedgerTest.ONE_PERCENT_MIN_CENT, Ledger.BANK,
            MultiLegTransferTest.LIMITS, Set.of(FEES, fund), DailyCaps.NONE, null, Set.of(fund));
        StandingOrders plans = new StandingOrders(withFund, 10);
        Account alice = open(PAYER, 100);

        LedgerEvent.TransferDebited contribution = (LedgerEvent.TransferDebited) withFund.decide(new LedgerCommand.Transfer(
            CommandId.of("give"), PAYER, fund, Asset.ATTENTION, Amount.parse("40"), "", T0), alice, null).getFirst();
        List<LedgerEvent> received = withFund.receive(contribution, null);
        assertThat(received).singleElement().isInstanceOf(LedgerEvent.TransferCredited.class);
        Account funded = withFund.apply(null, received.getFirst());
        assertThat(funded.balance(Asset.ATTENTION, T0, LedgerTest.DECAY)).isEqualTo(Amount.parse("40"));
        assertThat(withFund.decide(new LedgerCommand.Transfer(CommandId.of("take"), fund, PAYER, Asset.ATTENTION,
            Amount.parse("1"), "", T0), funded, null)).singleElement().isInstanceOfSatisfying(LedgerEvent.CommandRejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.RESERVED_ACCOUNT));

        StandingOrder plan = StandingOrder.ofShares(CommandId.of("monthly"), Asset.ATTENTION, new PayoutShares(
            Measure.parse("0.5"), List.of(new PayoutShares.Share(BOB, 1), new PayoutShares.Share(PAYER, 3))), "payout",
            new Schedule(T0.plus(Duration.ofHours(1)), Duration.ofDays(30), 0, null), 3);
        List<LedgerEvent> placed = plans.place(new LedgerCommand.PlaceStandingOrder(fund, plan, T0), null, 0, null);
        assertThat(placed).as("a plan may come before the fund's first contribution")
            .singleElement().isInstanceOf(LedgerEvent.StandingOrderPlaced.class);
        assertThat(withFund.apply(null, placed.getFirst())).as("and opens no account").isNull();
        List<LedgerEvent> paid = plans.occur(plan, fund, funded);

        LedgerEvent.LegsDebited debit = (LedgerEvent.LegsDebited) paid.getFirst();
        Amount atDue = funded.balance(Asset.ATTENTION, plan.nextDue(), LedgerTest.DECAY);
        assertThat(debit.commandId()).isEqualTo(CommandId.of("monthly::1"));
        assertThat(debit.amount().micros()).isEqualTo(atDue.micros() / 2);
        assertThat(debit.legs()).extracting(Leg.Priced::to).containsExactly(BOB, PAYER);
        assertThat(debit.legs().get(1).amount().micros()).isBetween(3 * debit.legs().get(0).amount().micros() - 3,
            3 * debit.legs().get(0).amount().micros() + 3);
        assertThat(reason(plans.occur(plan, fund, null))).as("an empty fund pays nothing: a failure")
            .isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
    }

    private static RejectionReason reason(List<LedgerEvent> events) {
        assertThat(events).singleElement().isInstanceOf(LedgerEvent.CommandRejected.class);
        return ((LedgerEvent.CommandRejected) events.getFirst()).reason();
    }
}
