package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.LedgerEvent.CommandRejected;
import io.timebank.ledger.LedgerEvent.CreditLimitChanged;
import io.timebank.ledger.LedgerEvent.TransferDebited;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Credit lines an operator opens and changes: each change an event, respected by every later debit. */
class CreditLimitTest {

    static final Instant T0 = LedgerTest.T0;
    static final AccountId ALICE = LedgerTest.ALICE;
    static final ExchangeRate RATE = ExchangeRate.parse("1");

    final Ledger ledger = new Ledger(LedgerTest.DECAY, FeeSchedule.NONE, Ledger.BANK, InputLimits.DEFAULT,
        Set.of(AccountId.of("reserve")));

    @Test
    void anOperatorOpensAnAccountWithACreditLineAndItsCommandIsKnownByTheEvent() {
        LedgerCommand.OpenAccount open = new LedgerCommand.OpenAccount(CommandId.of("o-1"), ALICE, LedgerTest.FORUM,
            Amount.parse("25"), T0);

        LedgerEvent.AccountOpened opened = (LedgerEvent.AccountOpened) ledger.decide(open, null, RATE).getFirst();

        assertThat(opened.creditLimit()).isEqualTo(Amount.parse("25"));
        assertThat(CommandKey.of(opened)).isEqualTo(CommandKey.of(open));
        assertThat(CommandKey.contentOf(opened)).isEqualTo(CommandKey.contentOf(open));
        assertThat(ledger.available(ledger.apply(null, opened), Asset.ATTENTION, T0)).isEqualTo(Amount.parse("25"));
    }

    @Test
    void aChangedLimitIsAnEventThatEveryLaterDebitRespects() {
        Account alice = AvailableBalanceTest.funded(ledger, "10", Amount.ZERO);
        LedgerCommand.Transfer fifteen = transfer("t-1", "15");
        assertThat(((CommandRejected) ledger.decide(fifteen, alice, RATE).getFirst()).reason())
            .isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);

        CreditLimitChanged raised = (CreditLimitChanged) ledger.decide(change("l-1", "5"), alice, RATE).getFirst();
        Account withCredit = ledger.apply(alice, raised);

        assertThat(raised.before()).isEqualTo(Amount.ZERO);
        assertThat(raised.after()).isEqualTo(Amount.parse("5"));
        assertThat(withCredit.creditLimit()).isEqualTo(Amount.parse("5"));
        assertThat(ledger.decide(fifteen, withCredit, RATE).getFirst()).isInstanceOf(TransferDebited.class);
        assertThat(((CommandRejected) ledger.decide(transfer("t-2", "15.000001"), withCredit, RATE).getFirst()).reason())
            .isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
    }

    @Test
    void aLimitLoweredBelowWhatIsOwedIsSetAndNothingMoreCanLeave() {
        Account alice = AvailableBalanceTest.funded(ledger, "10", Amount.parse("20"));
        Account owing = ledger.apply(alice, ledger.decide(transfer("t-3", "25"), alice, RATE).getFirst()); // balance −15

        CreditLimitChanged lowered = (CreditLimitChanged) ledger.decide(change("l-2", "5"), owing, RATE).getFirst();
        Account after = ledger.apply(owing, lowered);

        assertThat(after.creditLimit()).isEqualTo(Amount.parse("5"));
        assertThat(ledger.available(after, Asset.ATTENTION, T0)).isEqualTo(Amount.ZERO);
        assertThat(((CommandRejected) ledger.decide(transfer("t-4", "0.000001"), after, RATE).getFirst()).reason())
            .isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
    }

    @Test
    void anUnknownAccountTheBanksOwnAndALimitAboveTheLargestBalanceAreRefused() {
        Account alice = AvailableBalanceTest.funded(ledger, "10", Amount.ZERO);
        Amount aboveMaximum = InputLimits.DEFAULT.balanceMax().plus(new Amount(1));

        assertThat(reason(ledger.decide(change("l-3", "5"), null, RATE))).isEqualTo(RejectionReason.UNKNOWN_ACCOUNT);
        assertThat(reason(ledger.decide(new LedgerCommand.ChangeCreditLimit(CommandId.of("l-4"), AccountId.of("reserve"),
            Amount.parse("5"), T0), null, RATE))).isEqualTo(RejectionReason.RESERVED_ACCOUNT);
        assertThat(reason(ledger.decide(new LedgerCommand.ChangeCreditLimit(CommandId.of("l-5"), ALICE, aboveMaximum, T0),
            alice, RATE))).isEqualTo(RejectionReason.INVALID_AMOUNT);
    }

    @Test
    void theRequestNamesTheLimitWhenItIsNegativeOrAboveTheLargestBalance() {
        String aboveMaximum = InputLimits.DEFAULT.balanceMax().plus(new Amount(1)).toString();

        assertThat(errors(new CreditLimitRequest("l-6", "alice", "-1"))).extracting(FieldError::field)
            .containsExactly("creditLimit");
        assertThat(errors(new CreditLimitRequest("l-7", "alice", aboveMaximum))).extracting(FieldError::field)
            .containsExactly("creditLimit");
        assertThat(new CreditLimitRequest("l-8", "alice", "12.5").validate(T0, InputLimits.DEFAULT).orElseThrow()
            .creditLimit()).isEqualTo(Amount.parse("12.5"));
    }

    private static java.util.List<FieldError> errors(CreditLimitRequest request) {
        return ((Validated.Invalid<LedgerCommand.ChangeCreditLimit>) request.validate(T0, InputLimits.DEFAULT)).errors();
    }

    private static RejectionReason reason(java.util.List<LedgerEvent> events) {
        return ((CommandRejected) events.getFirst()).reason();
    }

    private static LedgerCommand.ChangeCreditLimit change(String id, String limit) {
        return new LedgerCommand.ChangeCreditLimit(CommandId.of(id), ALICE, Amount.parse(limit), T0);
    }

    private static LedgerCommand.Transfer transfer(String id, String amount) {
        return new LedgerCommand.Transfer(CommandId.of(id), ALICE, LedgerTest.BOB, Asset.ATTENTION, Amount.parse(amount),
            "", T0);
    }
}
