package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timebank.ledger.LedgerEvent.CommandRejected;
import io.timebank.ledger.LedgerEvent.DepositRejected;
import io.timebank.ledger.LedgerEvent.TransferDebited;
import io.timebank.ledger.LedgerEvent.TransferRefunded;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every balance has a maximum, checked before the arithmetic: no input can make the ledger overflow. */
class BalanceLimitTest {

    static final Instant T0 = LedgerTest.T0;
    static final Decay DECAY = LedgerTest.DECAY;
    static final PlatformId FORUM = LedgerTest.FORUM;
    static final AccountId ALICE = LedgerTest.ALICE;
    static final AccountId BOB = LedgerTest.BOB;
    static final InputLimits SMALL = new InputLimits(Duration.ofMinutes(5), Duration.ofDays(7), Measure.of(1_000),
        Amount.ofUnits(100), Amount.ofUnits(500), Amount.ofUnits(1_000), 256, 32, 256);

    final Ledger ledger = new Ledger(DECAY, FeeSchedule.NONE, Ledger.BANK, SMALL);

    Account holding(AccountId id, String amount) {
        Account account = ledger.apply(null, new LedgerEvent.AccountOpened(id, FORUM, Amount.ZERO, T0));
        return ledger.apply(account, deposited(id, "seed", amount));
    }

    static LedgerEvent.Deposited deposited(AccountId id, String eventId, String amount) {
        return new LedgerEvent.Deposited(id, FORUM, ActivityId.of(eventId), T0, Measures.of(1, 1, 1),
            new Score(Measure.of(1), Measure.of(1), Measure.of(1), Amount.parse(amount)));
    }

    static LedgerCommand.Deposit deposit(AccountId id, String eventId, String score) {
        Activity activity = new Activity(ActivityId.of(eventId), FORUM, id, T0, Measures.of(1, 1, 1), null, null);
        return new LedgerCommand.Deposit(activity, new Score(Measure.of(1), Measure.of(1), Measure.of(1),
            Amount.parse(score)));
    }

    @Test
    void aDepositThatWouldCarryTheBalancePastItsMaximumIsRejected() {
        Account alice = holding(ALICE, "950");

        List<LedgerEvent> fits = ledger.decide(deposit(ALICE, "a-1", "50"), alice, ExchangeRate.parse("1"));
        List<LedgerEvent> tooMuch = ledger.decide(deposit(ALICE, "a-2", "50.000001"), alice, ExchangeRate.parse("1"));

        assertThat(fits.getFirst()).isInstanceOf(LedgerEvent.Deposited.class);
        DepositRejected rejected = (DepositRejected) tooMuch.getFirst();
        assertThat(rejected.reason()).isEqualTo(RejectionReason.BALANCE_LIMIT);
        assertThat(rejected.detail()).contains("1000.000001").contains("maximum 1000.000000");
        assertThat(ledger.apply(alice, rejected)).isEqualTo(alice);
    }

    @Test
    void aCreditThatWouldCarryTheReceiverPastItsMaximumIsRefundedToTheSender() {
        Account alice = holding(ALICE, "400");
        Account bob = holding(BOB, "800");
        TransferDebited debited = (TransferDebited) ledger.decide(new LedgerCommand.Transfer(CommandId.of("t-1"), ALICE,
            BOB, Asset.ATTENTION, Amount.parse("200.000001"), "", T0), alice, ExchangeRate.parse("1")).getFirst();

        List<LedgerEvent> received = ledger.receive(debited, bob);

        TransferRefunded refunded = (TransferRefunded) received.getFirst();
        assertThat(refunded.reason()).isEqualTo(RejectionReason.BALANCE_LIMIT);
        assertThat(refunded.amount()).isEqualTo(debited.amount());
        Account aliceAfter = ledger.apply(ledger.apply(alice, debited), refunded);
        assertThat(aliceAfter.balance(Asset.ATTENTION, T0, DECAY)).isEqualTo(Amount.parse("400"));
    }

