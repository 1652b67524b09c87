package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.TermTable;
import io.timebank.schemas.avro.CommandStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Term deposits through the topology: opened by a command, returned at maturity by the
 * partition's scheduler (booked at the maturity, however late it runs), withdrawn early on
 * request, and restored with their maturities by the rebuild.
 */
class TermDepositTopologyTest {

    @TempDir
    Path state;
    LedgerDriver bank;
    final List<LedgerEvent> booked = new ArrayList<>();

    @BeforeEach
    void start() {
        LedgerSettings defaults = LedgerSettings.defaults("test.");
        bank = new LedgerDriver(defaults.withOrders(defaults.orders().withTerms(
            TermTable.parse("P1D=500h, P30D=2000h", defaults.decay()))), state);
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        read();
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    @Test
    void aDepositReturnsByItselfAtMaturityWorthItsSlowerDecayEvenWhenTheLedgerWasAway() {
        bank.send(new LedgerCommand.OpenTermDeposit(CommandId.of("save"), AccountId.of("alice"), Amount.parse("60"),
            Duration.ofDays(1), NOW));
        assertThat(read()).singleElement().isInstanceOf(LedgerEvent.TermDepositOpened.class);
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("40"));
        assertThat(bank.account("alice").terms()).hasSize(1);

        // Away for three days: the scheduler's next tick returns it, booked at its maturity.
        bank.driver.advanceWallClockTime(Duration.ofDays(3));
        LedgerEvent.TermDepositReturned back = (LedgerEvent.TermDepositReturned) read().getFirst();

        assertThat(back.at()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat((double) back.value().micros()).isCloseTo(60e6 * Math.exp(-24 / 500.0),
            org.assertj.core.data.Offset.offset(1.0));
        assertThat(bank.account("alice").terms()).isEmpty();
        assertThat(bank.outcome("alice", "save::matured").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(LedgerDriver.keys(bank.driver.getKeyValueStore(LedgerStores.MATURITIES))).isEmpty();
        bank.driver.advanceWallClockTime(Duration.ofDays(1));
        assertThat(read()).as("returned once").isEmpty();
    }

    @Test
    void aDepositWithdrawnEarlyComesBackAsIfNeverLockedAndOnlyOnce() {
        bank.send(new LedgerCommand.OpenTermDeposit(CommandId.of("save"), AccountId.of("alice"), Amount.parse("60"),
            Duration.ofDays(30), NOW));
        bank.send(new LedgerCommand.OpenTermDeposit(CommandId.of("week"), AccountId.of("alice"), Amount.parse("1"),
            Duration.ofDays(7), NOW));
        read();
        bank.send(new LedgerCommand.WithdrawTermDeposit(AccountId.of("alice"), CommandId.of("save"), NOW));
        bank.send(new LedgerCommand.WithdrawTermDeposit(AccountId.of("alice"), CommandId.of("save"), NOW));

        List<LedgerEvent> events = read();

        assertThat(events).filteredOn(LedgerEvent.TermDepositReturned.class::isInstance).hasSize(1);
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("100"));
        assertThat(bank.outcome("alice", "week").getReason().name()).isEqualTo("UNKNOWN_TERM");
        // The withdrawn deposit's maturity entry finds nothing at its time, and is dropped.
        bank.driver.advanceWallClockTime(Duration.ofDays(31));
        assertThat(read()).isEmpty();
        assertThat(LedgerDriver.keys(bank.driver.getKeyValueStore(LedgerStores.MATURITIES))).isEmpty();
    }

    @Test
    void theRebuildRestoresEveryDepositAndItsMaturity() {
        bank.send(new LedgerCommand.OpenTermDeposit(CommandId.of("save"), AccountId.of("alice"), Amount.parse("60"),
            Duration.ofDays(30), NOW));
        read();

        try (TopologyTestDriver rebuild = bank.rebuilt(state.resolve("rebuild"))) {
            assertThat(rebuild.<String, byte[]>getKeyValueStore(LedgerStores.ACCOUNTS).get("alice"))
                .isEqualTo(bank.driver.<String, byte[]>getKeyValueStore(LedgerStores.ACCOUNTS).get("alice"));
            assertThat(LedgerDriver.keys(rebuild.getKeyValueStore(LedgerStores.MATURITIES)))
                .isEqualTo(LedgerDriver.keys(bank.driver.getKeyValueStore(LedgerStores.MATURITIES))).hasSize(1);
        }
    }

    private List<LedgerEvent> read() {
        List<LedgerEvent> events = bank.bookedEvents();
        booked.addAll(events);
        return events;
    }
}
