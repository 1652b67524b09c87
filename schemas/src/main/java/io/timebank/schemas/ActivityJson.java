package io.timebank.schemas;

import io.timebank.ledger.ActivityInput;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The JSON form of an activity, for platforms that cannot speak Avro (on the activities topic
 * and over HTTP). Every field may be missing here; the ledger's validation names what is wrong.
 *
 * <pre>
 * {"eventId": "e-1", "platform": "forum", "account": "alice", "occurredAt": "2026-01-01T01:00:00Z",
 *  "measures": {"interaction": 4, "originality": 2, "engagement": 4}, "kind": "post", "metadata": {}}
 * </pre>
 */
public record ActivityJson(String eventId, String platform, String account, String occurredAt,
                           MeasuresJson measures, String kind, Map<String, String> metadata) {

    public record MeasuresJson(Double interaction, Double originality, Double engagement) {
    }

    /** @throws UndecodableRecordException naming {@code occurredAt} when it is not an ISO-8601 instant */
    public ActivityInput toInput() {
        Instant at = null;
        if (occurredAt != null) {
            try {
                at = Instant.parse(occurredAt);
            } catch (DateTimeParseException notAnInstant) {
                throw new UndecodableRecordException("occurredAt: must be an ISO-8601 instant such as "
                    + "2026-01-01T00:00:00Z, was '" + abbreviate(occurredAt) + "'", notAnInstant);
            }
        }
        MeasuresJson m = measures == null ? new MeasuresJson(null, null, null) : measures;
        return new ActivityInput(eventId, platform, account, at, m.interaction(), m.originality(), m.engagement(),
            kind, metadata);
    }

    static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
