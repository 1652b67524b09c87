package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.LedgerEvent.CommandRejected;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CommandKeyTest {

    static final Instant T0 = LedgerTest.T0;
    static final AccountId ALICE = LedgerTest.ALICE;
    static final AccountId BOB = LedgerTest.BOB;

    static LedgerCommand.Transfer transfer(AccountId from, String id, AccountId to, String amount, String memo,
                                           Instant at) {
        return new LedgerCommand.Transfer(CommandId.of(id), from, to, Asset.ATTENTION, Amount.parse(amount), memo, at);
    }

    @Test
    void theKeyIsTheSenderTogetherWithTheId() {
        CommandKey alices = CommandKey.of(transfer(ALICE, "t-1", BOB, "1", "", T0)).orElseThrow();
        CommandKey bobs = CommandKey.of(transfer(BOB, "t-1", ALICE, "1", "", T0)).orElseThrow();

        assertThat(alices.value()).isEqualTo("alice/t-1");
        assertThat(alices).isNotEqualTo(bobs);
    }

    @Test
    void aRetryHasTheSameContentWhenItWasAcceptedLater() {
        long first = CommandKey.contentOf(transfer(ALICE, "t-1", BOB, "10", "rent", T0));
        long retry = CommandKey.contentOf(transfer(ALICE, "t-1", BOB, "10", "rent", T0.plusSeconds(30)));

        assertThat(retry).isEqualTo(first);
    }

    @Test
    void anyOtherRequestHasOtherContent() {
        long first = CommandKey.contentOf(transfer(ALICE, "t-1", BOB, "10", "rent", T0));

        assertThat(CommandKey.contentOf(transfer(ALICE, "t-1", BOB, "10.000001", "rent", T0))).isNotEqualTo(first);
        assertThat(CommandKey.contentOf(transfer(ALICE, "t-1", AccountId.of("carol"), "10", "rent", T0)))
            .isNotEqualTo(first);
        assertThat(CommandKey.contentOf(transfer(ALICE, "t-1", BOB, "10", "rent!", T0))).isNotEqualTo(first);
        assertThat(CommandKey.contentOf(new LedgerCommand.Exchange(CommandId.of("t-1"), ALICE, Amount.parse("10"), T0)))
            .isNotEqualTo(first);
    }

    @Property(tries = 200)
    void theDecisionCarriesTheContentOfItsCommand(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long micros,
                                                  @ForAll @AlphaChars @StringLength(max = 20) String memo) {
        Ledger ledger = new Ledger(LedgerTest.DECAY, FeeSchedule.NONE, Ledger.BANK, InputLimits.DEFAULT);
        Account alice = ledger.apply(ledger.apply(null, new LedgerEvent.AccountOpened(ALICE, LedgerTest.FORUM,
            Amount.ZERO, T0)), BalanceLimitTest.deposited(ALICE, "seed", "500"));
        LedgerCommand.Transfer transfer = new LedgerCommand.Transfer(CommandId.of("t-1"), ALICE, BOB, Asset.ATTENTION,
            new Amount(micros), memo, T0);
        LedgerCommand.Exchange exchange = new LedgerCommand.Exchange(CommandId.of("x-1"), ALICE, new Amount(micros), T0);
        LedgerCommand.Transfer everything = new LedgerCommand.Transfer(CommandId.of("t-2"), ALICE, BOB, Asset.ATTENTION,
            Amount.ZERO, memo, T0, true);
        LedgerCommand.ChangeCreditLimit limit = new LedgerCommand.ChangeCreditLimit(CommandId.of("l-1"), ALICE,
            new Amount(micros), T0);

        for (LedgerCommand command : new LedgerCommand[] {transfer, exchange, everything, limit}) {
            LedgerEvent decision = ledger.decide(command, alice, ExchangeRate.parse("1")).getFirst();
            assertThat(CommandKey.contentOf(decision)).isEqualTo(CommandKey.contentOf(command));
            assertThat(CommandKey.of(decision)).isEqualTo(CommandKey.of(command));
        }
        LedgerEvent refused = ledger.decide(transfer, null, ExchangeRate.parse("1")).getFirst();
        assertThat(refused).isInstanceOf(CommandRejected.class);
        assertThat(CommandKey.contentOf(refused)).isEqualTo(CommandKey.contentOf(transfer));
    }

    @Test
    void aRejectionBookedBeforeContentWasKeptMatchesAnyRequest() {
        assertThat(CommandKey.sameContent(CommandKey.CONTENT_UNKNOWN, 12345L)).isTrue();
        assertThat(CommandKey.sameContent(12345L, 12345L)).isTrue();
        assertThat(CommandKey.sameContent(12345L, 54321L)).isFalse();
    }
}
