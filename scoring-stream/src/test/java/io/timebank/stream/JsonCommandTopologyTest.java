package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.Amount;
import io.timebank.schemas.avro.CommandStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands in JSON on the commands topic (a client without Avro, such as kcat): decided as the API's
 * are, under any key, a bad one named in its dead letter; the events that answer a command carry its
 * type, id and reason in headers, so its outcome can be followed without Avro too.
 */
class JsonCommandTopologyTest {

    @TempDir
    Path state;
    LedgerDriver bank;

    @BeforeEach
    void start() {
        bank = new LedgerDriver(LedgerSettings.defaults("test."), state);
        bank.sendActivity("e-1", "alice", NOW, 100, 1, 1);
        bank.sendActivity("e-2", "bob", NOW, 1, 1, 1);
        bank.bookedEvents();
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    void sendJson(String key, String json) {
        bank.commands.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
            json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTransferInJsonIsDecidedLikeTheApisWhateverItsKeyAndItsEventsNameIt() {
        sendJson(null, "{\"type\":\"transfer\",\"commandId\":\"j-1\",\"from\":\"alice\",\"to\":\"bob\",\"amount\":\"10\","
            + "\"memo\":\"lunch\"}");
        sendJson("alice", "{\"type\":\"exchange\",\"commandId\":\"j-2\",\"account\":\"alice\",\"amount\":\"5\"}");
        sendJson("alice", "{\"type\":\"transfer\",\"commandId\":\"j-3\",\"from\":\"alice\",\"to\":\"bob\",\"amount\":\"1000\"}");

        List<TestRecord<String, byte[]>> records = bank.ledger.readRecordsToList();

        assertThat(bank.outcome("alice", "j-1").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(bank.outcome("alice", "j-2").getStatus()).isEqualTo(CommandStatus.COMPLETED);
        assertThat(bank.outcome("alice", "j-3").getStatus()).isEqualTo(CommandStatus.REJECTED);
        // 100 − 10.01 (amount and its 0.1 % fee) − 5 exchanged, + 1 for bob with 10
        assertThat(bank.balance("alice", NOW)).isEqualTo(Amount.parse("84.99"));
        assertThat(bank.balance("bob", NOW)).isEqualTo(Amount.parse("11"));
        assertThat(records).extracting(record -> header(record.headers(), LedgerHeaders.TYPE) + " "
                + header(record.headers(), LedgerHeaders.COMMAND) + " " + header(record.headers(), LedgerHeaders.REASON))
            .containsExactly("TransferDebited j-1 null", "TransferCredited j-1 null", "Exchanged j-2 null",
                "CommandRejected j-3 INSUFFICIENT_FUNDS");
        assertThat(bank.deadLetterRecords()).isEmpty();
    }

    @Test
    void aBadJsonCommandGoesToTheDeadLettersNamingItsFieldAndTheLedgerGoesOn() {
        sendJson("alice", "{\"type\":\"transfer\",\"commandId\":\"j-4\",\"from\":\"alice\",\"to\":\"bob\",\"amount\":\"-3\"}");
        sendJson("alice", "{\"type\":\"loan\",\"commandId\":\"j-5\"}");
        sendJson("alice", "{\"type\":\"transfer\",\"commandId\":\"j-6\",\"from\":\"alice\",\"to\":\"bob\",\"amount\":\"2\",\"fee\":0}");
        sendJson("alice", "{\"type\":\"transfer\",\"commandId\":\"j-7::post\",\"from\":\"alice\",\"to\":\"bob\",\"amount\":\"2\"}");
        sendJson("alice", "{\"type\":\"transfer\",\"commandId\":\"j-8\",\"from\":\"alice\",\"to\":\"bob\",\"amount\":\"2\"}");

        List<TestRecord<byte[], byte[]>> dead = bank.deadLetterRecords();

        assertThat(dead).extracting(record -> DeadLetter.header(record.headers(), DeadLetter.STAGE) + " "
            + DeadLetter.header(record.headers(), DeadLetter.REASON).split(":")[0]).containsExactly(
            "invalid amount", "invalid type", "undecodable not a JSON command", "invalid commandId");
        assertThat(new String(dead.getFirst().value(), StandardCharsets.UTF_8)).contains("\"amount\":\"-3\"");
        assertThat(bank.bookedEvents()).extracting(event -> event.getClass().getSimpleName())
            .containsExactly("TransferDebited", "TransferCredited");
        assertThat(bank.outcome("alice", "j-8").getStatus()).isEqualTo(CommandStatus.COMPLETED);
    }

    @Test
    void headersAProducerForgesAreNotPassedOnAsTheBanks() {
        RecordHeaders forged = new RecordHeaders();
        forged.add(LedgerHeaders.TYPE, "TransferCredited".getBytes(StandardCharsets.UTF_8));
        forged.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
        bank.commands.pipeInput(new TestRecord<>("alice".getBytes(StandardCharsets.UTF_8), ("{\"type\":\"transfer\","
            + "\"commandId\":\"j-9\",\"from\":\"alice\",\"to\":\"bob\",\"amount\":\"1\"}").getBytes(StandardCharsets.UTF_8),
            forged));
        bank.activities.pipeInput(new TestRecord<>("carol".getBytes(StandardCharsets.UTF_8), LedgerDriver.activityJson("e-3",
            "forum", "carol", NOW, 1, 1, 1), forged));

        List<TestRecord<String, byte[]>> records = bank.ledger.readRecordsToList();

        assertThat(records).extracting(record -> java.util.stream.StreamSupport.stream(
                record.headers().headers(LedgerHeaders.TYPE).spliterator(), false).count() + " "
            + header(record.headers(), LedgerHeaders.TYPE) + " "
            + header(record.headers(), "trace-id"))
            .containsExactly("1 TransferDebited abc", "1 TransferCredited abc", "0 null abc", "0 null abc"); // carol opened, credited
    }

    private static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
