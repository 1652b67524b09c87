package io.timebank.stream;

import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.ActivityCodec;
import io.timebank.schemas.LedgerCommandCodec;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.schemas.RateCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.ValueMapper;

/**
 * The streaming ledger, read top to bottom as the data flows:
 *
 * <pre>
 *  activities ─ decode+validate ─┬─ bad ─────────────────────────────────────────────▶ dead-letter
 *                                ├─ on its account's partition ──────────┐
 *                                └─ elsewhere ─▶ activities-by-account ──┤
 *  commands ─── decode+check ────┬─ bad ─────────────────────────────────────────────▶ dead-letter
 *                                ├─ on its account's partition ──────────┤
 *                                └─ elsewhere ─▶ commands-by-account ────┤
 *  ledger-transit ───────────────────────────────────────────────────────┤
 *  ledger-supply ────────────────────────────────────────────────────────┤
 *                                                                        ▼
 *                         ledger (accounts, ids, windows, fee accruals, ─┬─ booked ───▶ ledger ─(committed)─▶ command-outcomes
 *                                 supply, rate book, standing orders,    ├─ forwarded ▶ ledger-transit
 *                                 schedule, maturities; reads rates)     │
 *                                                                        ├─ reported ─▶ ledger-supply
 *                                                                        ├─ published ▶ rates ─▶ (global store) rates
 *                                                                        ├─ counted ──▶ populations ─▶ (global store) populations
 *                                                                        └─ rejected ─▶ dead-letter
 * </pre>
 *
 * A transfer is decided and debited on the sender's partition; its debit travels through
 * ledger-transit to the receiver's partition, where it is credited, or sent back as a refund. When the
 * rate floats, every partition reports its attention supply each interval through ledger-supply to
 * the partition of the reserve account, which publishes the next rate on the rates topic; every
 * instance reads the rates topic into a global store. Each partition's scheduler (a wall-clock
 * punctuator) runs the standing orders' occurrences and returns the term deposits that fell due.
 */
public final class LedgerTopology {

    private static final Serde<String> KEYS = Serdes.String();
    private static final Serde<byte[]> BYTES = Serdes.ByteArray();

    private LedgerTopology() {
    }

    public static Topology build(LedgerSettings settings) {
        LedgerTopics topics = settings.topics();
        StreamsBuilder builder = new StreamsBuilder();
        LedgerEventCodec events = new LedgerEventCodec();
        ActivityCodec activityCodec = new ActivityCodec();
        LedgerCommandCodec commandCodec = new LedgerCommandCodec();

        String[] ledgerStores = LedgerStores.register(builder, settings, LedgerStores.ACCOUNTS, LedgerStores.ACTIVITY_IDS,
            LedgerStores.COMMAND_IDS, LedgerStores.POPULATION_COUNTS, LedgerStores.FEE_ACCRUALS, LedgerStores.ENTRIES,
            LedgerStores.SUPPLY, LedgerStores.RATE_BOOK, LedgerStores.STANDING_ORDERS, LedgerStores.SCHEDULE,
            LedgerStores.MATURITIES, LedgerStores.EXPIRIES);
        // Every published rate, on every instance: the rate in force for exchanges, and the API's history.
        builder.addGlobalStore(LedgerStores.global(LedgerStores.RATES), topics.rates(),
            Consumed.with(KEYS, BYTES).withName("rates-source"), PublishedRates::new);
        // Every partition's counts of measures: the platforms' populations for percentile scoring.
        builder.addGlobalStore(LedgerStores.global(LedgerStores.POPULATIONS), topics.populations(),
            Consumed.with(KEYS, BYTES).withName("populations-source"), PublishedPopulations::new);

        KStream<String, LedgerInput> deposits = byAccount(builder, settings, topics.activities(), "activity",
            InputDecoder.activities(settings.limits()),
            input -> activityCodec.encodeValidated(((LedgerInput.Arrived) input).activity()),
            bytes -> new LedgerInput.Arrived(activityCodec.decodeValidated(bytes), bytes));

        KStream<String, LedgerInput> commands = byAccount(builder, settings, topics.commands(), "command",
            InputDecoder.commands(settings.limits()), input -> ((LedgerInput.Command) input).encoded(),
            bytes -> new LedgerInput.Command(commandCodec.decode(bytes), bytes));

        KStream<String, LedgerInput> transit = builder
            .stream(topics.transit(), Consumed.with(KEYS, BYTES).withName("transit-source"))
            .mapValues(bytes -> (LedgerInput) new LedgerInput.Transit(events.decode(bytes)), Named.as("read-transit"));

        KStream<String, LedgerInput> readings = builder
            .stream(topics.supply(), Consumed.with(KEYS, BYTES).withName("supply-source"))
            .mapValues(bytes -> (LedgerInput) new LedgerInput.Reading(RateCodec.decodeReading(bytes)), Named.as("read-supply"));

        Map<String, KStream<String, LedgerOutput>> outputs = deposits
            .merge(commands, Named.as("merge-commands"))
            .merge(transit, Named.as("merge-transit"))
            .merge(readings, Named.as("merge-supply"))
            .process(() -> new LedgerProcessor(settings), Named.as("ledger"), ledgerStores)
            .split(Named.as("ledger-"))
            .branch((account, output) -> output instanceof LedgerOutput.Booked, Branched.as("booked"))
            .branch((account, output) -> output instanceof LedgerOutput.Forwarded, Branched.as("forwarded"))
            .branch((account, output) -> output instanceof LedgerOutput.Reported, Branched.as("reported"))
            .branch((account, output) -> output instanceof LedgerOutput.Published, Branched.as("published"))
            .branch((account, output) -> output instanceof LedgerOutput.Counted, Branched.as("counted"))
            .defaultBranch(Branched.as("rejected"));

        outputs.get("ledger-booked")
            .mapValues(output -> ((LedgerOutput.Booked) output).encoded(), Named.as("booked-event"))
            .to(topics.ledger(), Produced.with(KEYS, BYTES).withName("ledger-sink"));

        outputs.get("ledger-forwarded")
            .mapValues(output -> ((LedgerOutput.Forwarded) output).event(), Named.as("forwarded-event"))
            .to(topics.transit(), Produced.with(KEYS, events).withName("transit-sink"));

        outputs.get("ledger-reported")
            .mapValues(output -> RateCodec.encode(((LedgerOutput.Reported) output).reading()), Named.as("reported-reading"))
            .to(topics.supply(), Produced.with(KEYS, BYTES).withName("supply-sink"));

        outputs.get("ledger-published")
            .mapValues(output -> RateCodec.encode(((LedgerOutput.Published) output).changed()), Named.as("published-rate"))
            .to(topics.rates(), Produced.with(KEYS, BYTES).withName("rates-sink"));

        outputs.get("ledger-counted")
            .mapValues(output -> ((LedgerOutput.Counted) output).distribution(), Named.as("counted-distribution"))
            .to(topics.populations(), Produced.with(KEYS, BYTES).withName("populations-sink"));

        outputs.get("ledger-rejected")
            .map((account, output) -> KeyValue.pair(account.getBytes(StandardCharsets.UTF_8),
                ((LedgerOutput.Rejected) output).original()), Named.as("rejected-record"))
            .to(topics.deadLetter(), Produced.with(BYTES, BYTES).withName("ledger-dead-letter-sink"));

        // Outcomes are folded from the ledger topic itself, read (under exactly-once) committed only:
        // an outcome in the store is never one whose events could still be rolled back. Deposits and
        // the other events of no command are skipped undecoded (they read as null).
        CommandOutcomes.materialize(builder.stream(topics.ledger(), Consumed.with(KEYS,
            Serdes.serdeFrom(events.serializer(), events.commandEventDeserializer())).withName("committed-ledger-source")),
            events);

        return builder.build();
    }

