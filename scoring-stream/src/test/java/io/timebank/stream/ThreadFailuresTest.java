package io.timebank.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** A dead stream thread is replaced when Kafka failed it, and stops the ledger when the ledger did. */
class ThreadFailuresTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T12:00:00Z"));
    private final LedgerApplication.ThreadFailures failures = new LedgerApplication.ThreadFailures(now::get);

    /** What the bank test saw after a broker SIGKILL: the commit of a transaction the broker lost. */
    private static StreamsException brokerLostTheTransaction() {
        return new StreamsException("Error encountered trying to commit a transaction",
            new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
    }

    @Test
    void aKafkaFailureReplacesTheThread() {
        assertThat(failures.respond(brokerLostTheTransaction())).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void aBrokenInvariantStopsTheLedger() {
        StreamsException invariant = new StreamsException("Exception caught in process",
            new IllegalStateException("event for member-a while processing member-b"));

        assertThat(failures.respond(invariant)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void aRecordTheLedgerCannotEncodeStopsTheLedger() {
        StreamsException encoding = new StreamsException("Error sending record", new SerializationException("bad"));

        assertThat(failures.respond(encoding)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void kafkaFailuresThatKeepComingStopTheLedgerAndTheCountForgetsAfterAMinute() {
        for (int replaced = 0; replaced < LedgerApplication.ThreadFailures.REPLACEMENTS_PER_MINUTE; replaced++) {
            assertThat(failures.respond(brokerLostTheTransaction())).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        assertThat(failures.respond(brokerLostTheTransaction())).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);

        now.set(now.get().plusSeconds(61));

        assertThat(failures.respond(brokerLostTheTransaction())).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
