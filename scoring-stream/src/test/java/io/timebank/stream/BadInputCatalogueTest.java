package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.LedgerCommand;
import io.timebank.schemas.ActivityCodec;
import io.timebank.schemas.AvroSerde;
import io.timebank.schemas.LedgerCommandCodec;
import io.timebank.schemas.avro.ActivityEvent;
import io.timebank.schemas.avro.LedgerCommandRecord;
import io.timebank.schemas.avro.RawMeasures;
import io.timebank.schemas.avro.TransferCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on the Kafka topics, one case a row: each goes to the dead-letter topic with its
 * reason, the stream keeps running, and a good activity sent right after it is still credited.
 */
class BadInputCatalogueTest {

    static final Instant AT = NOW.minus(Duration.ofMinutes(1));

    @TempDir
    Path state;

    static Arguments row(String name, String reason, Consumer<LedgerDriver> sendBad) {
        return Arguments.of(name, reason, sendBad);
    }

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String activityJson(String fields) {
        return "{\"eventId\":\"bad\",\"platform\":\"forum\",\"account\":\"mallory\",\"occurredAt\":\"" + AT + "\","
            + "\"measures\":{\"interaction\":1,\"originality\":1,\"engagement\":1}" + fields + "}";
    }

    static Stream<Arguments> catalogue() {
        ActivityCodec codec = new ActivityCodec();
        byte[] avro = codec.encode(new ActivityEvent("bad", "forum", "mallory", AT, new RawMeasures(1.0, 1.0, 1.0), null,
            Map.of()));
        byte[] unknownFingerprint = avro.clone();
        unknownFingerprint[4] ^= 0x7F;
        Map<String, String> manyEntries = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            manyEntries.put("k" + i, "v");
        }
        LedgerCommandCodec commands = new LedgerCommandCodec();
        return Stream.of(
            row("undecodable bytes", "neither Avro single-object encoding nor a JSON object",
                bank -> bank.sendRaw(new byte[] {0x00, 0x13, 0x37})),
            row("an empty record", "empty record", bank -> bank.sendRaw(new byte[0])),
            row("an unknown Avro schema", "unknown Avro schema for ActivityEvent", bank -> bank.sendRaw(unknownFingerprint)),
            row("a truncated Avro record", "corrupt Avro ActivityEvent", bank -> bank.sendRaw(Arrays.copyOf(avro, 15))),
            row("malformed JSON", "malformed JSON", bank -> bank.sendRaw(json("{\"eventId\": \"bad\","))),
            row("a missing field", "eventId: is required", bank -> bank.sendRaw(json(
                "{\"platform\":\"forum\",\"account\":\"mallory\",\"occurredAt\":\"" + AT + "\","
                    + "\"measures\":{\"interaction\":1,\"originality\":1,\"engagement\":1}}"))),
            row("an extra field", "nickname: ", bank -> bank.sendRaw(json(activityJson(",\"nickname\":\"m\"")))),
            row("a measure of the wrong type", "measures.interaction: ", bank -> bank.sendRaw(json(
                activityJson("").replace("\"interaction\":1", "\"interaction\":[1]")))),
            row("a NaN measure", "measures.interaction: must be a finite number", bank -> bank.sendRaw(json(
                activityJson("").replace("\"interaction\":1", "\"interaction\":\"NaN\"")))),
            row("a negative measure", "measures.originality: must not be negative", bank -> bank.sendRaw(json(
                activityJson("").replace("\"originality\":1", "\"originality\":-2")))),
            row("a huge measure", "measures.engagement: is above the maximum", bank -> bank.sendRaw(json(
                activityJson("").replace("\"engagement\":1", "\"engagement\":1e300")))),
            row("an absurd score", "measures: score", bank -> bank.sendRaw(json(activityJson("")
                .replace("\"interaction\":1", "\"interaction\":1000000").replace("\"originality\":1", "\"originality\":1000000")))),
            row("a future time", "occurredAt: is in the future", bank -> bank.sendRaw(json(
                activityJson("").replace(AT.toString(), NOW.plus(Duration.ofHours(2)).toString())))),
            row("an ancient time", "occurredAt: is too old", bank -> bank.sendRaw(json(
                activityJson("").replace(AT.toString(), "2001-01-01T00:00:00Z")))),
            row("a time that is not an instant", "occurredAt: must be an ISO-8601 instant", bank -> bank.sendRaw(json(
                activityJson("").replace(AT.toString(), "last tuesday")))),
            row("an over-long id", "eventId: is longer than 128 characters", bank -> bank.sendRaw(json(
                activityJson("").replace("\"eventId\":\"bad\"", "\"eventId\":\"" + "e".repeat(129) + "\"")))),
            row("an injection-looking account", "account: may only contain", bank -> bank.sendRaw(json(
                activityJson("").replace("\"mallory\"", "\"x'; DROP TABLE accounts;--\"")))),
            row("too many metadata entries", "metadata: has more than 32 entries", bank -> bank.sendRaw(
                ActivityCodec.encodeJson(new io.timebank.schemas.ActivityJson("bad", "forum", "mallory", AT.toString(),
                    new io.timebank.schemas.ActivityJson.MeasuresJson(1.0, 1.0, 1.0), null, manyEntries)))),
            row("an oversized record", "is above the maximum of 65536", bank -> bank.sendRaw(json(
                activityJson(",\"kind\":\"" + "k".repeat(70_000) + "\"")))),
            row("a duplicate activity id", "duplicate activity: platform forum already sent event twice", bank -> {
                bank.sendActivity("twice", "mallory", AT, 1, 1, 1);
                bank.sendActivity("twice", "mallory", AT, 1, 1, 1);
            }),
            row("undecodable bytes on the commands topic", "not an Avro single-object record",
                bank -> bank.commands.pipeInput((byte[]) null, json("transfer 10 to bob"))),
            row("an activity sent to the commands topic", "unknown Avro schema for LedgerCommandRecord",
                bank -> bank.commands.pipeInput((byte[]) null, avro)),
            row("a command naming an injection-looking account", "to: may only contain", bank -> bank.commands.pipeInput(
                (byte[]) null, new AvroSerde<>(LedgerCommandRecord.class).encode(new LedgerCommandRecord("c-1", AT,
                    TransferCommand.newBuilder().setFrom("mallory").setTo("bob<script>")
                        .setAsset(io.timebank.schemas.avro.Asset.ATTENTION).setAmountMicros(1L).build())))),
            row("a command from the future", "acceptedAt: is in the future", bank -> bank.send(new LedgerCommand.Transfer(
                CommandId.of("c-2"), AccountId.of("mallory"), AccountId.of("bob"), Asset.ATTENTION, Amount.parse("1"), "",
                NOW.plus(Duration.ofHours(1))))),
            row("a command that takes a standing order's occurrence id", "commandId: must not contain '::'",
                bank -> bank.send(new LedgerCommand.Transfer(CommandId.of("rent::1"), AccountId.of("mallory"),
                    AccountId.of("bob"), Asset.ATTENTION, Amount.parse("1"), "", NOW))),
            row("a loan at 150 % an installment", "loan: the interest rate is within [0, 1]",
                bank -> bank.commands.pipeInput((byte[]) null, new AvroSerde<>(LedgerCommandRecord.class).encode(
                    new LedgerCommandRecord("l-1", AT, new io.timebank.schemas.avro.GrantLoanCommand("mallory", "bob",
                        1_000_000L, "1.5", 3, AT.plus(Duration.ofDays(1)), "P1M"))))),
            row("a loan whose rate is no number", "rate: ", bank -> bank.commands.pipeInput((byte[]) null,
                new AvroSerde<>(LedgerCommandRecord.class).encode(new LedgerCommandRecord("l-2", AT,
                    new io.timebank.schemas.avro.GrantLoanCommand("mallory", "bob", 1_000_000L, "lots", 3,
                        AT.plus(Duration.ofDays(1)), "P1M"))))),
            row("a loan repaid every second", "interval: ", bank -> bank.commands.pipeInput((byte[]) null,
                new AvroSerde<>(LedgerCommandRecord.class).encode(new LedgerCommandRecord("l-3", AT,
                    new io.timebank.schemas.avro.GrantLoanCommand("mallory", "bob", 1_000_000L, "0.01", 3,
                        AT.plus(Duration.ofDays(1)), "PT1S"))))),
            row("a duplicate command id", "duplicate command c-3 of mallory", bank -> {
                LedgerCommand.Transfer transfer = new LedgerCommand.Transfer(CommandId.of("c-3"), AccountId.of("mallory"),
                    AccountId.of("bob"), Asset.ATTENTION, Amount.parse("1"), "", NOW);
                bank.send(transfer);
                bank.send(transfer);
            }),
            row("a command id reused for another request", "COMMAND_ID_REUSED: mallory already used command id c-4",
                bank -> {
                    bank.send(new LedgerCommand.Transfer(CommandId.of("c-4"), AccountId.of("mallory"), AccountId.of("bob"),
                        Asset.ATTENTION, Amount.parse("1"), "", NOW));
                    bank.send(new LedgerCommand.Transfer(CommandId.of("c-4"), AccountId.of("mallory"), AccountId.of("bob"),
                        Asset.ATTENTION, Amount.parse("2"), "", NOW));
                }));
    }

    @ParameterizedTest(name = "{0} is dead-lettered and the stream goes on")
    @MethodSource("catalogue")
    void badInputIsDeadLetteredWithItsReasonAndGoodInputBesideItIsCredited(String name, String reason,
                                                                            Consumer<LedgerDriver> sendBad) {
        try (LedgerDriver bank = new LedgerDriver(LedgerSettings.defaults("bad."), state)) {
            sendBad.accept(bank);
            bank.sendActivity("good-after", "good", AT, 2, 3, 1);

            List<TestRecord<byte[], byte[]>> dead = bank.deadLetterRecords();
            assertThat(dead).as(name).hasSize(1);
            assertThat(DeadLetter.header(dead.getFirst().headers(), DeadLetter.REASON)).as(name).contains(reason);
            assertThat(DeadLetter.header(dead.getFirst().headers(), DeadLetter.STAGE)).as(name).isNotBlank();
            assertThat(bank.balance("good", AT)).as("the good activity after " + name).isEqualTo(Amount.parse("6"));
        }
    }
}
