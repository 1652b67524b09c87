package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timebank.ledger.LedgerEvent.CommandRejected;
import io.timebank.ledger.LedgerEvent.TransferCredited;
import io.timebank.ledger.LedgerEvent.TransferDebited;
import io.timebank.ledger.LedgerEvent.TransferRefunded;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LedgerTest {

    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    static final Decay DECAY = Decay.ofMeanLifetime(Duration.ofHours(100));
    static final PlatformId FORUM = PlatformId.of("forum");
    static final AccountId ALICE = AccountId.of("alice");
    static final AccountId BOB = AccountId.of("bob");
    static final FeeSchedule ONE_PERCENT_MIN_CENT = new FeeSchedule(new BigDecimal("0.01"), Amount.parse("0.01"));

    final Ledger ledger = new Ledger(DECAY, ONE_PERCENT_MIN_CENT, Ledger.BANK, InputLimits.DEFAULT);
    final ExchangeRate rate = ExchangeRate.parse("0.5");

    Account funded(AccountId id, String amount, Instant at) {
        Account account = ledger.apply(null, new LedgerEvent.AccountOpened(id, FORUM, Amount.ZERO, at));
        return ledger.apply(account, new LedgerEvent.Deposited(id, FORUM, ActivityId.of("seed-" + id), at,
            Measures.of(1, 1, 1), new Score(Measure.of(1), Measure.of(1), Measure.of(1), Amount.parse(amount))));
    }

    LedgerCommand.Transfer transfer(String id, AccountId from, AccountId to, String amount, Instant at) {
        return new LedgerCommand.Transfer(CommandId.of(id), from, to, Asset.ATTENTION, Amount.parse(amount), "", at);
    }

    @Test
    void aTransferDebitsAmountPlusFeeAndTheReceiverIsCreditedTheAmount() {
        Account alice = funded(ALICE, "100", T0);
        Account bob = funded(BOB, "5", T0);

        List<LedgerEvent> debit = ledger.decide(transfer("t-1", ALICE, BOB, "40", T0), alice, rate);
        TransferDebited debited = (TransferDebited) debit.getFirst();
        List<LedgerEvent> credit = ledger.receive(debited, bob);
        TransferCredited credited = (TransferCredited) credit.getFirst();

        assertThat(debited.fee()).isEqualTo(Amount.parse("0.4"));
        assertThat(debited.debit()).isEqualTo(credited.amount().plus(debited.fee()));
        assertThat(ledger.apply(alice, debited).balance(Asset.ATTENTION, T0, DECAY)).isEqualTo(Amount.parse("59.6"));
        assertThat(ledger.apply(bob, credited).balance(Asset.ATTENTION, T0, DECAY)).isEqualTo(Amount.parse("45"));
    }

    @Test
    void transferBeyondBalanceIsRejected() {
        Account alice = funded(ALICE, "100", T0);

        List<LedgerEvent> events = ledger.decide(transfer("t-2", ALICE, BOB, "99.5", T0), alice, rate);

        CommandRejected rejected = (CommandRejected) events.getFirst();
        assertThat(rejected.reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        assertThat(rejected.detail()).contains("needs 100.495000").contains("can spend 100.000000");
    }

    @Test
    void theBalanceThatDecayedSinceTheDepositIsWhatCounts() {
        Account alice = funded(ALICE, "100", T0);
        Instant later = T0.plus(Duration.ofHours(100)); // 100 → 36.787944

        List<LedgerEvent> tooMuch = ledger.decide(transfer("t-3", ALICE, BOB, "37", later), alice, rate);
        List<LedgerEvent> enough = ledger.decide(transfer("t-4", ALICE, BOB, "36", later), alice, rate);

        assertThat(((CommandRejected) tooMuch.getFirst()).reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        assertThat(enough.getFirst()).isInstanceOf(TransferDebited.class);
    }

    @Test
    void spendingTheWholeBalanceLeavesExactlyZero() {
        Ledger feeless = new Ledger(DECAY, FeeSchedule.NONE, Ledger.BANK, InputLimits.DEFAULT);
        Random random = new Random(42);
        for (int trial = 0; trial < 2_000; trial++) {
            Account account = funded(ALICE, "0.000001", T0);
            Instant at = T0;
            for (int deposit = 0; deposit < 5; deposit++) {
                at = at.plusMillis(1 + random.nextInt(50_000_000));
                account = feeless.apply(account, new LedgerEvent.Deposited(ALICE, FORUM, ActivityId.of("d" + deposit), at,
                    Measures.of(1, 1, 1), new Score(Measure.of(1), Measure.of(1), Measure.of(1),
                    new Amount(1 + random.nextLong(1_000_000_000_000L)))));
            }
            Instant spendAt = at.plusMillis(random.nextInt(100_000_000));
            Amount everything = account.balance(Asset.ATTENTION, spendAt, DECAY);

            List<LedgerEvent> events = feeless.decide(transfer("all-" + trial, ALICE, BOB, everything.toString(), spendAt),
                account, rate);
            Account after = feeless.apply(account, events.getFirst());

            assertThat(after.balance(Asset.ATTENTION, spendAt, DECAY)).isEqualTo(Amount.ZERO);
        }
    }

    @Test
    void theFeeIsTheRateOfTheAmountButNeverBelowTheMinimum() {
        assertThat(ONE_PERCENT_MIN_CENT.feeFor(Amount.parse("250"))).isEqualTo(Amount.parse("2.5"));
        assertThat(ONE_PERCENT_MIN_CENT.feeFor(Amount.parse("0.5"))).isEqualTo(Amount.parse("0.01"));
        assertThat(ONE_PERCENT_MIN_CENT.feeFor(Amount.parse("1.23456789".substring(0, 8)))).isEqualTo(Amount.parse("0.012346"));
    }

    @Test
    void aTransferFromAnUnknownAccountIsRejected() {
        List<LedgerEvent> events = ledger.decide(transfer("t-5", ALICE, BOB, "1", T0), null, rate);

        assertThat(((CommandRejected) events.getFirst()).reason()).isEqualTo(RejectionReason.UNKNOWN_ACCOUNT);
    }

    @Test
    void aTransferToTheSameAccountIsRejected() {
        List<LedgerEvent> events = ledger.decide(transfer("t-6", ALICE, ALICE, "1", T0), funded(ALICE, "10", T0), rate);

        assertThat(((CommandRejected) events.getFirst()).reason()).isEqualTo(RejectionReason.SAME_ACCOUNT);
    }

    @Test
    void aZeroOrNegativeAmountIsRejected() {
        Account alice = funded(ALICE, "10", T0);
        LedgerCommand.Transfer zero = new LedgerCommand.Transfer(CommandId.of("t-7"), ALICE, BOB, Asset.ATTENTION,
            Amount.ZERO, "", T0);

        assertThat(((CommandRejected) ledger.decide(zero, alice, rate).getFirst()).reason())
            .isEqualTo(RejectionReason.INVALID_AMOUNT);
    }

    @Test
    void aTransferToAnUnknownAccountIsRefundedAtTheDebitTimeAndTheFeeIsKept() {
        Account alice = funded(ALICE, "100", T0);
        Instant sentAt = T0.plus(Duration.ofHours(1));
        TransferDebited debited = (TransferDebited) ledger.decide(transfer("t-8", ALICE, BOB, "50", sentAt), alice, rate)
            .getFirst();
        Account afterDebit = ledger.apply(alice, debited);

        TransferRefunded refunded = (TransferRefunded) ledger.receive(debited, null).getFirst();
        Account afterRefund = ledger.apply(afterDebit, refunded);

        assertThat(refunded.reason()).isEqualTo(RejectionReason.UNKNOWN_ACCOUNT);
        assertThat(refunded.amount().plus(debited.fee())).isEqualTo(debited.debit());
        Instant readAt = T0.plus(Duration.ofHours(30));
        // Exactly as if only the fee had left at sentAt.
        Account feeOnly = ledger.apply(alice, new TransferDebited(CommandId.of("fee"), ALICE, BOB, Asset.ATTENTION,
            Amount.ZERO, debited.fee(), "", sentAt));
        assertThat(afterRefund.balance(Asset.ATTENTION, readAt, DECAY))
            .isEqualTo(feeOnly.balance(Asset.ATTENTION, readAt, DECAY));
    }

    @Test
    void aCreditLimitLetsTheBalanceGoBelowZeroButNoFurther() {
        Account alice = ledger.apply(null, new LedgerEvent.AccountOpened(ALICE, FORUM, Amount.parse("20"), T0));

        List<LedgerEvent> withinLimit = ledger.decide(transfer("t-9", ALICE, BOB, "19.8", T0), alice, rate);
        List<LedgerEvent> beyond = ledger.decide(transfer("t-10", ALICE, BOB, "19.81", T0), alice, rate);

        Account indebted = ledger.apply(alice, withinLimit.getFirst());
        assertThat(indebted.balance(Asset.ATTENTION, T0, DECAY)).isEqualTo(Amount.parse("-19.998")); // 19.8 + 1 % fee
        assertThat(((CommandRejected) beyond.getFirst()).reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
    }

    @Test
    void aDebitIsNeverBookedBeforeTheAccountsLastEntry() {
        Account alice = funded(ALICE, "100", T0.plus(Duration.ofHours(2)));

        TransferDebited debited = (TransferDebited) ledger.decide(transfer("t-11", ALICE, BOB, "10", T0), alice, rate)
            .getFirst();

        assertThat(debited.at()).isEqualTo(T0.plus(Duration.ofHours(2)));
    }

    @Test
    void exchangeConvertsAttentionIntoTheStableAssetAtTheGivenRate() {
        Account alice = funded(ALICE, "100", T0);
        LedgerCommand.Exchange exchange = new LedgerCommand.Exchange(CommandId.of("x-1"), ALICE, Amount.parse("30.000003"), T0);

        LedgerEvent.Exchanged exchanged = (LedgerEvent.Exchanged) ledger.decide(exchange, alice, rate).getFirst();
        Account after = ledger.apply(alice, exchanged);

        assertThat(exchanged.stable()).isEqualTo(Amount.parse("15.000001")); // rounded down, never in the member's favour
        assertThat(exchanged.rate()).isEqualTo(rate);
        assertThat(after.balance(Asset.ATTENTION, T0, DECAY)).isEqualTo(Amount.parse("69.999997"));
        assertThat(after.balance(Asset.STABLE, T0.plus(Duration.ofDays(400)), DECAY)).isEqualTo(Amount.parse("15.000001"));
    }

    @Test
    void anExchangeTooSmallToBuyOneUnitIsRejected() {
        Account alice = funded(ALICE, "100", T0);
        LedgerCommand.Exchange dust = new LedgerCommand.Exchange(CommandId.of("x-2"), ALICE, Amount.parse("0.000001"), T0);

        assertThat(((CommandRejected) ledger.decide(dust, alice, rate).getFirst()).reason())
            .isEqualTo(RejectionReason.INVALID_AMOUNT);
    }

    @Test
    void anExchangeBeyondTheBalanceIsRejected() {
        Account alice = funded(ALICE, "10", T0);
        LedgerCommand.Exchange exchange = new LedgerCommand.Exchange(CommandId.of("x-3"), ALICE, Amount.parse("10.5"), T0);

        assertThat(((CommandRejected) ledger.decide(exchange, alice, rate).getFirst()).reason())
            .isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
    }

    @Test
    void theFirstDepositOpensTheAccountForItsPlatform() {
        Activity activity = new Activity(ActivityId.of("e-1"), FORUM, ALICE, T0, Measures.of(2, 3, 4), null, null);
        Score score = ScoringRule.IDENTITY.score(activity.measures(), Populations.NONE, Amount.ofUnits(1000));

        List<LedgerEvent> events = ledger.decide(new LedgerCommand.Deposit(activity, score), null, rate);

        assertThat(events).hasSize(2);
        assertThat(events.getFirst()).isEqualTo(new LedgerEvent.AccountOpened(ALICE, FORUM, Amount.ZERO, T0));
        Account alice = ledger.apply(ledger.apply(null, events.get(0)), events.get(1));
        assertThat(alice.balance(Asset.ATTENTION, T0, DECAY)).isEqualTo(Amount.parse("24"));
    }

    @Test
    void aDepositIntoAnotherPlatformsAccountIsRejected() {
        Account alice = funded(ALICE, "10", T0);
        Activity foreign = new Activity(ActivityId.of("e-2"), PlatformId.of("other"), ALICE, T0, Measures.of(1, 1, 1),
            null, null);

        List<LedgerEvent> events = ledger.decide(new LedgerCommand.Deposit(foreign,
            ScoringRule.IDENTITY.score(foreign.measures(), Populations.NONE, Amount.ofUnits(10))), alice, rate);

        assertThat(((LedgerEvent.DepositRejected) events.getFirst()).reason()).isEqualTo(RejectionReason.PLATFORM_MISMATCH);
        assertThat(ledger.apply(alice, events.getFirst())).isEqualTo(alice);
    }

    @Test
    void openingAnExistingAccountIsRejected() {
        Account alice = funded(ALICE, "10", T0);

        List<LedgerEvent> events = ledger.decide(
            new LedgerCommand.OpenAccount(CommandId.of("o-1"), ALICE, FORUM, Amount.ZERO, T0), alice, rate);

        assertThat(((CommandRejected) events.getFirst()).reason()).isEqualTo(RejectionReason.ACCOUNT_EXISTS);
    }

    @Test
    void feesAccrueOnAPartitionAndSettleToTheFeeAccount() {
        AccountId feeAccount = AccountId.of("bank-fees");
        TransferDebited first = new TransferDebited(CommandId.of("a"), ALICE, BOB, Asset.ATTENTION, Amount.parse("10"),
            Amount.parse("0.1"), "", T0);
        TransferDebited second = new TransferDebited(CommandId.of("b"), ALICE, BOB, Asset.STABLE, Amount.parse("10"),
            Amount.parse("0.2"), "", T0);
        FeeAccrual accrual = FeeAccrual.EMPTY.accrue(first, DECAY).accrue(second, DECAY);

        FeeAccrual.Settlement settlement = accrual.settle("fees:0:1", feeAccount, T0.plus(Duration.ofHours(100)), DECAY);
        Account fees = null;
        for (LedgerEvent.FeeSettled settled : settlement.events()) {
            fees = ledger.apply(fees, settled);
        }

        assertThat(settlement.events()).extracting(LedgerEvent.FeeSettled::amount)
            .containsExactly(Amount.parse("0.036787"), Amount.parse("0.2"));
        assertThat(fees.platform()).isEqualTo(Ledger.BANK);
        assertThat(fees.balance(Asset.STABLE, T0.plus(Duration.ofHours(100)), DECAY)).isEqualTo(Amount.parse("0.2"));
        assertThat(settlement.remaining().stable()).isEqualTo(Amount.ZERO);
        assertThat(settlement.remaining().attention().amountAt(T0.plus(Duration.ofHours(100)), DECAY)).isEqualTo(Amount.ZERO);
    }

    @Test
    void anEventAppliedToAnotherAccountIsRefused() {
        Account alice = funded(ALICE, "10", T0);

        assertThatThrownBy(() -> ledger.apply(alice, new TransferCredited(CommandId.of("c"), BOB, ALICE, Asset.ATTENTION,
            Amount.parse("1"), T0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDebitThatWouldBreakTheLimitStopsTheLedger() {
        Account alice = funded(ALICE, "10", T0);

        assertThatThrownBy(() -> ledger.apply(alice, new TransferDebited(CommandId.of("d"), ALICE, BOB, Asset.ATTENTION,
            Amount.parse("10"), Amount.parse("0.01"), "", T0)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("below its limit");
    }
}
