package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.Contribution;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.avro.CommandStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collections through the topology: opened on the collector's partition, each leg debited or
 * refused on its payer's under the payer's mandate, then the whole credited or every debited leg
 * returned; mandates given and withdrawn by command; the rebuild gives the same accounts.
 */
class CollectionTopologyTest {

    static final AccountId CLUB = AccountId.of("club");
    static final AccountId ANN = AccountId.of("ann");
    static final AccountId BEN = AccountId.of("ben");

    @TempDir
    Path state;
    LedgerDriver bank;
    final List<LedgerEvent> booked = new ArrayList<>();

    @BeforeEach
    void start() {
        bank = new LedgerDriver(LedgerSettings.defaults("test."), state);
        bank.sendActivity("e-1", "ann", NOW, 100, 1, 1);
        bank.sendActivity("e-2", "ben", NOW, 100, 1, 1);
        bank.sendActivity("e-3", "club", NOW, 10, 1, 1);
        mandate(ANN, "50");
        mandate(BEN, "50");
        read();
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    void mandate(AccountId payer, String max) {
        bank.send(new LedgerCommand.GrantMandate(CommandId.of("m-" + payer), payer, CLUB, Amount.parse(max), NOW));
    }

    static LedgerCommand.Collection dues(String id, String ann, String ben) {
        return new LedgerCommand.Collection(CommandId.of(id), CLUB, Asset.ATTENTION, List.of(
            new Contribution(ANN, Amount.parse(ann), "dues"), new Contribution(BEN, Amount.parse(ben), "dues")), NOW);
    }

    @Test
    void aCollectionDebitsEveryPayerAndCreditsTheCollectorTheWhole() {
        bank.send(dues("dues", "10", "20"));

        List<LedgerEvent> events = read();

        assertThat(events).extracting(event -> event.getClass().getSimpleName()).containsExactlyInAnyOrder(
            "CollectionOpened", "CollectionLegDebited", "LegAnswered", "CollectionLegDebited", "LegAnswered",
            "CollectionSettled");
        assertThat(events.getLast()).isInstanceOf(LedgerEvent.CollectionSettled.class);
        assertThat(bank.balance("club", NOW)).as("30 less its fees of 0.1 % a leg").isEqualTo(Amount.parse("39.97"));
        assertThat(bank.balance("ann", NOW)).isEqualTo(Amount.parse("90"));
        assertThat(bank.balance("ben", NOW)).isEqualTo(Amount.parse("80"));
        assertThat(bank.account("club").holds()).isEmpty();
        assertThat(bank.outcome("club", "dues").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        bank.settleFees();
        // The collector's fees, 0.01 + 0.02, accrued on its partition, settle to the fee account (decayed while they waited).
        assertThat(read()).filteredOn(LedgerEvent.FeeSettled.class::isInstance).singleElement().satisfies(settled ->
            assertThat(((LedgerEvent.FeeSettled) settled).amount().micros()).isBetween(29_990L, 30_000L));
    }

    @Test
    void aLegWithoutAMandateThatCoversItReturnsEveryDebitedLegAndCreditsNothing() {
        bank.send(dues("dues", "10", "60"));

        List<LedgerEvent> events = read();

        assertThat(events).filteredOn(LedgerEvent.CollectionLegReturned.class::isInstance).singleElement()
            .extracting(LedgerEvent::account).isEqualTo(ANN);
        assertThat(bank.balance("club", NOW)).isEqualTo(Amount.parse("10"));
        assertThat(bank.balance("ann", NOW)).as("the leg back whole").isEqualTo(Amount.parse("100"));
        assertThat(bank.balance("ben", NOW)).isEqualTo(Amount.parse("100"));
        assertThat(bank.account("club").holds()).isEmpty();
        assertThat(bank.outcome("club", "dues").getStatus()).isEqualTo(CommandStatus.REFUNDED);
        assertThat(bank.outcome("club", "dues").getReason().name()).isEqualTo("UNKNOWN_MANDATE");
        assertThat(bank.outcome("club", "dues").getDetail()).startsWith("leg from ben: no mandate to club that covers it");
    }

    @Test
    void aWithdrawnMandateStopsTheNextCollection() {
        bank.send(new LedgerCommand.RevokeMandate(CommandId.of("stop"), BEN, CLUB, NOW));
        bank.send(dues("dues", "10", "20"));

        read();

        assertThat(bank.outcome("ben", "stop").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(bank.account("ben").mandates()).isEmpty();
        assertThat(bank.outcome("club", "dues").getStatus()).isEqualTo(CommandStatus.REFUNDED);
        assertThat(bank.balance("club", NOW)).isEqualTo(Amount.parse("10"));
    }

    @Test
    void theRebuildGivesTheSameAccounts() {
        bank.send(dues("dues", "10", "20"));
        bank.send(dues("more", "10", "60"));
        read();

        try (TopologyTestDriver rebuild = bank.rebuilt(state.resolve("rebuild"))) {
            for (String account : List.of("club", "ann", "ben")) {
                assertThat(rebuild.<String, byte[]>getKeyValueStore(LedgerStores.ACCOUNTS).get(account)).as(account)
                    .isEqualTo(bank.driver.<String, byte[]>getKeyValueStore(LedgerStores.ACCOUNTS).get(account));
            }
        }
    }

    private List<LedgerEvent> read() {
        List<LedgerEvent> events = bank.bookedEvents();
        booked.addAll(events);
        return events;
    }
}
