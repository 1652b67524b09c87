package io.timebank.ledger;

import java.time.Instant;
import java.util.Map;

/**
 * An activity as a platform sent it, before any rule is checked: every field may be missing or
 * wrong. Adapters (Avro, JSON) build this; {@link Activity#validate} turns it into an Activity.
 */
public record ActivityInput(String eventId, String platform, String account, Instant occurredAt,
                            Double interaction, Double originality, Double engagement,
                            String kind, Map<String, String> metadata) {
}
