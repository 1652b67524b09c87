package io.timebank.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * A valid activity event: a member did something on a platform at {@code occurredAt}, with raw
 * measures for interaction, originality and engagement. (platform, id) identifies it.
 */
public record Activity(ActivityId id, PlatformId platform, AccountId account, Instant occurredAt,
                       Measures measures, String kind, Map<String, String> metadata) {

    public static final int KIND_LENGTH_MAX = 64;

    public Activity {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * Checks every field of {@code input}; times are truncated to milliseconds, measures rounded
     * half-even to six places.
     *
     * @param now the bank's clock, for the clock-skew and age bounds
     */
    public static Validated<Activity> validate(ActivityInput input, Instant now, InputLimits limits) {
        FieldChecks checks = new FieldChecks();
        ActivityId id = checks.parse("eventId", input.eventId(), ActivityId::new);
        PlatformId platform = checks.parse("platform", input.platform(), PlatformId::new);
        AccountId account = checks.parse("account", input.account(), AccountId::new);
        limits.checkEventTime(checks, "occurredAt", input.occurredAt(), now);
        Measure interaction = measure(checks, "measures.interaction", input.interaction(), limits);
        Measure originality = measure(checks, "measures.originality", input.originality(), limits);
        Measure engagement = measure(checks, "measures.engagement", input.engagement(), limits);
        String kind = input.kind();
        if (kind != null) {
            checks.require(kind.length() <= KIND_LENGTH_MAX, "kind", "is longer than " + KIND_LENGTH_MAX + " characters");
            checks.require(kind.chars().noneMatch(Character::isISOControl), "kind", "contains control characters");
        }
        Map<String, String> metadata = input.metadata() == null ? Map.of() : input.metadata();
        checks.require(metadata.size() <= limits.metadataEntriesMax(), "metadata",
            "has more than " + limits.metadataEntriesMax() + " entries");
        new TreeMap<>(metadata).forEach((key, value) -> {
            boolean fits = key != null && value != null
                && key.length() <= limits.metadataLengthMax() && value.length() <= limits.metadataLengthMax();
            checks.require(fits, "metadata." + key,
                "keys and values are required and at most " + limits.metadataLengthMax() + " characters");
        });
        return checks.result(() -> new Activity(id, platform, account,
            input.occurredAt().truncatedTo(ChronoUnit.MILLIS),
            new Measures(interaction, originality, engagement), kind, metadata));
    }

    private static Measure measure(FieldChecks checks, String field, Double raw, InputLimits limits) {
        if (raw == null) {
            checks.reject(field, "is required");
        } else if (raw.isNaN() || raw.isInfinite()) {
            checks.reject(field, "must be a finite number, was " + raw);
        } else if (raw < 0) {
            checks.reject(field, "must not be negative, was " + raw);
        } else if (raw > limits.measureMax().toDouble()) {
            checks.reject(field, "is above the maximum " + limits.measureMax() + ", was " + raw);
        } else {
            return Measure.rounded(raw);
        }
        return null;
    }
}
