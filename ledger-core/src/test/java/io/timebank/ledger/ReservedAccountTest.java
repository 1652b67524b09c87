package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.LedgerEvent.CommandRejected;
import io.timebank.ledger.LedgerEvent.DepositRejected;
import io.timebank.ledger.LedgerEvent.TransferDebited;
import io.timebank.ledger.LedgerEvent.TransferRefunded;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bank's own accounts move only by the bank's rules. */
class ReservedAccountTest {

    static final Instant T0 = LedgerTest.T0;
    static final AccountId FEES = AccountId.of("bank-fees");
    static final AccountId RESERVE = AccountId.of("bank-reserve");
    static final ExchangeRate ONE = ExchangeRate.parse("1");

    final Ledger ledger = new Ledger(LedgerTest.DECAY, FeeSchedule.NONE, Ledger.BANK, InputLimits.DEFAULT,
        Set.of(FEES, RESERVE));
    final Account alice = ledger.apply(ledger.apply(null, new LedgerEvent.AccountOpened(LedgerTest.ALICE,
        LedgerTest.FORUM, Amount.ZERO, T0)), BalanceLimitTest.deposited(LedgerTest.ALICE, "seed", "100"));

    @Test
    void noPlatformDepositOpensOrCreditsABankAccount() {
        for (AccountId owned : List.of(FEES, RESERVE)) {
            LedgerEvent event = ledger.decide(BalanceLimitTest.deposit(owned, "a-1", "5"), null, ONE).getFirst();

            assertThat(((DepositRejected) event).reason()).as(owned.value()).isEqualTo(RejectionReason.RESERVED_ACCOUNT);
            assertThat(ledger.apply(null, event)).isNull();
        }
    }

    @Test
    void theTreasuryFundsTheReserveWhichOpensOnItsFirstFunding() {
        LedgerEvent funded = ledger.decide(new LedgerCommand.FundReserve(CommandId.of("f-1"), RESERVE,
            Amount.parse("10000"), T0), null, ONE).getFirst();
        Account reserve = ledger.apply(null, funded);
        Account more = ledger.apply(reserve, ledger.decide(new LedgerCommand.FundReserve(CommandId.of("f-2"), RESERVE,
            Amount.parse("500"), T0.plusSeconds(60)), reserve, ONE).getFirst());

        assertThat(funded).isEqualTo(new LedgerEvent.ReserveFunded(CommandId.of("f-1"), RESERVE, Amount.parse("10000"), T0));
        assertThat(more.balance(Asset.STABLE, T0.plusSeconds(60), LedgerTest.DECAY)).isEqualTo(Amount.parse("10500"));
        assertThat(more.platform()).isEqualTo(Ledger.BANK);
    }

    @Test
    void onlyABankAccountHoldsTheReserveAndOnlyAPositiveAmountFundsIt() {
        CommandRejected member = (CommandRejected) ledger.decide(new LedgerCommand.FundReserve(CommandId.of("f-1"),
            LedgerTest.ALICE, Amount.parse("1"), T0), alice, ONE).getFirst();
        CommandRejected zero = (CommandRejected) ledger.decide(new LedgerCommand.FundReserve(CommandId.of("f-2"),
            RESERVE, Amount.ZERO, T0), null, ONE).getFirst();

        assertThat(member.reason()).isEqualTo(RejectionReason.UNKNOWN_ACCOUNT);
        assertThat(zero.reason()).isEqualTo(RejectionReason.INVALID_AMOUNT);
    }

    @Test
    void noTransferCreditsABankAccount() {
        List<LedgerEvent> events = ledger.decide(new LedgerCommand.Transfer(CommandId.of("t-1"), LedgerTest.ALICE, RESERVE,
            Asset.ATTENTION, Amount.parse("10"), "", T0), alice, ONE);

        assertThat(((CommandRejected) events.getFirst()).reason()).isEqualTo(RejectionReason.RESERVED_ACCOUNT);
    }

    @Test
    void noTransferTakesFromABankAccountEither() {
        Account fees = ledger.apply(null, new LedgerEvent.FeeSettled("fees:0:1", FEES, Asset.ATTENTION,
            Amount.parse("50"), T0));

        List<LedgerEvent> events = ledger.decide(new LedgerCommand.Transfer(CommandId.of("t-1"), FEES, LedgerTest.ALICE,
            Asset.ATTENTION, Amount.parse("10"), "", T0), fees, ONE);

        assertThat(((CommandRejected) events.getFirst()).reason()).isEqualTo(RejectionReason.RESERVED_ACCOUNT);
    }

    @Test
    void aDebitAlreadyOnItsWayToABankAccountIsRefunded() {
        TransferDebited inFlight = new TransferDebited(CommandId.of("t-1"), LedgerTest.ALICE, FEES, Asset.ATTENTION,
            Amount.parse("10"), Amount.ZERO, "", T0);

        LedgerEvent received = ledger.receive(inFlight, null).getFirst();

        assertThat(((TransferRefunded) received).reason()).isEqualTo(RejectionReason.RESERVED_ACCOUNT);
    }

    @Test
    void noCommandOpensOrExchangesOnABankAccount() {
        LedgerEvent open = ledger.decide(new LedgerCommand.OpenAccount(CommandId.of("o-1"), RESERVE, LedgerTest.FORUM,
            Amount.ZERO, T0), null, ONE).getFirst();
        LedgerEvent exchange = ledger.decide(new LedgerCommand.Exchange(CommandId.of("x-1"), FEES, Amount.parse("1"), T0),
            null, ONE).getFirst();

        assertThat(((CommandRejected) open).reason()).isEqualTo(RejectionReason.RESERVED_ACCOUNT);
        assertThat(((CommandRejected) exchange).reason()).isEqualTo(RejectionReason.RESERVED_ACCOUNT);
    }

    @Test
    void feesStillSettleIntoTheFeeAccount() {
        Account fees = ledger.apply(null, new LedgerEvent.FeeSettled("fees:0:1", FEES, Asset.ATTENTION,
            Amount.parse("0.5"), T0));

        assertThat(fees.balance(Asset.ATTENTION, T0, LedgerTest.DECAY)).isEqualTo(Amount.parse("0.5"));
    }
}
