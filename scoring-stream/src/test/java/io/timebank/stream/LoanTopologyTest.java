package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.LoanPlan;
import io.timebank.ledger.Schedule;
import io.timebank.ledger.StandingOrder;
import io.timebank.schemas.StateCodec;
import io.timebank.schemas.avro.CommandStatus;
import java.math.BigDecimal;
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
 * Loans through the topology: granted on the lender's partition, taken on the borrower's, each
 * installment collected there by the scheduler at its due time (after downtime too) and credited
 * to the lender; arrears when the borrower is short; paid off early; restored by the rebuild.
 */
class LoanTopologyTest {

    static final AccountId ALICE = AccountId.of("alice");
    static final AccountId BOB = AccountId.of("bob");

    @TempDir
    Path state;
    LedgerDriver bank;
    final List<LedgerEvent> booked = new ArrayList<>();

    @BeforeEach
    void start() {
        bank = new LedgerDriver(LedgerSettings.defaults("test."), state);
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        bank.sendActivity("e-2", "bob", NOW, 10, 1, 1);
        read();
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    static LedgerCommand.GrantLoan loan(String id, AccountId borrower, String amount) {
        return new LedgerCommand.GrantLoan(ALICE, borrower, StandingOrder.ofLoan(CommandId.of(id), ALICE,
            new LoanPlan(Amount.parse(amount), new BigDecimal("0.01"), 3),
            new Schedule(NOW.plus(Duration.ofHours(1)), Duration.ofHours(1), 0, null)), NOW);
    }

    @Test
    void aLoanIsDisbursedAndEveryInstallmentCollectedOnceAtItsDueTimeEvenAfterDowntime() {
        bank.send(loan("loan", BOB, "60"));

        List<LedgerEvent> granted = read();
        assertThat(granted).extracting(event -> event.getClass().getSimpleName())
            .containsExactly("LoanGranted", "TransferCredited", "LoanTaken");
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("40"));
        assertThat(bank.balance("bob", NOW)).isEqualTo(Amount.parse("70"));
        assertThat(bank.outcome("alice", "loan").getStatus()).isEqualTo(CommandStatus.COMPLETED);

        // Away for five hours: the three installments run on return, each at its own due time, once.
        bank.driver.advanceWallClockTime(Duration.ofHours(5));
        List<LedgerEvent> collected = read();

        List<LedgerEvent.LoanPaid> paid = collected.stream().filter(LedgerEvent.LoanPaid.class::isInstance)
            .map(LedgerEvent.LoanPaid.class::cast).toList();
        assertThat(paid).extracting(LedgerEvent.LoanPaid::paid)
            .containsExactly(Amount.parse("20.6"), Amount.parse("20.4"), Amount.parse("20.2"));
        assertThat(paid).extracting(LedgerEvent.LoanPaid::at).containsExactly(NOW.plus(Duration.ofHours(1)),
            NOW.plus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(3)));
        assertThat(collected).filteredOn(LedgerEvent.TransferCredited.class::isInstance)
            .extracting(LedgerEvent::account).containsOnly(ALICE).hasSize(3);
        assertThat(bank.outcome("bob", "loan::3").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(LedgerDriver.keys(bank.driver.getKeyValueStore(LedgerStores.STANDING_ORDERS))).as("settled: gone").isEmpty();
        assertThat(LedgerDriver.keys(bank.driver.getKeyValueStore(LedgerStores.SCHEDULE))).isEmpty();
        bank.driver.advanceWallClockTime(Duration.ofHours(5));
        assertThat(read()).as("nothing collected twice").isEmpty();
    }