    @Test
    void anExchangeWhoseProceedsWouldPassTheMaximumIsRejectedNotOverflowed() {
        Ledger generous = new Ledger(DECAY, FeeSchedule.NONE, Ledger.BANK, InputLimits.DEFAULT);
        Account alice = generous.apply(generous.apply(null,
            new LedgerEvent.AccountOpened(ALICE, FORUM, Amount.ZERO, T0)), deposited(ALICE, "seed", "1000000000"));

        // 10^9 attention at the highest configurable rate would buy 10^15 stable: above amountMax and a long's reach.
        List<LedgerEvent> events = generous.decide(new LedgerCommand.Exchange(CommandId.of("x-1"), ALICE,
            Amount.parse("1000000000"), T0), alice, new ExchangeRate(ExchangeRate.MAX));

        assertThat(((CommandRejected) events.getFirst()).reason()).isEqualTo(RejectionReason.INVALID_AMOUNT);
    }

    @Test
    void anExchangeThatWouldCarryTheStableBalancePastItsMaximumIsRejected() {
        ExchangeRate two = ExchangeRate.parse("2");
        Account alice = holding(ALICE, "900");
        for (String id : List.of("x-1", "x-2")) {
            LedgerEvent exchanged = ledger.decide(new LedgerCommand.Exchange(CommandId.of(id), ALICE,
                Amount.parse("250"), T0), alice, two).getFirst();
            assertThat(exchanged).isInstanceOf(LedgerEvent.Exchanged.class);
            alice = ledger.apply(alice, exchanged);
        }

        List<LedgerEvent> events = ledger.decide(new LedgerCommand.Exchange(CommandId.of("x-3"), ALICE,
            Amount.parse("0.5"), T0), alice, two);

        CommandRejected rejected = (CommandRejected) events.getFirst();
        assertThat(rejected.reason()).isEqualTo(RejectionReason.BALANCE_LIMIT);
        assertThat(rejected.detail()).contains("1001.000000");
    }

    @Test
    void aBalanceStoredBeyondWhatAnAmountHoldsIsStillReadAndDecided() {
        // As a ledger from before balances had a maximum may have stored: 10^25 micro-units, past a long.
        Account rich = new Account(ALICE, FORUM, Amount.ZERO, T0,
            new DecayingBalance(T0.toEpochMilli(), new BigDecimal("1E25"), T0.toEpochMilli(), 1), StableBalance.EMPTY);

        assertThat(rich.exactBalance(Asset.ATTENTION, T0, DECAY)).isEqualByComparingTo("10000000000000000000.000000");
        List<LedgerEvent> events = ledger.decide(new LedgerCommand.Transfer(CommandId.of("t-1"), ALICE, BOB,
            Asset.ATTENTION, Amount.parse("10"), "", T0), rich, ExchangeRate.parse("1"));
        assertThat(events.getFirst()).isInstanceOf(TransferDebited.class);
        assertThat(((DepositRejected) ledger.decide(deposit(ALICE, "a-1", "1"), rich, ExchangeRate.parse("1"))
            .getFirst()).reason()).isEqualTo(RejectionReason.BALANCE_LIMIT);
    }

    @Test
    void anOpeningWithACreditLimitOutsideTheLimitsIsRejected() {
        for (String limit : List.of("-1", "1000.000001")) {
            List<LedgerEvent> events = ledger.decide(new LedgerCommand.OpenAccount(CommandId.of("o-1"), ALICE, FORUM,
                Amount.parse(limit), T0), null, ExchangeRate.parse("1"));

            assertThat(((CommandRejected) events.getFirst()).reason()).as(limit).isEqualTo(RejectionReason.INVALID_AMOUNT);
        }
    }

    @Test
    void configuredLimitsAndRulesAreCheckedAgainstEachOther() {
        assertThatThrownBy(() -> new InputLimits(Duration.ofMinutes(5), Duration.ofDays(7), Measure.of(1),
            Amount.ofUnits(1), Amount.ofUnits(1), InputLimits.BALANCE_MAX_CEILING.plus(new Amount(1)), 1, 1, 1))
            .hasMessageContaining("balanceMax must be at most");
        assertThatThrownBy(() -> new InputLimits(Duration.ofMinutes(5), Duration.ofDays(7), Measure.of(1),
            Amount.ofUnits(1), Amount.ofUnits(2), Amount.ofUnits(1), 1, 1, 1))
            .hasMessageContaining("must not exceed balanceMax");
        assertThatThrownBy(() -> new Ledger(DECAY, new FeeSchedule(BigDecimal.ZERO, Amount.parse("500.000001")),
            Ledger.BANK, SMALL)).hasMessageContaining("minimum fee");
    }
}
