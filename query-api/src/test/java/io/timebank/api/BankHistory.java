package io.timebank.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the bank test's clients did and were told: every transfer issued, the answer each got (if
 * any ever came), every deposit sent and which were acknowledged, and what was seen wrong during
 * the run. Shared by the client threads.
 */
final class BankHistory {

    /** A transfer to one receiver ({@code to}, {@code micros}), or to several ({@code legs}; then {@code to} is null). */
    record Transfer(String commandId, String from, String to, long micros, List<Leg> legs) {

        Transfer(String commandId, String from, String to, long micros) {
            this(commandId, from, to, micros, List.of());
        }

        boolean multiLeg() {
            return !legs.isEmpty();
        }
    }

    record Leg(String to, long micros) {
    }

    /** A definite answer: COMPLETED, or REJECTED / REFUNDED with the ledger's reason. */
    record Answer(String status, String reason) {
        @Override
        public String toString() {
            return reason == null ? status : status + " " + reason;
        }
    }

    record Deposit(String eventId, String account, long micros, Instant at) {
    }

    /** A standing order: {@code count} transfers of {@code micros}, the first due at {@code first}, one every {@code interval}. */
    record Order(String id, String from, String to, long micros, Instant first, java.time.Duration interval, int count) {

        Instant due(int n) {
            return first.plus(interval.multipliedBy(n - 1L));
        }

        Instant lastDue() {
            return due(count);
        }

        /** Occurrence {@code n} as the transfer it is: command id {@code <order>::<n>}. */
        Transfer occurrence(int n) {
            return new Transfer(id + "::" + n, from, to, micros);
        }
    }

    /**
     * A loan an operator granted: {@code micros} from {@code lender} to {@code borrower}, repaid in
     * {@code count} installments, the first due at {@code first}, one every {@code interval}.
     */
    record Loan(String id, String lender, String borrower, long micros, String rate, int count, Instant first,
                java.time.Duration interval) {

        Instant due(int n) {
            return first.plus(interval.multipliedBy(n - 1L));
        }

        Instant lastDue() {
            return due(count);
        }
    }

    /** One payer's leg of a collection. */
    record Contribution(String from, long micros) {
    }

    /** A collection a client issued: into {@code to}, from each leg's payer, all legs or none. */
    record Collection(String id, String to, List<Contribution> legs) {
    }

    /** Collections issued; each one's answer is in {@link #answers} under its id. */
    final Map<String, Collection> collections = new ConcurrentHashMap<>();
    /** Mandates given, by id: the payer, the collector, the most one collection may take. */
    final Map<String, Mandate> mandates = new ConcurrentHashMap<>();
    final Map<String, Pending> pendings = new ConcurrentHashMap<>();

    record Mandate(String id, String payer, String collector, long maxMicros) {
    }

    /** Loans granted; the grant's answer is in {@link #answers} under the loan's id. */
    final Map<String, Loan> loans = new ConcurrentHashMap<>();

    final Map<String, Transfer> transfers = new ConcurrentHashMap<>();
    final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final Map<String, Deposit> deposits = new ConcurrentHashMap<>();
    /** Standing orders placed; their placing's answer is in {@link #answers} under the order's id. */
    final Map<String, Order> orders = new ConcurrentHashMap<>();
    /** Term deposits opened (their answer under their id), and those a client withdrew early (answer under the withdrawal's id). */
    final Map<String, TermDeposit> termDeposits = new ConcurrentHashMap<>();
    final Set<String> depositsAcknowledged = ConcurrentHashMap.newKeySet();
    final Queue<String> violations = new ConcurrentLinkedQueue<>();
    final Map<String, Integer> retries = new ConcurrentHashMap<>();
    /** Activity and command ids sent again after they were applied: each must be refused as a duplicate. */
    final Set<String> duplicatesSent = ConcurrentHashMap.newKeySet();

    void issued(Transfer transfer) {
        transfers.put(transfer.commandId(), transfer);
    }

    void answered(String commandId, Answer answer) {
        Answer first = answers.putIfAbsent(commandId, answer);
        if (first != null && !first.equals(answer)) {
            violations.add("command " + commandId + " answered " + first + ", then " + answer);
        }
    }

    /** A term deposit a client opened: {@code micros} locked for {@code term}. */
    record TermDeposit(String id, String account, long micros, java.time.Duration term) {
    }

    /** The transfer an occurrence id ({@code <order>::<n>}) of a placed order stands for, or null. */
    Transfer occurrence(String commandId) {
        int separator = commandId.lastIndexOf("::");
        Order order = separator < 0 ? null : orders.get(commandId.substring(0, separator));
        if (order == null) {
            return null;
        }
        String number = commandId.substring(separator + 2);
        if (number.isEmpty() || !number.chars().allMatch(Character::isDigit) || number.length() > 6) {
            return null;
        }
        int n = Integer.parseInt(number);
        return n >= 1 && n <= order.count() ? order.occurrence(n) : null;
    }

    /** Whether {@code commandId} is a loan's grant or one of its installments ({@code <loan>::<n>}). */
    boolean loanCommand(String commandId) {
        int separator = commandId.lastIndexOf("::");
        return loans.containsKey(commandId) || (separator > 0 && loans.containsKey(commandId.substring(0, separator))
            && commandId.length() > separator + 2 && commandId.substring(separator + 2).chars().allMatch(Character::isDigit));
    }

    /**
     * A transfer created pending, and what its client meant to do with it: "post" or "void" it at once, or
     * "expire" (leave it to its timeout).
     */
    record Pending(String id, String from, String to, long micros, Duration timeout, Instant createdAt, String intent) {
    }

    /** Whether {@code commandId} is a pending transfer's creation, posting ({@code ::post}) or void ({@code ::void}). */
    boolean pendingCommand(String commandId) {
        String transfer = commandId.endsWith("::post") || commandId.endsWith("::void")
            ? commandId.substring(0, commandId.length() - 6) : commandId;
        return pendings.containsKey(transfer);
    }

    /** Whether {@code commandId} is a term deposit's opening or its withdrawal ({@code <deposit>::withdraw}). */
    boolean termCommand(String commandId) {
        return termDeposits.containsKey(commandId)
            || (commandId.endsWith("::withdraw") && termDeposits.containsKey(commandId.substring(0, commandId.length() - 10)));
    }

    void retried(String why) {
        retries.merge(why, 1, Integer::sum);
    }
}
