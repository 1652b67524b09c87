package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * A multi-leg transfer applies entirely or not at all, whatever order its receivers answer in: the
 * protocol driven through the core's rules the way the partitions drive it (debit on the payer's,
 * a hold or a refusal on each receiver's, every answer back on the payer's, then credits or releases).
 */
class MultiLegTransferTest {

    static final Instant T0 = LedgerTest.T0;
    static final Decay DECAY = LedgerTest.DECAY;
    static final AccountId PAYER = AccountId.of("payer");
    static final InputLimits LIMITS = new InputLimits(Duration.ofMinutes(5), Duration.ofDays(7), Measure.of(1_000_000),
        Amount.ofUnits(10_000), Amount.ofUnits(10_000), Amount.ofUnits(10_000), 256, 32, 256);

    final Ledger ledger = new Ledger(DECAY, LedgerTest.ONE_PERCENT_MIN_CENT, Ledger.BANK, LIMITS, java.util.Set.of(
        AccountId.of("bank-fees")));
    final Map<AccountId, Account> accounts = new HashMap<>();

    /** One transfer to some existing and some unknown receivers, one of them maybe near its maximum. */
    record Case(long payerUnits, List<Long> legUnits, List<Boolean> exists, long nearMaximum, long answerOrder) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers().between(1, 8).flatMap(legs -> Combinators.combine(
            Arbitraries.longs().between(0, 6_000),
            Arbitraries.longs().between(1, 1_000).list().ofSize(legs),
            Arbitraries.frequency(Tuple.of(6, true), Tuple.of(1, false))
                .list().ofSize(legs),
            Arbitraries.longs().between(0, 10_000),
            Arbitraries.longs()).as(Case::new));
    }

    @Property(tries = 500)
    void everyLegIsCreditedOrNoneIs(@ForAll("cases") Case given) {
        Account payer = open(PAYER, given.payerUnits());
        List<Leg> legs = new ArrayList<>();
        for (int i = 0; i < given.legUnits().size(); i++) {
            AccountId receiver = AccountId.of("receiver-" + i);
            if (given.exists().get(i)) {
                open(receiver, i == 0 ? given.nearMaximum() : 0);
            }
            legs.add(new Leg(receiver, Amount.ofUnits(given.legUnits().get(i)), "leg " + i));
        }
        Map<AccountId, Amount> before = balances();

        List<LedgerEvent> decided = decide(new LedgerCommand.MultiLegTransfer(CommandId.of("m-1"), PAYER, Asset.ATTENTION,
            legs, T0));

        Amount amounts = legs.stream().map(Leg::amount).reduce(Amount.ZERO, Amount::plus);
        Amount fees = legs.stream().map(leg -> LedgerTest.ONE_PERCENT_MIN_CENT.feeFor(leg.amount())).reduce(Amount.ZERO,
            Amount::plus);
        if (payer.balance(Asset.ATTENTION, T0, DECAY).compareTo(amounts.plus(fees)) < 0) {
            assertThat(decided).singleElement().isInstanceOfSatisfying(LedgerEvent.CommandRejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS));
            assertThat(balances()).isEqualTo(before);
            return;
        }
        LedgerEvent.LegsDebited debited = (LedgerEvent.LegsDebited) decided.getFirst();
        assertThat(debited.debit()).isEqualTo(amounts.plus(fees));

        List<LedgerEvent> answers = new ArrayList<>();
        for (Leg leg : legs) {
            answers.addAll(book(leg.to(), new MultiLegTransfers(ledger).offer(debited, leg.to(), accounts.get(leg.to()))));
        }
        Collections.shuffle(answers, new Random(given.answerOrder()));
        List<LedgerEvent> outcome = new ArrayList<>();
        for (LedgerEvent answer : answers) {
            outcome.addAll(book(PAYER, new MultiLegTransfers(ledger).answer(answer, accounts.get(PAYER))));
        }
        for (LedgerEvent event : outcome) {
            switch (event) {
                case LedgerEvent.LegsSettled settled -> settled.legs().forEach(leg ->
                    book(leg.to(), new MultiLegTransfers(ledger).settle(settled, leg.to(), accounts.get(leg.to()))));
                case LedgerEvent.LegsRefunded refunded -> refunded.held().forEach(held ->
                    book(held, new MultiLegTransfers(ledger).release(refunded, held, accounts.get(held))));
                default -> { }
            }
        }

        boolean everyReceiverCanTakeItsLeg = legs.stream().allMatch(leg -> accounts.containsKey(leg.to())
            && before.get(leg.to()).plus(leg.amount()).compareTo(LIMITS.balanceMax()) <= 0);
        Map<AccountId, Amount> after = balances();
        for (Leg leg : legs) {
            if (accounts.containsKey(leg.to())) {
                assertThat(after.get(leg.to())).as("receiver %s", leg.to())
                    .isEqualTo(everyReceiverCanTakeItsLeg ? before.get(leg.to()).plus(leg.amount()) : before.get(leg.to()));
                assertThat(accounts.get(leg.to()).holds()).isEmpty();
            }
        }
        assertThat(after.get(PAYER)).isEqualTo(before.get(PAYER).minus(
            everyReceiverCanTakeItsLeg ? amounts.plus(fees) : fees));
        assertThat(accounts.get(PAYER).pendingLegs()).isEmpty();
        assertThat(outcome).filteredOn(event -> event instanceof LedgerEvent.LegsSettled
            || event instanceof LedgerEvent.LegsRefunded).singleElement()
            .isInstanceOf(everyReceiverCanTakeItsLeg ? LedgerEvent.LegsSettled.class : LedgerEvent.LegsRefunded.class);
    }

    @Test
    void aHeldLegCountsAgainstTheReceiversMaximumUntilItSettles() {
        open(PAYER, 5_000);
        open(LedgerTest.BOB, 6_000);
        LedgerEvent.LegsDebited debited = (LedgerEvent.LegsDebited) decide(new LedgerCommand.MultiLegTransfer(
            CommandId.of("m-2"), PAYER, Asset.ATTENTION, List.of(new Leg(LedgerTest.BOB, Amount.ofUnits(3_000), "")),
            T0)).getFirst();
        book(LedgerTest.BOB, new MultiLegTransfers(ledger).offer(debited, LedgerTest.BOB, accounts.get(LedgerTest.BOB)));

        // 6,000 + 3,000 held + 1,001 would pass the maximum of 10,000: a deposit is refused meanwhile.
        Activity activity = new Activity(ActivityId.of("a-1"), LedgerTest.FORUM, LedgerTest.BOB, T0, Measures.of(1, 1, 1),
            null, null);
        List<LedgerEvent> deposit = ledger.decide(new LedgerCommand.Deposit(activity, new Score(Measure.of(1),
            Measure.of(1), Measure.of(1), Amount.ofUnits(1_001))), accounts.get(LedgerTest.BOB), ExchangeRate.parse("1"));

        assertThat(deposit).singleElement().isInstanceOfSatisfying(LedgerEvent.DepositRejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.BALANCE_LIMIT));
        assertThat(accounts.get(LedgerTest.BOB).held(Asset.ATTENTION)).isEqualTo(Amount.ofUnits(3_000));
    }

    @Test
    void legsThatCannotBeBookedAsAskedAreRefusedBeforeAnyDebit() {
        open(PAYER, 5_000);
        AccountId bob = LedgerTest.BOB;
        Map<List<Leg>, RejectionReason> refused = Map.of(
            List.of(), RejectionReason.INVALID_AMOUNT,
            List.of(new Leg(bob, Amount.ofUnits(1), ""), new Leg(bob, Amount.ofUnits(2), "")), RejectionReason.SAME_ACCOUNT,
            List.of(new Leg(PAYER, Amount.ofUnits(1), "")), RejectionReason.SAME_ACCOUNT,
            List.of(new Leg(AccountId.of("bank-fees"), Amount.ofUnits(1), "")), RejectionReason.RESERVED_ACCOUNT,
            List.of(new Leg(bob, Amount.ZERO, "")), RejectionReason.INVALID_AMOUNT,
            List.of(new Leg(bob, Amount.ofUnits(6_000), ""), new Leg(LedgerTest.ALICE, Amount.ofUnits(6_000), "")),
            RejectionReason.INVALID_AMOUNT);
        refused.forEach((legs, reason) -> assertThat(ledger.decide(new LedgerCommand.MultiLegTransfer(CommandId.of("m-3"),
            PAYER, Asset.ATTENTION, legs, T0), accounts.get(PAYER), ExchangeRate.parse("1")))
            .as("%s", legs).singleElement().isInstanceOfSatisfying(LedgerEvent.CommandRejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(reason)));
        List<Leg> tooMany = new ArrayList<>();
        for (int i = 0; i <= Leg.MAX_PER_TRANSFER; i++) {
            tooMany.add(new Leg(AccountId.of("r-" + i), Amount.ofUnits(1), ""));
        }
        assertThat(ledger.decide(new LedgerCommand.MultiLegTransfer(CommandId.of("m-4"), PAYER, Asset.ATTENTION, tooMany,
            T0), accounts.get(PAYER), ExchangeRate.parse("1"))).singleElement()
            .isInstanceOf(LedgerEvent.CommandRejected.class);
    }

    @Test
    void anAnswerToATransferThatIsNotPendingIsABug() {
        Account payer = open(PAYER, 10);
        LedgerEvent stray = new LedgerEvent.LegHeld(CommandId.of("nope"), LedgerTest.BOB, PAYER, Asset.ATTENTION,
            Amount.ofUnits(1), T0);

        assertThatThrownBy(() -> new MultiLegTransfers(ledger).answer(stray, payer)).isInstanceOf(IllegalStateException.class);
    }

    private Account open(AccountId id, long units) {
        Account account = ledger.apply(null, new LedgerEvent.AccountOpened(id, LedgerTest.FORUM, Amount.ZERO, T0));
        if (units > 0) {
            account = ledger.apply(account, new LedgerEvent.Deposited(id, LedgerTest.FORUM, ActivityId.of("seed-" + id), T0,
                Measures.of(1, 1, 1), new Score(Measure.of(1), Measure.of(1), Measure.of(1), Amount.ofUnits(units))));
        }
        accounts.put(id, account);
        return account;
    }

    private List<LedgerEvent> decide(LedgerCommand command) {
        return book(command.account(), ledger.decide(command, accounts.get(command.account()), ExchangeRate.parse("1")));
    }

    /** Applies {@code events} to {@code account}'s state, as its partition would, and returns them. */
    private List<LedgerEvent> book(AccountId account, List<LedgerEvent> events) {
        Account state = accounts.get(account);
        for (LedgerEvent event : events) {
            assertThat(event.account()).isEqualTo(account);
            state = ledger.apply(state, event);
        }
        if (state != null) {
            accounts.put(account, state);
        }
        return events;
    }

    private Map<AccountId, Amount> balances() {
        Map<AccountId, Amount> balances = new HashMap<>();
        accounts.forEach((id, account) -> balances.put(id, account.balance(Asset.ATTENTION, T0, DECAY)));
        return balances;
    }
}