    @Test
    void aShortBorrowerFallsIntoArrearsThatDoNotDecayAndPaysTheLoanOffLater() {
        bank.send(loan("loan", BOB, "60"));
        bank.transfer("spend", "bob", "alice", "65");
        read();

        bank.driver.advanceWallClockTime(Duration.ofMinutes(61));
        LedgerEvent.LoanPaid first = (LedgerEvent.LoanPaid) read().stream()
            .filter(LedgerEvent.LoanPaid.class::isInstance).findFirst().orElseThrow();

        assertThat(first.paid()).isLessThan(Amount.parse("20.6"));
        assertThat(first.after().arrears()).isEqualTo(Amount.parse("20.6").minus(first.paid()));
        assertThat(bank.balance("bob", NOW.plus(Duration.ofHours(1))).micros()).isZero();
        StandingOrder order = order("bob", "loan");
        assertThat(order.loan().standing()).isEqualTo(first.after());

        bank.send(new LedgerCommand.CancelStandingOrder(BOB, CommandId.of("loan"), NOW.plus(Duration.ofMinutes(61))));
        assertThat(bank.outcome("bob", "loan::cancel").getReason().name()).isEqualTo("LOAN_OUTSTANDING");
        bank.send(new LedgerCommand.RepayLoan(CommandId.of("payoff-1"), BOB, CommandId.of("loan"), NOW.plus(Duration.ofMinutes(61))));
        assertThat(bank.outcome("bob", "payoff-1").getReason().name()).isEqualTo("INSUFFICIENT_FUNDS");

        // Nothing left at the second installment: nothing paid, the installment added to the arrears.
        bank.driver.advanceWallClockTime(Duration.ofHours(1));
        LedgerEvent.LoanPaid second = (LedgerEvent.LoanPaid) read().stream()
            .filter(LedgerEvent.LoanPaid.class::isInstance).findFirst().orElseThrow();
        assertThat(second.paid()).isEqualTo(Amount.ZERO);
        assertThat(second.after().arrears()).isEqualTo(first.after().arrears().plus(Amount.parse("20.4")));
        assertThat(bank.outcome("bob", "loan::2").getStatus()).as("nothing to credit: complete as it is")
            .isEqualTo(CommandStatus.COMPLETED);

        bank.sendActivity("e-3", "bob", NOW.plus(Duration.ofMinutes(122)), 100, 1, 1);
        read();
        bank.send(new LedgerCommand.RepayLoan(CommandId.of("payoff-2"), BOB, CommandId.of("loan"), NOW.plus(Duration.ofMinutes(122))));
        LedgerEvent.LoanPaid payoff = (LedgerEvent.LoanPaid) read().stream()
            .filter(LedgerEvent.LoanPaid.class::isInstance).findFirst().orElseThrow();

        // The arrears as they were (no decay), the principal not yet due, and the running period's interest.
        assertThat(payoff.paid()).isEqualTo(second.after().arrears().plus(Amount.parse("20")).plus(Amount.parse("0.2")));
        assertThat(bank.outcome("bob", "payoff-2").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(LedgerDriver.keys(bank.driver.getKeyValueStore(LedgerStores.STANDING_ORDERS))).isEmpty();
    }

    @Test
    void aLoanToNobodyComesBackToTheLender() {
        bank.send(loan("lost", AccountId.of("nobody"), "60"));

        assertThat(read()).extracting(event -> event.getClass().getSimpleName())
            .containsExactly("LoanGranted", "TransferRefunded");
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("100"));
        assertThat(bank.outcome("alice", "lost").getStatus()).isEqualTo(CommandStatus.REFUNDED);
        assertThat(LedgerDriver.keys(bank.driver.getKeyValueStore(LedgerStores.STANDING_ORDERS))).isEmpty();
    }

    @Test
    void aLoanWhoseIdTheBorrowerUsedGoesBackToTheLender() {
        bank.transfer("loan", "bob", "alice", "1");
        read();

        bank.send(loan("loan", BOB, "60"));

        assertThat(read()).extracting(event -> event.getClass().getSimpleName())
            .containsExactly("LoanGranted", "TransferRefunded");
        assertThat(bank.outcome("alice", "loan").getStatus()).isEqualTo(CommandStatus.REFUNDED);
        assertThat(bank.outcome("alice", "loan").getDetail()).isEqualTo("bob already used the id loan; the principal "
            + "went back to the lender");
        assertThat(LedgerDriver.keys(bank.driver.getKeyValueStore(LedgerStores.STANDING_ORDERS))).isEmpty();
    }

    @Test
    void theRebuildRestoresTheLoanAndItsNextInstallment() {
        bank.send(loan("loan", BOB, "60"));
        bank.driver.advanceWallClockTime(Duration.ofMinutes(61));
        read();

        try (TopologyTestDriver rebuild = bank.rebuilt(state.resolve("rebuild"))) {
            assertThat(LedgerDriver.keys(rebuild.getKeyValueStore(LedgerStores.SCHEDULE)))
                .isEqualTo(LedgerDriver.keys(bank.driver.getKeyValueStore(LedgerStores.SCHEDULE))).hasSize(1);
            assertThat(rebuild.<String, byte[]>getKeyValueStore(LedgerStores.STANDING_ORDERS).get(LedgerStores.ordersFrom("bob") + "loan"))
                .isEqualTo(bank.driver.<String, byte[]>getKeyValueStore(LedgerStores.STANDING_ORDERS).get(LedgerStores.ordersFrom("bob") + "loan"));
            assertThat(rebuild.<String, byte[]>getKeyValueStore(LedgerStores.ACCOUNTS).get("alice"))
                .isEqualTo(bank.driver.<String, byte[]>getKeyValueStore(LedgerStores.ACCOUNTS).get("alice"));
        }
        assertThat(order("bob", "loan").next()).isEqualTo(2);
    }

    private StandingOrder order(String account, String id) {
        byte[] stored = bank.driver.<String, byte[]>getKeyValueStore(LedgerStores.STANDING_ORDERS)
            .get(LedgerStores.ordersFrom(account) + id);
        return stored == null ? null : StateCodec.decodeOrder(stored);
    }

    private List<LedgerEvent> read() {
        List<LedgerEvent> events = bank.bookedEvents();
        booked.addAll(events);
        return events;
    }
}
