package io.timebank.stream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The product's Kafka topics, all under one configurable prefix.
 *
 * @param activities in: activity events, Avro or JSON, any key
 * @param commands   in: ledger commands (Avro), any key
 * @param ledger     out: the event log, keyed by the account each event changes — the source of truth
 * @param deadLetter out: bad input, original bytes, the reason in headers
 * @param transit    internal: events on their way to the partition of another account (the credit leg
 *                   of a transfer, a refund, a fee settlement)
 * @param supply     internal: each partition's attention supply, sent to the partition that sets the rate
 * @param rates      out: every rate the bank published, with its inputs, in order (one partition, kept forever)
 * @param populations internal: every partition's counts of the measures it credited, per platform, dimension
 *                   and day (compacted), read by every instance for percentile scoring
 */
public record LedgerTopics(String activities, String commands, String ledger, String deadLetter, String transit,
                           String supply, String rates, String populations) {

    public static LedgerTopics withPrefix(String prefix) {
        return new LedgerTopics(prefix + "activities", prefix + "commands", prefix + "ledger", prefix + "dead-letter",
            prefix + "ledger-transit", prefix + "ledger-supply", prefix + "rates", prefix + "populations");
    }

    /** The topics the application creates at start when they are missing. */
    public Map<String, Integer> partitionsByTopic(int partitions) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(activities, partitions);
        topics.put(commands, partitions);
        topics.put(ledger, partitions);
        topics.put(deadLetter, partitions);
        topics.put(transit, partitions);
        topics.put(supply, partitions);
        topics.put(rates, 1);
        topics.put(populations, 1);
        return topics;
    }
}