    /**
     * Decodes a topic of raw input; bad records go to the dead-letter topic as they arrived. A good
     * record already on its account's partition (keyed by the account, as the API sends them) goes
     * straight on, as decoded; any other is re-keyed by its account, repartitioned in the internal
     * form ({@code write}) and decoded again ({@code read}), so each account is processed on one
     * partition either way. The straight
     * path saves a hop — a transaction commit — on every command and activity the API sends.
     */
    private static KStream<String, LedgerInput> byAccount(StreamsBuilder builder, LedgerSettings settings, String topic,
                                                          String name, InputDecoder.Check check,
                                                          ValueMapper<LedgerInput, byte[]> write,
                                                          ValueMapper<byte[], LedgerInput> read) {
        Map<String, KStream<byte[], Checked>> checked = builder
            .stream(topic, Consumed.with(BYTES, BYTES).withName(name + "-source"))
            .processValues(() -> new InputDecoder(check, settings.partitions()), Named.as("decode-" + name))
            .split(Named.as(name + "-"))
            .branch((key, value) -> value instanceof Checked.Bad, Branched.as("bad"))
            .branch((key, value) -> ((Checked.Good) value).inPlace(), Branched.as("in-place"))
            .defaultBranch(Branched.as("elsewhere"));
        checked.get(name + "-bad")
            .mapValues(value -> ((Checked.Bad) value).original(), Named.as(name + "-original"))
            .to(settings.topics().deadLetter(), Produced.with(BYTES, BYTES).withName(name + "-dead-letter-sink"));
        KStream<String, LedgerInput> inPlace = checked.get(name + "-in-place")
            .map((key, value) -> KeyValue.pair(((Checked.Good) value).account(), ((Checked.Good) value).input()),
                Named.as("key-" + name + "-in-place"));
        KStream<String, LedgerInput> repartitioned = checked.get(name + "-elsewhere")
            .map((key, value) -> KeyValue.pair(((Checked.Good) value).account(),
                write.apply(((Checked.Good) value).input())), Named.as("encode-" + name))
            .repartition(Repartitioned.with(KEYS, BYTES).withName(name + "-by-account")
                .withNumberOfPartitions(settings.partitions()))
            .mapValues(read, Named.as("read-" + name));
        return inPlace.merge(repartitioned, Named.as("merge-" + name + "-paths"));
    }
}
