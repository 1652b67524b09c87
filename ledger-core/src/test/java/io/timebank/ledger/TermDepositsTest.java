package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Term deposits: locked at a slower decay, back at maturity by itself, or early at the bank's τ. */
class TermDepositsTest {

    static final Instant T0 = LedgerTest.T0;
    static final Decay BANK = LedgerTest.DECAY;
    static final AccountId ALICE = AccountId.of("alice");
    static final TermTable TERMS = TermTable.parse("P30D=2000h, P90D=4000h", BANK);

    final Ledger ledger = new Ledger(BANK, LedgerTest.ONE_PERCENT_MIN_CENT, Ledger.BANK, MultiLegTransferTest.LIMITS);
    final TermDeposits deposits = new TermDeposits(ledger, TERMS, 2);

    Account open(long units) {
        Account account = ledger.apply(null, new LedgerEvent.AccountOpened(ALICE, LedgerTest.FORUM, Amount.ZERO, T0));
        return ledger.apply(account, new LedgerEvent.Deposited(ALICE, LedgerTest.FORUM, ActivityId.of("seed"), T0,
            Measures.of(1, 1, 1), new Score(Measure.of(1), Measure.of(1), Measure.of(1), Amount.ofUnits(units))));
    }

    Account book(Account account, List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            account = ledger.apply(account, event);
        }
        return account;
    }

    static LedgerCommand.OpenTermDeposit lock(String id, String amount, Duration term) {
        return new LedgerCommand.OpenTermDeposit(CommandId.of(id), ALICE, Amount.parse(amount), term, T0);
    }

    @Test
    void aDepositLeavesTheBalanceAndComesBackAtMaturityWorthItsSlowerDecay() {
        Account alice = open(100);

        List<LedgerEvent> opened = deposits.open(lock("save", "60", Duration.ofDays(30)), alice);
        Account locked = book(alice, opened);

        TermDeposit deposit = locked.term(CommandId.of("save"));
        assertThat(deposit.maturity()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(locked.balance(Asset.ATTENTION, T0, BANK)).isEqualTo(Amount.parse("40"));
        assertThat(deposits.mature(ALICE, locked, deposit.id(), deposit.maturity().minusSeconds(1)))
            .as("an entry made for another maturity (a deposit of the same id before) returns nothing").isEmpty();
        assertThat(reason(deposits.open(lock("save", "1", Duration.ofDays(30)), locked)))
            .as("a deposit's id is its own while it is held").isEqualTo(RejectionReason.COMMAND_ID_REUSED);
        List<LedgerEvent> matured = deposits.mature(ALICE, locked, deposit.id(), deposit.maturity());
        LedgerEvent.TermDepositReturned back = (LedgerEvent.TermDepositReturned) matured.getFirst();
        assertThat(back.at()).isEqualTo(deposit.maturity());
        assertThat(back.commandId()).isEqualTo(CommandId.of("save::matured"));
        double expected = 60e6 * Math.exp(-30 * 24 / 2000.0);
        assertThat((double) back.value().micros()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
        assertThat(back.value().micros()).as("more than the bank's decay leaves").isGreaterThan(
            (long) (60e6 * Math.exp(-30 * 24 / 100.0)));
        Account returned = book(locked, matured);
        assertThat(returned.terms()).isEmpty();
        assertThat(deposits.mature(ALICE, returned, deposit.id(), deposit.maturity())).as("returned once").isEmpty();
    }

    @Property(tries = 500)
    void withdrawnEarlyADepositIsWorthWhatTheBalanceWouldHaveKeptNeverMore(
        @ForAll @LongRange(min = 1, max = 1_000) long units, @ForAll @LongRange(min = 0, max = 30 * 24 - 1) long hours) {
        Account alice = open(1_000);
        Account locked = book(alice, deposits.open(lock("save", units + "", Duration.ofDays(30)), alice));
        Instant at = T0.plus(Duration.ofHours(hours));

        List<LedgerEvent> withdrawn = deposits.withdraw(new LedgerCommand.WithdrawTermDeposit(ALICE, CommandId.of("save"),
            at), locked);
        Account after = book(locked, withdrawn);

        LedgerEvent.TermDepositReturned back = (LedgerEvent.TermDepositReturned) withdrawn.getFirst();
        TermDeposit deposit = locked.term(CommandId.of("save"));
        assertThat(back.value().plus(back.penalty())).isEqualTo(deposit.valueAt(at));
        assertThat(back.penalty().isNegative()).isFalse();
        // As if it had never been locked: within the rounding of the two balances read.
        long never = alice.balance(Asset.ATTENTION, at, BANK).micros();
        assertThat(Math.abs(after.balance(Asset.ATTENTION, at, BANK).micros() - never)).isLessThanOrEqualTo(2);
    }

    @Test
    void onlyTheBanksTermsAFundedAmountAndAFewDepositsAtATime() {
        Account alice = open(100);
        Account one = book(alice, deposits.open(lock("a", "10", Duration.ofDays(30)), alice));
        Account two = book(one, deposits.open(lock("b", "10", Duration.ofDays(90)), one));

        assertThat(reason(deposits.open(lock("c", "10", Duration.ofDays(7)), alice))).isEqualTo(RejectionReason.UNKNOWN_TERM);
        assertThat(reason(deposits.open(lock("c", "101", Duration.ofDays(30)), alice)))
            .isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        assertThat(reason(deposits.open(lock("c", "1", Duration.ofDays(30)), two))).isEqualTo(RejectionReason.DEPOSIT_LIMIT);
        assertThat(reason(deposits.open(lock("c", "1", Duration.ofDays(30)), null))).isEqualTo(RejectionReason.UNKNOWN_ACCOUNT);
        assertThat(reason(deposits.withdraw(new LedgerCommand.WithdrawTermDeposit(ALICE, CommandId.of("zzz"), T0), two)))
            .isEqualTo(RejectionReason.UNKNOWN_DEPOSIT);
        // Withdrawn after its maturity, before the scheduler returned it: returned as at its maturity, no penalty,
        // and booked then, so the value decays from the maturity on like the rest of the balance.
        TermDeposit a = one.term(CommandId.of("a"));
        LedgerEvent.TermDepositReturned late = (LedgerEvent.TermDepositReturned) deposits.withdraw(
            new LedgerCommand.WithdrawTermDeposit(ALICE, a.id(), a.maturity().plus(Duration.ofDays(3))), one).getFirst();
        assertThat(late.value()).isEqualTo(a.valueAt(a.maturity()));
        assertThat(late.penalty()).isEqualTo(Amount.ZERO);
        assertThat(late.at()).isEqualTo(a.maturity());
    }

    private static RejectionReason reason(List<LedgerEvent> events) {
        assertThat(events).singleElement().isInstanceOf(LedgerEvent.CommandRejected.class);
        return ((LedgerEvent.CommandRejected) events.getFirst()).reason();
    }
}
