package io.timebank.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** Which failures set a record aside and which fail the stream thread. */
class LedgerRecordFailuresTest {

    final SetAsideRecords setAside = new SetAsideRecords();
    final LedgerRecordFailures failures = new LedgerRecordFailures();

    LedgerRecordFailuresTest() {
        failures.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dead",
            SetAsideRecords.CONFIG, setAside));
    }

    static ErrorHandlerContext at(String processor) {
        return new ErrorHandlerContext() {
            public String topic() { return "timebank.commands"; }
            public int partition() { return 2; }
            public long offset() { return 41; }
            public Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return processor; }
            public TaskId taskId() { return new TaskId(0, 2); }
            public long timestamp() { return 0; }
            public byte[] sourceRawKey() { return "alice".getBytes(StandardCharsets.UTF_8); }
            public byte[] sourceRawValue() { return "the original bytes".getBytes(StandardCharsets.UTF_8); }
        };
    }

    @Test
    void everyProcessorWhereARecordMayBeSetAsideIsANodeOfTheLedger() {
        Set<String> nodes = new HashSet<>();
        LedgerTopology.build(LedgerSettings.defaults("test.")).describe().subtopologies()
            .forEach(subtopology -> subtopology.nodes().forEach(node -> nodes.add(node.name())));
        assertThat(nodes).containsAll(LedgerRecordFailures.SAFE_TO_SET_ASIDE);
    }

    @Test
    void aBugInTheLedgerSetsTheRecordAsideWithItsBytesAndReason() {
        ProcessingExceptionHandler.Response response = failures.handleError(at("ledger"), null,
            new IllegalStateException("a bug"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("dead");
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("the original bytes");
            assertThat(DeadLetter.header(dead.headers(), DeadLetter.STAGE)).isEqualTo("set-aside:ledger");
            assertThat(DeadLetter.header(dead.headers(), DeadLetter.EXCEPTION)).isEqualTo("java.lang.IllegalStateException");
        });
        assertThat(setAside.count()).isEqualTo(1);
    }

    @Test
    void aFailureAfterTheLedgerWroteItsStoresFailsTheThreadSoThatExactlyOnceRollsItBack() {
        assertThat(failures.handleError(at("ledger-sink"), null, new IllegalStateException("a bug")).result())
            .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(setAside.count()).isZero();
    }

    @Test
    void kafkaAndStoreFailuresAreNeverTheRecordsFault() {
        assertThat(failures.handleError(at("ledger"), null, new ProducerFencedException("fenced")).result())
            .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(failures.handleError(at("ledger"), null, new ProcessorStateException("disk full")).result())
            .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(setAside.count()).isZero();
    }
}
