package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.ActivityId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Leg;
import io.timebank.ledger.Measure;
import io.timebank.ledger.Measures;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.RejectionReason;
import io.timebank.ledger.Score;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bank test's checks catch what they are meant to: each test breaks one promise in an
 * otherwise consistent history (two members with 100 each; a→b 10 completed with fee 0.01; a
 * rejected transfer) and expects the violation that names it.
 */
class BankChecksTest {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
    private static final AccountId A = AccountId.of("member-a");
    private static final AccountId B = AccountId.of("member-b");
    private static final AccountId FEES = AccountId.of("bank-fees");
    private static final PlatformId PLATFORM = PlatformId.of(BankWorkload.PLATFORM);

    private final BankChecks checks = new BankChecks(Duration.ofHours(100), new BigDecimal("0.001"), 1, 4);
    private final BankHistory history = new BankHistory();
    private final List<LedgerEvent> events = new ArrayList<>();
    private final Map<String, BankChecks.AccountRead> accounts = new HashMap<>();
    private final Map<String, String> outcomes = new HashMap<>();
    private final java.util.Set<String> refused = new java.util.HashSet<>();

    private final LedgerEvent.TransferDebited debit = new LedgerEvent.TransferDebited(CommandId.of("c1"), A, B,
        Asset.ATTENTION, Amount.parse("10"), Amount.parse("0.01"), null, AT);
    private final LedgerEvent.TransferCredited credit = new LedgerEvent.TransferCredited(CommandId.of("c1"), B, A,
        Asset.ATTENTION, Amount.parse("10"), AT);

    BankChecksTest() {
        for (AccountId account : List.of(A, B)) {
            String eventId = "open-" + account.value();
            history.deposits.put(eventId, new BankHistory.Deposit(eventId, account.value(), 100_000_000, AT));
            history.depositsAcknowledged.add(eventId);
            events.add(new LedgerEvent.AccountOpened(account, PLATFORM, Amount.ZERO, AT));
            events.add(deposit(account, eventId));
        }
        history.issued(new BankHistory.Transfer("c1", A.value(), B.value(), 10_000_000));
        history.answered("c1", new BankHistory.Answer("COMPLETED", null));
        events.add(debit);
        events.add(credit);
        events.add(new LedgerEvent.FeeSettled("fees:0:1", FEES, Asset.ATTENTION, Amount.parse("0.01"), AT));
        history.issued(new BankHistory.Transfer("c2", B.value(), A.value(), 500_000_000));
        history.answered("c2", new BankHistory.Answer("REJECTED", "INSUFFICIENT_FUNDS"));
        events.add(new LedgerEvent.CommandRejected(CommandId.of("c2"), B, "transfer", RejectionReason.INSUFFICIENT_FUNDS,
            "", AT, 7L));
        outcomes.put("c1", "COMPLETED");
        outcomes.put("c2", "REJECTED");
        read(A, "89.99");
        read(B, "110");
        read(FEES, "0.01");
        history.duplicatesSent.add("c1");
        refused.add("c1");
    }

    private static LedgerEvent.Deposited deposit(AccountId account, String eventId) {
        Measure one = Measure.of(1);
        return new LedgerEvent.Deposited(account, PLATFORM, ActivityId.of(eventId), AT, Measures.of(100, 1, 1),
            new Score(one, one, one, Amount.parse("100")));
    }

    private void read(AccountId account, String balance) {
        accounts.put(account.value(), new BankChecks.AccountRead(Amount.parse(balance).micros(), 0));
    }

    private List<String> violations() {
        return checks.check(history, events, accounts, outcomes, refused, AT).violations();
    }

