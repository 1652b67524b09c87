package io.timebank.stream;

import io.timebank.ledger.LedgerEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the ledger reports as it works, to whoever watches it (the application's metrics): the events
 * it books, the records it sends to the dead-letter topic, and how late the scheduler runs what was
 * due. Called on the stream threads, so an observer is cheap and never throws. A transaction that
 * fails and is retried reports its events again: what is observed is at least what was committed.
 * Passed to Kafka Streams in its configuration under {@link #CONFIG}, so every processor finds it.
 */
public interface LedgerObserver {

    String CONFIG = "timebank.ledger-observer";

    /** Watches nothing. */
    LedgerObserver NONE = new LedgerObserver() {
    };

    /** {@code events} were booked on one account (and are on their way to the ledger topic). */
    default void booked(List<LedgerEvent> events) {
    }

    /** A record went to the dead-letter topic at {@code stage} ({@link DeadLetter}) for {@code reason}. */
    default void deadLetter(String stage, String reason) {
    }

    /** The scheduler ran something (an order's occurrence, a maturity, an expiry) {@code lag} after it was due. */
    default void scheduled(Duration lag) {
    }

    /** The observer in Kafka Streams' configuration, or {@link #NONE}. */
    static LedgerObserver in(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof LedgerObserver observer ? observer : NONE;
    }
}
