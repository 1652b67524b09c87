package io.timebank.api;

import io.timebank.api.BankHistory.Answer;
import io.timebank.ledger.Amount;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.LoanPlan;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bank test's verdict, once nothing is in flight: what the clients were told, what the ledger
 * topic holds and what the API reads must agree. Each check is computed here from the events'
 * fields, independently of the ledger's own code (no {@code Ledger.postings}, no
 * {@code DecayingBalance}), so a bug there cannot hide itself.
 *
 * @param meanLifetime τ of attention
 * @param feeRate      transfer fee rate; the fee is max(minimum, rate × amount), half-even
 * @param partitions   each partition's fee accrual may keep less than one micro-unit unsettled
 */
record BankChecks(Duration meanLifetime, BigDecimal feeRate, long feeMinimumMicros, int partitions,
                  Duration term, Duration termMeanLifetime) {

    /** Checks without term deposits. */
    BankChecks(Duration meanLifetime, BigDecimal feeRate, long feeMinimumMicros, int partitions) {
        this(meanLifetime, feeRate, feeMinimumMicros, partitions, Duration.ofMinutes(1), Duration.ofHours(1_000));
    }

    /** An account as the API shows it at the read time. */
    record AccountRead(long balanceMicros, long creditLimitMicros) {
    }

    /** The figures behind the verdict, for the report. */
    record Totals(int accounts, int debits, int credits, int refunds, int rejections, int deposits,
                  double depositsDecayedMicros, long balancesMicros, int ordersPlaced, int occurrencesDue,
                  int occurrencesBooked, int termsOpened, int termsMatured, int termsWithdrawn, int loansTaken,
                  int installmentsDue, int installmentsBooked, int collectionsCompleted, int collectionsRefunded,
                  Map<String, Integer> pendingEnds) {
    }

    /**
     * How long after its due time an occurrence may still be on its way at the verdict: a scheduler
     * tick (1 s) and the commits of its debit and credit, with room to spare.
     */
    static final Duration OCCURRENCE_SLACK = Duration.ofSeconds(5);

    record Verdict(List<String> violations, Totals totals) {
    }

    private static final class Legs {
        final List<LedgerEvent.TransferDebited> debits = new ArrayList<>();
        final List<LedgerEvent.TransferCredited> credits = new ArrayList<>();
        final List<LedgerEvent.TransferRefunded> refunds = new ArrayList<>();
        final List<LedgerEvent.CommandRejected> rejections = new ArrayList<>();
        /** A collection's opening, its payers' debits and refusals, its settlement or refund, the legs returned. */
        final List<LedgerEvent.CollectionOpened> collectionOpenings = new ArrayList<>();
        final List<LedgerEvent.CollectionLegDebited> collectionDebits = new ArrayList<>();
        final List<LedgerEvent.CollectionLegRefused> collectionRefusals = new ArrayList<>();
        final List<LedgerEvent.CollectionSettled> collectionSettlements = new ArrayList<>();
        final List<LedgerEvent.CollectionRefunded> collectionRefunds = new ArrayList<>();
        final List<LedgerEvent.CollectionLegReturned> collectionReturns = new ArrayList<>();
        /** A loan's principal out of its lender, and a payment of it out of its borrower. */
        final List<LedgerEvent.LoanGranted> loanGrants = new ArrayList<>();
        final List<LedgerEvent.LoanPaid> loanPayments = new ArrayList<>();
        /** A multi-leg transfer's debit and refund. */
        final List<LedgerEvent.LegsDebited> legsDebits = new ArrayList<>();
        final List<LedgerEvent.LegsRefunded> legsRefunds = new ArrayList<>();

        String status() {
            if (!rejections.isEmpty()) {
                return "REJECTED";
            }
            if (!refunds.isEmpty() || !legsRefunds.isEmpty()) {
                return "REFUNDED";
            }
            if (!legsDebits.isEmpty()) {
                return credits.size() >= legsDebits.getFirst().legs().size() ? "COMPLETED" : "PENDING";
            }
            if (!collectionOpenings.isEmpty()) {
                return !collectionRefunds.isEmpty() ? "REFUNDED" : !collectionSettlements.isEmpty() ? "COMPLETED" : "PENDING";
            }
            if (!loanPayments.isEmpty()) { // nothing paid is the whole of it; a payment completes once credited
                return !loanPayments.getFirst().paid().isPositive() || !credits.isEmpty() ? "COMPLETED" : "PENDING";
            }
            if (!credits.isEmpty()) {
                return "COMPLETED";
            }
            return debits.isEmpty() && loanGrants.isEmpty() ? null : "PENDING";
        }

        String reason() {
            return !rejections.isEmpty() ? rejections.getFirst().reason().name()
                : !refunds.isEmpty() ? refunds.getFirst().reason().name()
                : !legsRefunds.isEmpty() ? legsRefunds.getFirst().refusal().refusal().name() : null;
        }
    }

    /**
     * @param events   the whole ledger topic, read committed
     * @param accounts every account the ledger opened, read through the API at {@code at}
     * @param outcomes each issued command's status from GET /v1/commands/{id} (absent: 404)
     * @param refused  the activity and command ids the dead-letter topic holds as refused duplicates
     */
    Verdict check(BankHistory history, List<LedgerEvent> events, Map<String, AccountRead> accounts,
                  Map<String, String> outcomes, Set<String> refused, Instant at) {
        List<String> violations = new ArrayList<>(history.violations);
        for (String duplicate : new TreeSet<>(history.duplicatesSent)) {
            if (!refused.contains(duplicate)) {
                violations.add(duplicate + " was sent again after it applied, but not refused as a duplicate");
            }
        }
        Map<String, Legs> commands = new HashMap<>();
        Map<String, Integer> depositsByActivity = new HashMap<>();
        Map<String, Double> exact = new HashMap<>();
        Map<String, Double> gross = new HashMap<>();
        Set<String> opened = accounts(events);
        Set<String> openings = new HashSet<>();
        Map<String, Integer> placed = new HashMap<>();
        Map<String, LedgerEvent.TermDepositOpened> termsOpened = new HashMap<>();
        Map<String, List<LedgerEvent.TermDepositReturned>> termsReturned = new HashMap<>();
        Map<String, Integer> loansTaken = new HashMap<>();
        Map<String, PendingSteps> pending = new HashMap<>();
        double depositsDecayed = 0;
        int deposits = 0;
        for (LedgerEvent event : events) {
            switch (event) {
                case LedgerEvent.AccountOpened e -> {
                    if (!openings.add(e.account().value())) {
                        violations.add("account " + e.account().value() + " opened twice");
                    }
                }
                case LedgerEvent.Deposited e -> {
                    deposits++;
                    depositsByActivity.merge(e.platform().value() + ":" + e.activityId().value(), 1, Integer::sum);
                    double value = decayed(e.credited().micros(), e.at(), at);
                    depositsDecayed += value;
                    post(exact, gross, e.account().value(), value);
                }
                case LedgerEvent.TransferDebited e -> {
                    legs(commands, e.commandId().value()).debits.add(e);
                    post(exact, gross, e.from().value(), -decayed(e.amount().micros() + e.fee().micros(), e.at(), at));
                }
                case LedgerEvent.TransferCredited e -> {
                    legs(commands, e.commandId().value()).credits.add(e);
                    post(exact, gross, e.to().value(), decayed(e.amount().micros(), e.at(), at));
                }
                case LedgerEvent.TransferRefunded e -> {
                    legs(commands, e.commandId().value()).refunds.add(e);
                    post(exact, gross, e.from().value(), decayed(e.amount().micros(), e.at(), at));
                }
                case LedgerEvent.CommandRejected e -> legs(commands, e.commandId().value()).rejections.add(e);
                case LedgerEvent.FeeSettled e ->
                    post(exact, gross, e.account().value(), decayed(e.amount().micros(), e.at(), at));
                case LedgerEvent.DepositRejected e -> violations.add("deposit refused: " + e);
                case LedgerEvent.Exchanged e -> violations.add("an exchange nobody issued: " + e);
                case LedgerEvent.CreditLimitChanged e -> violations.add("a credit limit nobody changed: " + e);
                // A pending transfer: amount and fee out at its reservation, back at it when voided; its posting moves
                // nothing on the sender (the credit or refund of <id>::post is a second leg like any transfer's).
                case LedgerEvent.TransferReserved e -> {
                    pendingSteps(pending, e.commandId().value()).reserved.add(e);
                    post(exact, gross, e.from().value(), -decayed(e.debit().micros(), e.at(), at));
                }
                case LedgerEvent.TransferVoided e -> {
                    pendingSteps(pending, transferOf(e.commandId())).voided.add(e);
                    post(exact, gross, e.from().value(), decayed(e.amount().micros() + e.fee().micros(), e.at(), at));
                }
                case LedgerEvent.TransferPosted e -> pendingSteps(pending, transferOf(e.commandId())).posted.add(e);
                case LedgerEvent.ReservationHeld e -> pendingSteps(pending, transferOf(e.commandId())).held.add(e);
                case LedgerEvent.ReservationReleased e -> pendingSteps(pending, transferOf(e.commandId())).released.add(e);
                case LedgerEvent.ReservationRefused e -> pendingSteps(pending, e.commandId().value()).refusals.add(e);
                case LedgerEvent.ReserveFunded e -> violations.add("a reserve funding nobody issued: " + e);
                case LedgerEvent.LegsDebited e -> {
                    legs(commands, e.commandId().value()).legsDebits.add(e);
                    post(exact, gross, e.from().value(), -decayed(e.amount().micros() + e.fee().micros(), e.at(), at));
                }
                case LedgerEvent.LegsRefunded e -> {
                    legs(commands, e.commandId().value()).legsRefunds.add(e);
                    post(exact, gross, e.from().value(), decayed(e.amount().micros(), e.at(), at));
                }
                // Steps of a multi-leg transfer that move no balance.
                case LedgerEvent.LegHeld e -> { }
                case LedgerEvent.LegRefused e -> { }
                case LedgerEvent.LegAnswered e -> { }
                case LedgerEvent.LegsSettled e -> { }
                case LedgerEvent.LegReleased e -> { }
                case LedgerEvent.StandingOrderPlaced e -> {
                    if (history.orders.containsKey(e.order().id().value())) {
                        placed.merge(e.order().id().value(), 1, Integer::sum);
                    } else {
                        violations.add("a standing order nobody placed: " + e);
                    }
                }
                // Two occurrences each, three failures in a row to cancel: no order can cancel itself.
                case LedgerEvent.StandingOrderCancelled e -> violations.add("a standing order cancelled: " + e);
                case LedgerEvent.TermDepositOpened e -> {
                    if (!history.termDeposits.containsKey(e.commandId().value())
                        || termsOpened.put(e.commandId().value(), e) != null) {
                        violations.add("a term deposit nobody opened, or opened twice: " + e);
                    }
                    post(exact, gross, e.account().value(), -decayed(e.deposit().principal().micros(), e.at(), at));
                }
                case LedgerEvent.LoanGranted e -> {
                    legs(commands, e.commandId().value()).loanGrants.add(e);
                    post(exact, gross, e.lender().value(), -decayed(e.principal().micros(), e.at(), at));
                }
                case LedgerEvent.LoanTaken e -> loansTaken.merge(e.commandId().value(), 1, Integer::sum);
                case LedgerEvent.LoanPaid e -> {
                    legs(commands, e.commandId().value()).loanPayments.add(e);
                    post(exact, gross, e.borrower().value(), -decayed(e.paid().micros(), e.at(), at));
                }
                case LedgerEvent.MandateGranted e -> {
                    if (!history.mandates.containsKey(e.commandId().value())) {
                        violations.add("a mandate nobody gave: " + e);
                    }
                }
                case LedgerEvent.MandateRevoked e -> violations.add("a mandate withdrawn, which nobody asked: " + e);
                case LedgerEvent.CollectionOpened e -> legs(commands, e.commandId().value()).collectionOpenings.add(e);
                case LedgerEvent.CollectionLegDebited e -> {
                    legs(commands, e.commandId().value()).collectionDebits.add(e);
                    post(exact, gross, e.from().value(), -decayed(e.amount().micros(), e.at(), at));
                }
                case LedgerEvent.CollectionLegRefused e -> legs(commands, e.commandId().value()).collectionRefusals.add(e);
                case LedgerEvent.CollectionSettled e -> {
                    legs(commands, e.commandId().value()).collectionSettlements.add(e);
                    post(exact, gross, e.to().value(), decayed(e.credit().micros(), e.at(), at));
                }
                case LedgerEvent.CollectionRefunded e -> legs(commands, e.commandId().value()).collectionRefunds.add(e);
                case LedgerEvent.CollectionLegReturned e -> {
                    legs(commands, e.commandId().value()).collectionReturns.add(e);
                    post(exact, gross, e.from().value(), decayed(e.amount().micros(), e.at(), at));
                }
                case LedgerEvent.TermDepositReturned e -> {
                    termsReturned.computeIfAbsent(e.deposit().value(), id -> new ArrayList<>()).add(e);
                    post(exact, gross, e.account().value(), decayed(e.value().micros(), e.at(), at));
                    // What the term's slower decay kept is value the bank created: conservation counts it in.
                    LedgerEvent.TermDepositOpened locked = termsOpened.get(e.deposit().value());
                    if (locked != null) {
                        depositsDecayed += decayed(e.value().micros(), e.at(), at)
                            - decayed(locked.deposit().principal().micros(), locked.at(), at);
                    }
                }
            }
        }

        int debits = 0;
        int credits = 0;
        int refunds = 0;
        int rejections = 0;
        for (Map.Entry<String, Legs> entry : commands.entrySet()) {
            String id = entry.getKey();
            Legs legs = entry.getValue();
            debits += legs.debits.size() + legs.legsDebits.size();
            credits += legs.credits.size();
            refunds += legs.refunds.size();
            rejections += legs.rejections.size();
            if (history.orders.containsKey(id) || history.termCommand(id) || history.loanCommand(id)
                || history.collections.containsKey(id) || history.mandates.containsKey(id) || history.pendingCommand(id)) {
                continue; // a placing refused, a deposit's command: their own checks below
            }
            // An occurrence of a standing order is an ordinary transfer, issued by the ledger's scheduler.
            BankHistory.Transfer issued = history.transfers.containsKey(id) ? history.transfers.get(id)
                : history.occurrence(id);
            if (issued == null) {
                violations.add("command " + id + " is in the ledger but no client issued it");
                continue;
            }
            if (issued.multiLeg()) {
                checkLegs(id, issued, legs, violations);
                continue;
            }
            if (legs.debits.size() > 1) {
                violations.add("command " + id + " debited " + legs.debits.size() + " times");
            }
            if (legs.credits.size() + legs.refunds.size() > 1) {
                violations.add("command " + id + " credited or refunded " + (legs.credits.size() + legs.refunds.size())
                    + " times");
            }
            if (legs.rejections.size() > 1 || (!legs.rejections.isEmpty() && !legs.debits.isEmpty())) {
                violations.add("command " + id + " both rejected and applied, or rejected twice");
            }
            if (legs.debits.size() != legs.credits.size() + legs.refunds.size()) {
                violations.add("command " + id + " is half applied once nothing is in flight: " + legs.debits.size()
                    + " debits, " + (legs.credits.size() + legs.refunds.size()) + " second legs");
            }
            for (LedgerEvent.TransferDebited debit : legs.debits) {
                if (debit.amount().micros() != issued.micros() || !debit.from().value().equals(issued.from())
                    || !debit.to().value().equals(issued.to())) {
                    violations.add("command " + id + " debited " + debit + " but was issued as " + issued);
                }
                long fee = fee(debit.amount().micros());
                if (debit.fee().micros() != fee) {
                    violations.add("command " + id + " charged fee " + debit.fee() + ", the schedule says " + fee + " µ");
                }
                legs.credits.forEach(credit -> {
                    if (credit.amount().micros() != debit.amount().micros() || !credit.at().equals(debit.at())) {
                        violations.add("command " + id + ": debit = credit + fee broken: " + debit + " / " + credit);
                    }
                });
                legs.refunds.forEach(refund -> {
                    if (refund.amount().micros() != debit.amount().micros() || !refund.at().equals(debit.at())) {
                        violations.add("command " + id + ": refund is not the debited amount: " + debit + " / " + refund);
                    }
                });
            }
        }

        for (BankHistory.Transfer issued : history.transfers.values()) {
            String id = issued.commandId();
            Legs legs = commands.get(id);
            String inLedger = legs == null ? null : legs.status();
            Answer answer = history.answers.get(id);
            if (answer != null && !answer.status().equals(inLedger)) {
                violations.add("command " + id + " was acknowledged " + answer + " but the ledger says " + inLedger);
            }
            if (answer != null && answer.reason() != null && legs != null) {
                String reason = legs.reason();
                if (!answer.reason().equals(reason)) {
                    violations.add("command " + id + " was acknowledged " + answer + " but the ledger's reason is " + reason);
                }
            }
            String read = outcomes.get(id);
            if (inLedger != null && !inLedger.equals(read)) {
                violations.add("command " + id + " is " + inLedger + " in the ledger but the API answers " + read);
            }
            if (inLedger == null && read != null) {
                violations.add("command " + id + " is not in the ledger but the API answers " + read);
            }
        }

        int occurrencesDue = 0;
        int occurrencesBooked = 0;
        for (BankHistory.Order order : history.orders.values()) {
            int times = placed.getOrDefault(order.id(), 0);
            Answer answer = history.answers.get(order.id());
            if (times > 1 || (answer != null && answer.status().equals("COMPLETED") != (times == 1))) {
                violations.add("standing order " + order.id() + " answered " + answer + ", placed " + times + " times");
            }
            if (times == 0) {
                continue;
            }
            for (int n = 1; n <= order.count(); n++) {
                Instant due = order.due(n);
                String id = order.id() + "::" + n;
                Legs legs = commands.get(id);
                int decisions = legs == null ? 0 : legs.debits.size() + legs.rejections.size();
                occurrencesBooked += decisions;
                if (due.isBefore(at.minus(OCCURRENCE_SLACK))) {
                    occurrencesDue++;
                    if (decisions != 1) {
                        violations.add("occurrence " + id + " due at " + due + " was decided " + decisions
                            + " times by " + at);
                    }
                } else if (due.isAfter(at) && decisions > 0) {
                    violations.add("occurrence " + id + " ran before its due time " + due);
                }
                if (legs != null) {
                    legs.debits.stream().filter(debit -> debit.at().isBefore(due)).forEach(debit ->
                        violations.add("occurrence " + id + " booked at " + debit.at() + ", before its due time " + due));
                    String read = outcomes.get(id);
                    if (!java.util.Objects.equals(legs.status(), read)) {
                        violations.add("occurrence " + id + " is " + legs.status() + " in the ledger but the API answers "
                            + read);
                    }
                }
            }
        }

        checkTermDeposits(history, termsOpened, termsReturned, violations);
        int[] installments = checkLoans(history, commands, loansTaken, outcomes, at, violations);
        int[] collected = checkCollections(history, commands, outcomes, violations);

        for (BankHistory.Deposit sent : history.deposits.values()) {
            int times = depositsByActivity.getOrDefault(BankWorkload.PLATFORM + ":" + sent.eventId(), 0);
            if (times > 1) {
                violations.add("activity " + sent.eventId() + " deposited " + times + " times");
            }
            if (times == 0 && history.depositsAcknowledged.contains(sent.eventId())) {
                violations.add("activity " + sent.eventId() + " was acknowledged but never deposited");
            }
        }
        depositsByActivity.forEach((activity, times) -> {
            if (!history.deposits.containsKey(activity.substring(activity.indexOf(':') + 1))) {
                violations.add("activity " + activity + " deposited but never sent");
            }
        });

        long balances = 0;
        for (String account : opened) {
            AccountRead read = accounts.get(account);
            if (read == null) {
                violations.add("account " + account + " opened in the ledger but not found through the API");
                continue;
            }
            balances += read.balanceMicros();
            if (read.balanceMicros() < -read.creditLimitMicros()) {
                violations.add("account " + account + " is below its limit: " + read.balanceMicros() + " µ, limit "
                    + read.creditLimitMicros() + " µ");
            }
            // Shown rounded down: within one micro-unit below the exact sum (plus the stated relative term).
            double expected = exact.getOrDefault(account, 0.0);
            double slack = 1e-12 * gross.getOrDefault(account, 0.0) + 1e-6;
            if (read.balanceMicros() > expected + slack || read.balanceMicros() < expected - 1 - slack) {
                violations.add(String.format("account %s reads %d µ, its ledger entries sum to %.3f µ", account,
                    read.balanceMicros(), expected));
            }
        }
        Map<String, Integer> pendingEnds = new java.util.TreeMap<>();
        pending.values().forEach(steps -> pendingEnds.merge(steps.posted.isEmpty() ? steps.voided.isEmpty() ? "pending"
            : steps.voided.getFirst().cause().name().toLowerCase() : "posted", 1, Integer::sum));
        checkPendings(history, pending, commands, violations);
        pending.keySet().stream().filter(id -> !history.pendings.containsKey(id))
            .forEach(id -> violations.add("pending transfer " + id + " is in the ledger but no client created it"));
        double unsettled = unsettledFeesMicros(events, at);
        if (unsettled < -1e-6 || unsettled > partitions) {
            violations.add(String.format("fees charged minus settled is %.3f µ, not below one micro-unit per partition",
                unsettled));
        }
        // Conservation: what was deposited, decayed, is on the accounts, less the fees not yet settled
        // and each shown balance's rounding down (documented bound: one micro-unit per balance).
        double missing = depositsDecayed - balances;
        double bound = opened.size() + partitions + 1e-12 * depositsDecayed;
        if (missing < -1e-6 || missing > bound) {
            violations.add(String.format("sum of balances %d µ differs from the decayed deposits %.3f µ by %.3f µ "
                + "(bound %.0f µ)", balances, depositsDecayed, -missing, bound));
        }
        return new Verdict(violations, new Totals(opened.size(), debits, credits, refunds, rejections, deposits,
            depositsDecayed, balances, placed.size(), occurrencesDue, occurrencesBooked, termsOpened.size(),
            (int) termsReturned.values().stream().flatMap(List::stream)
                .filter(back -> back.commandId().value().endsWith("::matured")).count(),
            (int) termsReturned.values().stream().flatMap(List::stream)
                .filter(back -> back.commandId().value().endsWith("::withdraw")).count(),
            loansTaken.size(), installments[0], installments[1], collected[0], collected[1], pendingEnds));
    }

    /**
     * Every collection opened once as issued, each payer answering its leg once (debited as asked,
     * no fee, at the collection's time, and only under a mandate that covers it; or refused), then
     * all or nothing: every leg debited and the whole credited once less the collector's scheduled
     * fees, nothing returned; or nothing credited and each debited leg returned once, its amount at
     * its time — the status as answered and as the API reads it. Returns the collections completed
     * and refunded.
     */
    private int[] checkCollections(BankHistory history, Map<String, Legs> commands, Map<String, String> outcomes,
                                   List<String> violations) {
        int completed = 0;
        int refunded = 0;
        for (BankHistory.Collection collection : history.collections.values()) {
            String id = collection.id();
            Legs legs = commands.getOrDefault(id, new Legs());
            Answer answer = history.answers.get(id);
            if (answer != null && !answer.status().equals(legs.status())) {
                violations.add("collection " + id + " answered " + answer + " but is " + legs.status() + " in the ledger");
            }
            if (!java.util.Objects.equals(legs.status(), outcomes.get(id))) {
                violations.add("collection " + id + " is " + legs.status() + " in the ledger but the API answers "
                    + outcomes.get(id));
            }
            if (legs.collectionOpenings.isEmpty()) {
                if (!legs.collectionDebits.isEmpty() || !legs.collectionSettlements.isEmpty()) {
                    violations.add("collection " + id + " moved value but was never opened");
                }
                continue;
            }
            LedgerEvent.CollectionOpened opened = legs.collectionOpenings.getFirst();
            List<String> asked = collection.legs().stream().map(leg -> leg.from() + "=" + leg.micros()).toList();
            List<String> booked = opened.legs().stream().map(leg -> leg.from().value() + "=" + leg.amount().micros())
                .toList();
            if (legs.collectionOpenings.size() > 1 || !asked.equals(booked) || !opened.to().value().equals(collection.to())) {
                violations.add("collection " + id + " opened " + legs.collectionOpenings + " but was issued as " + asked);
                continue;
            }
            Map<String, Integer> answers = new HashMap<>();
            legs.collectionDebits.forEach(debit -> answers.merge(debit.from().value(), 1, Integer::sum));
            legs.collectionRefusals.forEach(refusal -> answers.merge(refusal.from().value(), 1, Integer::sum));
            for (BankHistory.Contribution leg : collection.legs()) {
                if (answers.getOrDefault(leg.from(), 0) != 1) {
                    violations.add("collection " + id + ": " + leg.from() + " answered " + answers.getOrDefault(leg.from(), 0)
                        + " times once nothing is in flight");
                }
            }
            for (LedgerEvent.CollectionLegDebited debit : legs.collectionDebits) {
                long asked1 = collection.legs().stream().filter(leg -> leg.from().equals(debit.from().value()))
                    .mapToLong(BankHistory.Contribution::micros).findFirst().orElse(-1);
                // A leg carries no fee (the collector pays them): each payer's balance check sees it debited its amount alone.
                if (debit.amount().micros() != asked1 || !debit.at().equals(opened.at())) {
                    violations.add("collection " + id + " debited " + debit + ", asked " + asked1 + " µ at " + opened.at());
                }
                boolean mandated = history.mandates.values().stream().anyMatch(mandate -> mandate.payer()
                    .equals(debit.from().value()) && mandate.collector().equals(collection.to())
                    && mandate.maxMicros() >= debit.amount().micros());
                if (!mandated) {
                    violations.add("collection " + id + " debited " + debit.from() + " without a mandate that covers "
                        + debit.amount());
                }
            }
            boolean allDebited = legs.collectionDebits.size() == collection.legs().size();
            long whole = collection.legs().stream().mapToLong(BankHistory.Contribution::micros).sum();
            if (allDebited) {
                completed++;
                long fees = collection.legs().stream().mapToLong(leg -> fee(leg.micros())).sum();
                if (legs.collectionSettlements.size() != 1 || !legs.collectionRefunds.isEmpty()
                    || !legs.collectionReturns.isEmpty() || legs.collectionSettlements.getFirst().amount().micros() != whole
                    || legs.collectionSettlements.getFirst().fee().micros() != fees
                    || !legs.collectionSettlements.getFirst().at().equals(opened.at())) {
                    violations.add("collection " + id + " not all or nothing: every leg debited, settled "
                        + legs.collectionSettlements + ", refunded " + legs.collectionRefunds + ", returned "
                        + legs.collectionReturns);
                }
                continue;
            }
            refunded++;
            List<String> debited = legs.collectionDebits.stream().map(debit -> debit.from().value() + "="
                + debit.amount().micros()).sorted().toList();
            List<String> returned = legs.collectionReturns.stream().map(back -> back.from().value() + "="
                + back.amount().micros()).sorted().toList();
            if (!legs.collectionSettlements.isEmpty() || legs.collectionRefunds.size() != 1 || !debited.equals(returned)
                || legs.collectionReturns.stream().anyMatch(back -> !back.at().equals(opened.at()))) {
                violations.add("collection " + id + " not all or nothing: a leg refused, settled "
                    + legs.collectionSettlements + ", debited " + debited + ", returned " + returned);
            }
        }
        return new int[] {completed, refunded};
    }

    /**
     * Every loan granted as answered, once: its principal out of its lender and credited to its
     * borrower (and the loan taken), or refunded to the lender, at the grant's time; a loan not taken
     * collects nothing. Every installment of a taken loan due by the verdict collected exactly once,
     * at or after its due time, from its borrower for its lender, each one following the last
     * (installments, then arrears at count + 2, + 4, …); each payment recomputed with the loan's
     * plan from the standing before it and what was paid — so never more than was owed — and
     * credited once to the lender, the same amount at the same time. Returns the installments due
     * and booked.
     */
    private int[] checkLoans(BankHistory history, Map<String, Legs> commands, Map<String, Integer> taken,
                             Map<String, String> outcomes, Instant at, List<String> violations) {
        int due = 0;
        int booked = 0;
        for (BankHistory.Loan loan : history.loans.values()) {
            Legs grant = commands.getOrDefault(loan.id(), new Legs());
            Answer answer = history.answers.get(loan.id());
            int times = taken.getOrDefault(loan.id(), 0);
            java.util.TreeMap<Integer, Legs> installments = new java.util.TreeMap<>();
            commands.forEach((id, legs) -> {
                String number = id.startsWith(loan.id() + "::") ? id.substring(loan.id().length() + 2) : "";
                if (!number.isEmpty() && number.length() < 10 && number.chars().allMatch(Character::isDigit)) {
                    installments.put(Integer.parseInt(number), legs);
                }
            });
            if (times == 0 && !installments.isEmpty()) {
                violations.add("loan " + loan.id() + " was never taken but collected " + installments.keySet());
            }
            if (grant.loanGrants.size() > 1 || times > 1 || grant.credits.size() + grant.refunds.size() > 1) {
                violations.add("loan " + loan.id() + " granted " + grant.loanGrants.size() + " times, taken " + times
                    + ", credited or refunded " + (grant.credits.size() + grant.refunds.size()));
                continue;
            }
            if (answer != null && !answer.status().equals(grant.status())) {
                violations.add("loan " + loan.id() + " answered " + answer + " but is " + grant.status() + " in the ledger");
            }
            if (!java.util.Objects.equals(grant.status(), outcomes.get(loan.id()))) {
                violations.add("loan " + loan.id() + " is " + grant.status() + " in the ledger but the API answers "
                    + outcomes.get(loan.id()));
            }
            if (grant.loanGrants.isEmpty()) {
                continue;
            }
            LedgerEvent.LoanGranted granted = grant.loanGrants.getFirst();
            if (granted.principal().micros() != loan.micros() || !granted.borrower().value().equals(loan.borrower())
                || !granted.lender().value().equals(loan.lender())) {
                violations.add("loan " + loan.id() + " granted " + granted + " but was issued as " + loan);
            }
            if ((times == 1) != (grant.credits.size() == 1) || grant.credits.size() + grant.refunds.size() != 1
                || grant.credits.stream().anyMatch(credit -> !credit.to().value().equals(loan.borrower())
                    || credit.amount().micros() != loan.micros() || !credit.at().equals(granted.at()))) {
                violations.add("loan " + loan.id() + ": taken " + times + " times, credits " + grant.credits + ", refunds "
                    + grant.refunds);
                continue;
            }
            if (times == 0) {
                continue;
            }
            LoanPlan plan = new LoanPlan(new Amount(loan.micros()),
                new BigDecimal(loan.rate()), loan.count());
            LoanPlan.Standing last = LoanPlan.Standing.START;
            for (int n = 1; n <= loan.count(); n++) {
                if (loan.due(n).isBefore(at.minus(OCCURRENCE_SLACK))) {
                    due++;
                    if (!installments.containsKey(n) || installments.get(n).loanPayments.size() != 1) {
                        violations.add("installment " + loan.id() + "::" + n + " due at " + loan.due(n) + " was not "
                            + "collected exactly once by " + at);
                    }
                }
            }
            for (Map.Entry<Integer, Legs> each : installments.entrySet()) {
                int n = each.getKey();
                String id = loan.id() + "::" + n;
                Legs installment = each.getValue();
                booked += installment.loanPayments.size() + installment.rejections.size();
                if (installment.loanPayments.size() != 1 || !installment.rejections.isEmpty()
                    || !installment.refunds.isEmpty()) {
                    violations.add("installment " + id + " booked " + installment.loanPayments.size() + " payments, "
                        + installment.rejections.size() + " rejections, " + installment.refunds.size() + " refunds");
                    continue;
                }
                LedgerEvent.LoanPaid payment = installment.loanPayments.getFirst();
                LoanPlan.Collection expected = n == last.next() ? plan.collect(last, payment.paid())
                    : null;
                if (expected == null || !expected.paid().equals(payment.paid()) || !expected.after().equals(payment.after())
                    || !payment.borrower().value().equals(loan.borrower())
                    || !payment.lender().value().equals(loan.lender())) {
                    violations.add("installment " + id + " booked " + payment + "; after " + last + " the plan says "
                        + (expected == null ? "installment " + last.next() + " comes next" : expected));
                }
                if (payment.at().isBefore(loan.due(n))) {
                    violations.add("installment " + id + " booked at " + payment.at() + ", before its due time "
                        + loan.due(n));
                }
                if (payment.paid().isPositive() && loan.due(n).isBefore(at.minus(OCCURRENCE_SLACK))
                    && (installment.credits.size() != 1 || !installment.credits.getFirst().amount().equals(payment.paid())
                        || !installment.credits.getFirst().at().equals(payment.at())
                        || !installment.credits.getFirst().to().value().equals(loan.lender()))) {
                    violations.add("installment " + id + " paid " + payment.paid() + ", credited to the lender "
                        + installment.credits);
                }
                if (!java.util.Objects.equals(installment.status(), outcomes.getOrDefault(id, installment.status()))) {
                    violations.add("installment " + id + " is " + installment.status() + " in the ledger but the API "
                        + "answers " + outcomes.get(id));
                }
                last = payment.after();
            }
        }
        return new int[] {due, booked};
    }

    /** Fees charged and not yet settled to the fee account, decayed to {@code at}. */
    double unsettledFeesMicros(List<LedgerEvent> events, Instant at) {
        double unsettled = 0;
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.TransferDebited debit) {
                unsettled += decayed(debit.fee().micros(), debit.at(), at);
            } else if (event instanceof LedgerEvent.LegsDebited debit) {
                unsettled += decayed(debit.fee().micros(), debit.at(), at);
            } else if (event instanceof LedgerEvent.CollectionSettled settled) {
                unsettled += decayed(settled.fee().micros(), settled.at(), at);
            } else if (event instanceof LedgerEvent.TransferPosted posted) {
                unsettled += decayed(posted.fee().micros(), posted.reservedAt(), at);
            } else if (event instanceof LedgerEvent.FeeSettled settled) {
                unsettled -= decayed(settled.amount().micros(), settled.at(), at);
            }
        }
        return unsettled;
    }

    /**
     * A multi-leg transfer once nothing is in flight: debited once as issued (each leg's fee by the
     * schedule), then either every leg credited its amount at the debit's time and nothing refunded,
     * or the amounts refunded once and no leg credited.
     */
    private void checkLegs(String id, BankHistory.Transfer issued, Legs legs, List<String> violations) {
        if (legs.legsDebits.size() != 1 || !legs.debits.isEmpty()) {
            if (legs.rejections.size() != 1 || !legs.legsDebits.isEmpty()) {
                violations.add("multi-leg command " + id + " debited " + legs.legsDebits.size() + " times, rejected "
                    + legs.rejections.size() + " times");
            }
            return;
        }
        LedgerEvent.LegsDebited debit = legs.legsDebits.getFirst();
        List<String> asked = issued.legs().stream().map(leg -> leg.to() + "=" + leg.micros()).toList();
        List<String> booked = debit.legs().stream().map(leg -> leg.to().value() + "=" + leg.amount().micros()).toList();
        if (!asked.equals(booked) || !debit.from().value().equals(issued.from())) {
            violations.add("multi-leg command " + id + " debited " + booked + " but was issued as " + asked);
        }
        debit.legs().forEach(leg -> {
            if (leg.fee().micros() != fee(leg.amount().micros())) {
                violations.add("multi-leg command " + id + " charged fee " + leg.fee() + " on " + leg.amount());
            }
        });
        boolean refunded = !legs.legsRefunds.isEmpty();
        if (refunded) {
            if (legs.legsRefunds.size() > 1 || !legs.credits.isEmpty()
                || legs.legsRefunds.getFirst().amount().micros() != debit.amount().micros()
                || !legs.legsRefunds.getFirst().at().equals(debit.at())) {
                violations.add("multi-leg command " + id + " not all or nothing: refunds " + legs.legsRefunds
                    + ", credits " + legs.credits);
            }
            return;
        }
        if (legs.credits.size() != debit.legs().size()) {
            violations.add("multi-leg command " + id + " has " + legs.credits.size() + " of " + debit.legs().size()
                + " legs credited once nothing is in flight");
        }
        for (LedgerEvent.TransferCredited credit : legs.credits) {
            boolean matches = debit.legs().stream().anyMatch(leg -> leg.to().equals(credit.to())
                && leg.amount().equals(credit.amount()));
            if (!matches || !credit.at().equals(debit.at())) {
                violations.add("multi-leg command " + id + " credited " + credit + ", which is no leg of " + debit);
            }
        }
    }

    /**
     * Every term deposit opened as answered, once, and returned exactly once by the verdict (all
     * mature within the run): at its maturity worth principal × e^(−term/τ_term), or withdrawn
     * earlier worth principal × e^(−(t − opening)/τ) — each to the micro-unit; a withdrawal answered
     * COMPLETED is the return in the ledger.
     */
    private void checkTermDeposits(BankHistory history, Map<String, LedgerEvent.TermDepositOpened> opened,
                                   Map<String, List<LedgerEvent.TermDepositReturned>> returned, List<String> violations) {
        for (BankHistory.TermDeposit deposit : history.termDeposits.values()) {
            Answer answer = history.answers.get(deposit.id());
            LedgerEvent.TermDepositOpened open = opened.get(deposit.id());
            if (answer != null && answer.status().equals("COMPLETED") != (open != null)) {
                violations.add("term deposit " + deposit.id() + " answered " + answer + " but opened: " + open);
            }
            List<LedgerEvent.TermDepositReturned> back = returned.getOrDefault(deposit.id(), List.of());
            if (open == null) {
                if (!back.isEmpty()) {
                    violations.add("term deposit " + deposit.id() + " returned but never opened: " + back);
                }
                continue;
            }
            if (back.size() != 1) {
                violations.add("term deposit " + deposit.id() + " returned " + back.size() + " times by the verdict: " + back);
                continue;
            }
            LedgerEvent.TermDepositReturned once = back.getFirst();
            Instant maturity = open.at().plus(term);
            boolean early = once.at().isBefore(maturity);
            double expected = early
                ? deposit.micros() * Math.exp(-(double) Duration.between(open.at(), once.at()).toMillis() / meanLifetime.toMillis())
                : deposit.micros() * Math.exp(-(double) term.toMillis() / termMeanLifetime.toMillis());
            if (Math.abs(once.value().micros() - expected) > 1.0 || once.at().isAfter(maturity)) {
                violations.add(String.format("term deposit %s returned %s at %s; expected %.1f µ, no later than %s",
                    deposit.id(), once.value(), once.at(), expected, maturity));
            }
            Answer withdrawal = history.answers.get(deposit.id() + "::withdraw");
            boolean withdrawn = once.commandId().value().endsWith("::withdraw");
            if (withdrawal != null && withdrawal.status().equals("COMPLETED") != withdrawn) {
                violations.add("term deposit " + deposit.id() + ": withdrawal answered " + withdrawal + ", returned by "
                    + once.commandId());
            }
        }
    }

    /** Every account the ledger holds: opened by an event, or the fee account by its first settlement. */
    static Set<String> accounts(List<LedgerEvent> events) {
        Set<String> accounts = new TreeSet<>();
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.AccountOpened || event instanceof LedgerEvent.FeeSettled) {
                accounts.add(event.account().value());
            }
        }
        return accounts;
    }

    private static Legs legs(Map<String, Legs> commands, String id) {
        return commands.computeIfAbsent(id, key -> new Legs());
    }

    /** A pending transfer's steps on the ledger topic. */
    private static final class PendingSteps {
        final List<LedgerEvent.TransferReserved> reserved = new ArrayList<>();
        final List<LedgerEvent.TransferPosted> posted = new ArrayList<>();
        final List<LedgerEvent.TransferVoided> voided = new ArrayList<>();
        final List<LedgerEvent.ReservationHeld> held = new ArrayList<>();
        final List<LedgerEvent.ReservationReleased> released = new ArrayList<>();
        final List<LedgerEvent.ReservationRefused> refusals = new ArrayList<>();
    }

    private static PendingSteps pendingSteps(Map<String, PendingSteps> pending, String id) {
        return pending.computeIfAbsent(id, key -> new PendingSteps());
    }

    private static String transferOf(io.timebank.ledger.CommandId postOrVoid) {
        return io.timebank.ledger.TwoPhaseTransfers.transferOf(postOrVoid).value();
    }

    /**
     * Every pending transfer, once every timeout has passed: reserved once as created (its fee by the
     * schedule) or refused; then ended exactly once — posted (and its receiver credited once the amount,
     * as of the reservation, its hold gone) or voided (amount and fee back as of the reservation, the
     * hold released), as its client asked and was told: a posting answered COMPLETED was not voided, a
     * void answered COMPLETED was not posted, one left alone expired, one to nobody was refused.
     */
    private void checkPendings(BankHistory history, Map<String, PendingSteps> pending, Map<String, Legs> commands,
                               List<String> violations) {
        for (BankHistory.Pending issued : history.pendings.values()) {
            String id = issued.id();
            PendingSteps steps = pending.getOrDefault(id, new PendingSteps());
            Answer created = history.answers.get(id);
            if (steps.reserved.isEmpty()) {
                if (created != null && created.status().equals("COMPLETED")) {
                    violations.add("pending transfer " + id + " answered reserved, never reserved");
                }
                continue;
            }
            LedgerEvent.TransferReserved reserved = steps.reserved.getFirst();
            if (steps.reserved.size() > 1 || reserved.amount().micros() != issued.micros()
                || !reserved.to().value().equals(issued.to()) || reserved.fee().micros() != fee(issued.micros())) {
                violations.add("pending transfer " + id + " reserved " + steps.reserved + " but was created as " + issued);
            }
            if (steps.posted.size() + steps.voided.size() != 1) {
                violations.add("pending transfer " + id + " ended " + (steps.posted.size() + steps.voided.size())
                    + " times once every timeout passed: " + steps.posted + " " + steps.voided);
                continue;
            }
            Answer posting = history.answers.get(id + "::post");
            Answer voiding = history.answers.get(id + "::void");
            if (!steps.posted.isEmpty()) {
                LedgerEvent.TransferPosted posted = steps.posted.getFirst();
                Legs second = commands.getOrDefault(id + "::post", new Legs());
                boolean credited = second.credits.size() == 1 && second.refunds.isEmpty()
                    && second.credits.getFirst().amount().equals(reserved.amount())
                    && second.credits.getFirst().at().equals(reserved.at());
                // Refunded only when the posting crossed its receiver's refusal: to nobody, nothing held.
                boolean refunded = second.refunds.size() == 1 && second.credits.isEmpty() && issued.to().startsWith("ghost-")
                    && steps.held.isEmpty();
                if (!(credited || refunded) || !posted.fee().equals(reserved.fee()) || !issued.intent().equals("post")
                    || (voiding != null && voiding.status().equals("COMPLETED"))) {
                    violations.add("pending transfer " + id + " (" + issued.intent() + ") posted as " + posted
                        + " with " + second.credits + " " + second.refunds + "; void answered " + voiding);
                }
                if (credited && (steps.held.size() != 1 || !steps.released.isEmpty())) {
                    violations.add("pending transfer " + id + " credited with holds " + steps.held + " released " + steps.released);
                }
                continue;
            }
            LedgerEvent.TransferVoided voided = steps.voided.getFirst();
            // Whatever came first of: its receiver's refusal (to nobody), its client's void (if asked; a void sent after
            // the timeout is the bank's own command and answered by it), its timeout (a posting it beat is refused).
            java.util.Set<LedgerEvent.VoidCause> expected = java.util.EnumSet.of(LedgerEvent.VoidCause.EXPIRED);
            if (issued.to().startsWith("ghost-")) {
                expected.add(LedgerEvent.VoidCause.REFUSED);
            }
            if (issued.intent().equals("void")) {
                expected.add(LedgerEvent.VoidCause.VOIDED);
            }
            if (!voided.amount().equals(reserved.amount()) || !voided.fee().equals(reserved.fee())
                || !voided.at().equals(reserved.at()) || !expected.contains(voided.cause())
                || (posting != null && posting.status().equals("COMPLETED"))) {
                violations.add("pending transfer " + id + " (" + issued.intent() + ", to " + issued.to() + ") voided as "
                    + voided + "; posting answered " + posting);
            }
            if (steps.held.size() != steps.released.size()) {
                violations.add("pending transfer " + id + " voided with holds " + steps.held + " released " + steps.released);
            }
        }
    }

    private static void post(Map<String, Double> exact, Map<String, Double> gross, String account, double value) {
        exact.merge(account, value, Double::sum);
        gross.merge(account, Math.abs(value), Double::sum);
    }

    private double decayed(long micros, Instant from, Instant at) {
        double elapsed = Duration.between(from, at).toMillis();
        return micros * Math.exp(-elapsed / meanLifetime.toMillis());
    }

    private long fee(long amountMicros) {
        long proportional = BigDecimal.valueOf(amountMicros).multiply(feeRate).setScale(0, RoundingMode.HALF_EVEN)
            .longValueExact();
        return Math.max(feeMinimumMicros, proportional);
    }
}