    @Test
    void aConsistentHistoryPasses() {
        BankChecks.Verdict verdict = checks.check(history, events, accounts, outcomes, refused, AT);

        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.totals().balancesMicros()).isEqualTo(200_000_000);
        assertThat(verdict.totals().accounts()).isEqualTo(3);
    }

    @Test
    void aMultiLegTransferWithOnlySomeLegsCreditedIsCaught() {
        AccountId c = AccountId.of("member-c");
        history.issued(new BankHistory.Transfer("m1", A.value(), null, 3_000_000, List.of(
            new BankHistory.Leg(B.value(), 1_000_000), new BankHistory.Leg(c.value(), 2_000_000))));
        history.answered("m1", new BankHistory.Answer("COMPLETED", null));
        outcomes.put("m1", "COMPLETED");
        events.add(new LedgerEvent.LegsDebited(CommandId.of("m1"), A, Asset.ATTENTION, List.of(
            new Leg.Priced(B, Amount.parse("1"), Amount.parse("0.001"), ""),
            new Leg.Priced(c, Amount.parse("2"), Amount.parse("0.002"), "")), AT, null));
        events.add(new LedgerEvent.TransferCredited(CommandId.of("m1"), B, A, Asset.ATTENTION, Amount.parse("1"), AT));
        read(A, "86.987");
        read(B, "111");

        assertThat(violations()).anyMatch(v -> v.contains("multi-leg command m1 has 1 of 2 legs credited"))
            .anyMatch(v -> v.contains("m1 was acknowledged COMPLETED but the ledger says PENDING"));
    }

    @Test
    void aCreditAppliedTwiceIsCaughtByTheCountAndByConservation() {
        events.add(credit);
        read(B, "120");

        assertThat(violations()).anyMatch(v -> v.contains("c1 credited or refunded 2 times"))
            .anyMatch(v -> v.startsWith("sum of balances"));
    }

    @Test
    void aDebitAppliedTwiceIsCaught() {
        events.add(debit);
        read(A, "79.98");

        assertThat(violations()).anyMatch(v -> v.contains("c1 debited 2 times"));
    }

    @Test
    void anAcknowledgedTransferMissingFromTheLedgerIsCaught() {
        events.remove(debit);
        events.remove(credit);
        read(A, "100");
        read(B, "100");

        assertThat(violations()).anyMatch(v -> v.contains("c1 was acknowledged COMPLETED but the ledger says null"));
    }

    @Test
    void anAnswerThatDisagreesWithTheLedgerIsCaught() {
        outcomes.put("c2", "COMPLETED");

        assertThat(violations()).containsExactly("command c2 is REJECTED in the ledger but the API answers COMPLETED");
    }

    @Test
    void aBalanceBelowItsLimitIsCaught() {
        accounts.put(A.value(), new BankChecks.AccountRead(-1, 0));

        assertThat(violations()).anyMatch(v -> v.contains("member-a is below its limit"));
    }

    @Test
    void aBalanceTheLedgerDoesNotExplainIsCaught() {
        read(B, "110.000002");

        assertThat(violations()).anyMatch(v -> v.contains("member-b reads 110000002 µ"));
    }

    @Test
    void aWrongFeeBreaksDebitEqualsCreditPlusFee() {
        events.set(events.indexOf(debit), new LedgerEvent.TransferDebited(CommandId.of("c1"), A, B, Asset.ATTENTION,
            Amount.parse("10"), Amount.parse("0.02"), null, AT));

        assertThat(violations()).anyMatch(v -> v.contains("c1 charged fee 0.020000"));
    }

    @Test
    void anActivityDepositedTwiceIsCaught() {
        events.add(deposit(A, "open-member-a"));
        read(A, "189.99");

        assertThat(violations()).anyMatch(v -> v.contains("activity open-member-a deposited 2 times"));
    }

    @Test
    void aLostAcknowledgedDepositIsCaught() {
        history.deposits.put("late", new BankHistory.Deposit("late", A.value(), 5_000_000, AT));
        history.depositsAcknowledged.add("late");

        assertThat(violations()).containsExactly("activity late was acknowledged but never deposited");
    }

    @Test
    void aDuplicateThatWasNotRefusedIsCaught() {
        history.duplicatesSent.add("open-member-b");

        assertThat(violations()).containsExactly(
            "open-member-b was sent again after it applied, but not refused as a duplicate");
    }

    @Test
    void feesChargedButNeverSettledAreCaught() {
        events.removeIf(event -> event instanceof LedgerEvent.FeeSettled);
        accounts.remove(FEES.value());

        assertThat(checks.unsettledFeesMicros(events, AT)).isEqualTo(10_000);
        assertThat(violations()).anyMatch(v -> v.startsWith("fees charged minus settled is 10000.000"))
            .anyMatch(v -> v.startsWith("sum of balances"));
    }
}
