package io.timebank.api;

import io.timebank.ledger.CommandKey;
import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.avro.CommandOutcomeRecord;
import io.timebank.schemas.avro.CommandStatus;
import io.timebank.stream.CommandOutcomes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Commands' outcomes as the committed ledger reports them, the moment it does: fed every committed
 * client-command event by {@link LedgerTail}, it folds them the way the outcome store does and
 * completes whoever waits for a command as soon as its outcome is final — no polling. It also
 * remembers the latest outcomes ({@link #RECENT_MAX}), so that a read right after an answer sees
 * it even while the outcome store (one more hop away) catches up.
 */
final class Outcomes {

    /** Outcomes remembered after they were folded, newest kept. */
    static final int RECENT_MAX = 100_000;

    private final Map<String, CommandOutcomeRecord> recent = new LinkedHashMap<>(1_024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CommandOutcomeRecord> eldest) {
            return size() > RECENT_MAX;
        }
    };
    private final Map<String, List<CompletableFuture<CommandOutcomeRecord>>> waiting = new HashMap<>();

    /** Folds one committed ledger event; completes the waiters of its command when the outcome is final. */
    void accept(LedgerEvent event) {
        Optional<CommandKey> key = CommandKey.of(event);
        if (key.isEmpty()) {
            return;
        }
        String value = key.get().value();
        List<CompletableFuture<CommandOutcomeRecord>> ready = List.of();
        CommandOutcomeRecord outcome;
        synchronized (this) {
            outcome = CommandOutcomes.fold(value, event, recent.getOrDefault(value, CommandOutcomes.none()));
            recent.remove(value);
            recent.put(value, outcome);
            if (isFinal(outcome)) {
                ready = waiting.getOrDefault(value, List.of());
                waiting.remove(value);
            }
        }
        for (CompletableFuture<CommandOutcomeRecord> waiter : ready) {
            waiter.complete(outcome);
        }
    }

    /**
     * A future that completes with the command's final outcome once the ledger has committed it —
     * at once when it already has. Register before sending the command, so nothing is missed.
     */
    synchronized CompletableFuture<CommandOutcomeRecord> await(CommandKey key) {
        CommandOutcomeRecord known = recent.get(key.value());
        if (known != null && isFinal(known)) {
            return CompletableFuture.completedFuture(known);
        }
        CompletableFuture<CommandOutcomeRecord> waiter = new CompletableFuture<>();
        waiting.computeIfAbsent(key.value(), unused -> new ArrayList<>(1)).add(waiter);
        return waiter;
    }

    /** Stops waiting (the request gave up); the outcome is still folded when it comes. */
    synchronized void forget(CommandKey key, CompletableFuture<CommandOutcomeRecord> waiter) {
        List<CompletableFuture<CommandOutcomeRecord>> waiters = waiting.get(key.value());
        if (waiters != null && waiters.remove(waiter) && waiters.isEmpty()) {
            waiting.remove(key.value());
        }
    }

    /** The latest outcome folded here for a command key ({@link CommandKey#value}), if it is still remembered. */
    synchronized Optional<CommandOutcomeRecord> recent(String key) {
        return Optional.ofNullable(recent.get(key));
    }

    /** Settled: the fold marks a command settled only once its decision is in (see {@link CommandOutcomes#fold}). */
    static boolean isFinal(CommandOutcomeRecord outcome) {
        return outcome.getStatus() != CommandStatus.PENDING && outcome.getStatus() != CommandStatus.UNKNOWN;
    }
}
