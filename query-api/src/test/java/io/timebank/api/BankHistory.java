package io.timebank.api;

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

    final Map<String, Transfer> transfers = new ConcurrentHashMap<>();
    final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final Map<String, Deposit> deposits = new ConcurrentHashMap<>();
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

    void retried(String why) {
        retries.merge(why, 1, Integer::sum);
    }
}
