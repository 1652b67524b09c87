package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.TwoPhaseTransfers;
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

/** Pending transfers through the topology: held on the receiver's partition, posted, voided, expired, refused. */
class TwoPhaseTopologyTest {

    static final AccountId ALICE = AccountId.of("alice");

    @TempDir
    Path state;
    LedgerDriver bank;
    final List<LedgerEvent> booked = new ArrayList<>();

    @BeforeEach
    void start() {
        bank = new LedgerDriver(LedgerSettings.defaults("test."), state);
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        bank.sendActivity("e-2", "bob", NOW, 1, 1, 1);
        read();
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    static LedgerCommand.ReserveTransfer reserve(String id, String to, String amount, Duration timeout) {
        return new LedgerCommand.ReserveTransfer(CommandId.of(id), ALICE, AccountId.of(to), Asset.ATTENTION,
            Amount.parse(amount), "", timeout, NOW);
    }

    @Test
    void aPostedTransferCreditsItsReceiverOnceAndItsFeeIsCharged() {
        bank.send(reserve("p-1", "bob", "30", Duration.ofHours(1)));
        read();
        assertThat(bank.account("bob").holds()).hasSize(1);
        assertThat(bank.outcome("alice", "p-1").getStatus()).isEqualTo(CommandStatus.COMPLETED);

        bank.send(new LedgerCommand.PostTransfer(CommandId.of("p-1::post"), ALICE, CommandId.of("p-1"), NOW));
        bank.send(new LedgerCommand.PostTransfer(CommandId.of("p-1::post"), ALICE, CommandId.of("p-1"), NOW));
        List<LedgerEvent> events = read();

        assertThat(events).filteredOn(LedgerEvent.TransferCredited.class::isInstance).hasSize(1);
        assertThat(bank.account("bob").holds()).isEmpty();
        assertThat(bank.account("alice").reservations()).isEmpty();
        assertThat(bank.balance("bob", NOW)).isEqualTo(Amount.parse("31"));
        assertThat(bank.outcome("alice", "p-1::post").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(bank.deadLetterRecords()).as("the retried posting").hasSize(1);
    }

    @Test
    void aTransferStillPendingAtItsTimeoutIsVoidedByTheBankAndALaterVoidIsItsDuplicate() {
        bank.send(reserve("p-2", "bob", "30", Duration.ofMinutes(10)));
        read();
        Amount reserved = bank.balance("alice", NOW);

        bank.driver.advanceWallClockTime(Duration.ofMinutes(15));
        LedgerEvent.TransferVoided expired = read().stream().filter(LedgerEvent.TransferVoided.class::isInstance)
            .map(LedgerEvent.TransferVoided.class::cast).findFirst().orElseThrow();

        assertThat(expired.cause()).isEqualTo(LedgerEvent.VoidCause.EXPIRED);
        assertThat(reserved).isEqualTo(Amount.parse("69.97"));
        // Restored exactly: as if only its deposit had ever been booked.
        io.timebank.ledger.Ledger ledger = LedgerSettings.defaults("test.").ledger();
        io.timebank.ledger.Account untouched = null;
        for (LedgerEvent event : booked) {
            if (event.account().equals(ALICE) && (event instanceof LedgerEvent.AccountOpened
                || event instanceof LedgerEvent.Deposited)) {
                untouched = ledger.apply(untouched, event);
            }
        }
        java.time.Instant later = NOW.plus(Duration.ofMinutes(15));
        assertThat(bank.balance("alice", later)).isEqualTo(untouched.balance(Asset.ATTENTION, later, ledger.decay()));
        assertThat(bank.account("alice").reservations()).isEmpty();
        assertThat(bank.account("bob").holds()).isEmpty();
        assertThat(bank.outcome("alice", "p-2::void").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(LedgerDriver.keys(bank.driver.getKeyValueStore(LedgerStores.EXPIRIES))).isEmpty();

        bank.send(new LedgerCommand.VoidTransfer(TwoPhaseTransfers.voidId(CommandId.of("p-2")), ALICE, CommandId.of("p-2"),
            NOW.plus(Duration.ofMinutes(20))));
        assertThat(read()).as("the bank voided it already").isEmpty();
        assertThat(bank.deadLetterRecords()).hasSize(1);
    }

    @Test
    void aReceiverThatCannotTakeItHasItVoidedAndTheRebuildGivesTheSameAccounts() {
        bank.send(reserve("p-3", "ghost", "30", Duration.ofHours(1)));
        List<LedgerEvent> events = read();
        bank.send(reserve("p-4", "bob", "5", Duration.ofHours(1)));
        read();

        LedgerEvent.TransferVoided refused = events.stream().filter(LedgerEvent.TransferVoided.class::isInstance)
            .map(LedgerEvent.TransferVoided.class::cast).findFirst().orElseThrow();
        assertThat(refused.cause()).isEqualTo(LedgerEvent.VoidCause.REFUSED);
        assertThat(bank.account("alice").reservations()).extracting(reservation -> reservation.transfer().value())
            .containsExactly("p-4");
        try (TopologyTestDriver rebuild = bank.rebuilt(state.resolve("rebuild"))) {
            for (String account : List.of("alice", "bob")) {
                assertThat(rebuild.<String, byte[]>getKeyValueStore(LedgerStores.ACCOUNTS).get(account)).as(account)
                    .isEqualTo(bank.driver.<String, byte[]>getKeyValueStore(LedgerStores.ACCOUNTS).get(account));
            }
            assertThat(LedgerDriver.keys(rebuild.getKeyValueStore(LedgerStores.EXPIRIES))).hasSize(2);
        }
    }

    private List<LedgerEvent> read() {
        List<LedgerEvent> events = bank.bookedEvents();
        booked.addAll(events);
        return events;
    }
}
