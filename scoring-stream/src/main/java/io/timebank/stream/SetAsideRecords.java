package io.timebank.stream;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The records the ledger set aside because handling them threw (a bug nobody has found yet): how
 * many since start and the latest, for the metric and health. Each is also on the dead-letter topic
 * with its exception, so nothing is lost; the ledger itself went on with the next record.
 */
public final class SetAsideRecords {

    /** Where an instance is passed to Kafka Streams' configuration, so the handler it creates counts here. */
    public static final String CONFIG = "timebank.set-aside-records";

    private final AtomicLong count = new AtomicLong();
    private final AtomicReference<Latest> latest = new AtomicReference<>();

    /** The latest record set aside: when, at which processor, and why. */
    public record Latest(Instant at, String stage, String reason) {
    }

    void record(String stage, String reason) {
        count.incrementAndGet();
        latest.set(new Latest(Instant.now(), stage, reason));
    }

    public long count() {
        return count.get();
    }

    /** The latest record set aside, or null when none was. */
    public Latest latest() {
        return latest.get();
    }
}
