package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Leg;
import io.timebank.schemas.avro.CommandStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-leg transfer through the whole topology: debited on the payer's partition, each leg held or
 * refused on its receiver's, the answers back on the payer's, then every leg credited or every hold
 * released and the amounts refunded — and the outcome completes only when every leg has.
 */
class MultiLegTransferTopologyTest {

    @TempDir
    Path state;
    LedgerDriver bank;

    @BeforeEach
    void start() {
        bank = new LedgerDriver(LedgerSettings.defaults("test."), state);
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        bank.sendActivity("e-2", "bob", NOW, 1, 1, 1);
        bank.sendActivity("e-3", "carol", NOW, 1, 1, 1);
        bank.sendActivity("e-4", "dave", NOW, 1, 1, 1);
        bank.bookedEvents();
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    @Test
    void everyLegIsCreditedAndTheTransferCompletes() {
        bank.send(legs("m-1", new Leg(AccountId.of("bob"), Amount.parse("10"), "rent"),
            new Leg(AccountId.of("carol"), Amount.parse("20"), ""), new Leg(AccountId.of("dave"), Amount.parse("30"), "")));

        List<LedgerEvent> events = bank.bookedEvents();

        LedgerEvent.LegsDebited debited = (LedgerEvent.LegsDebited) events.getFirst();
        assertThat(debited.debit()).isEqualTo(Amount.parse("60.06")); // 0.1 % of each leg, at least 0.000001
        assertThat(events).filteredOn(LedgerEvent.TransferCredited.class::isInstance).hasSize(3);
        assertThat(events).filteredOn(LedgerEvent.LegsSettled.class::isInstance).hasSize(1);
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("39.94"));
        assertThat(bank.balance("bob", NOW)).isEqualTo(Amount.parse("11"));
        assertThat(bank.balance("carol", NOW)).isEqualTo(Amount.parse("21"));
        assertThat(bank.balance("dave", NOW)).isEqualTo(Amount.parse("31"));
        assertThat(bank.account("bob").holds()).isEmpty();
        assertThat(bank.account("alice").pendingLegs()).isEmpty();
        assertThat(bank.outcome("alice", "m-1").getStatus()).isEqualTo(CommandStatus.COMPLETED);
    }

    @Test
    void aLegToAnUnknownAccountRefundsTheWholeTransferAndNoLegIsCredited() {
        bank.send(legs("m-2", new Leg(AccountId.of("bob"), Amount.parse("10"), ""),
            new Leg(AccountId.of("nobody"), Amount.parse("20"), ""), new Leg(AccountId.of("dave"), Amount.parse("30"), "")));

        List<LedgerEvent> events = bank.bookedEvents();

        assertThat(events).noneMatch(LedgerEvent.TransferCredited.class::isInstance);
        LedgerEvent.LegsRefunded refunded = events.stream().filter(LedgerEvent.LegsRefunded.class::isInstance)
            .map(LedgerEvent.LegsRefunded.class::cast).findFirst().orElseThrow();
        assertThat(refunded.amount()).isEqualTo(Amount.parse("60"));
        assertThat(refunded.held()).containsExactly(AccountId.of("bob"), AccountId.of("dave"));
        assertThat(events).filteredOn(LedgerEvent.LegReleased.class::isInstance).hasSize(2);
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("99.94")); // the fees kept
        assertThat(bank.balance("bob", NOW)).isEqualTo(Amount.parse("1"));
        assertThat(bank.balance("dave", NOW)).isEqualTo(Amount.parse("1"));
        assertThat(bank.account("bob").holds()).isEmpty();
        assertThat(bank.account("nobody")).isNull();
        assertThat(bank.outcome("alice", "m-2").getStatus()).isEqualTo(CommandStatus.REFUNDED);
        assertThat(bank.outcome("alice", "m-2").getDetail()).startsWith("leg to nobody: no such account");
    }

    @Test
    void theSameCommandTwiceIsBookedOnce() {
        LedgerCommand.MultiLegTransfer transfer = legs("m-3", new Leg(AccountId.of("bob"), Amount.parse("10"), ""));
        bank.send(transfer);
        bank.send(transfer);

        assertThat(bank.bookedEvents()).filteredOn(LedgerEvent.LegsDebited.class::isInstance).hasSize(1);
        assertThat(bank.balance("bob", NOW)).isEqualTo(Amount.parse("11"));
    }

    private static LedgerCommand.MultiLegTransfer legs(String id, Leg... legs) {
        return new LedgerCommand.MultiLegTransfer(CommandId.of(id), AccountId.of("alice"), Asset.ATTENTION, List.of(legs),
            NOW);
    }
}
