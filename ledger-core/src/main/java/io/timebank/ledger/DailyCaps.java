package io.timebank.ledger;

import java.util.Map;

/**
 * Which {@link DailyCap} holds for which platform: each platform's own, or the default.
 *
 * @param defaultCap for platforms without their own ({@link DailyCap#NONE}: no cap)
 */
public record DailyCaps(DailyCap defaultCap, Map<PlatformId, DailyCap> platforms) {

    /** No platform capped: every score credited in full, and no deposit records a cap. */
    public static final DailyCaps NONE = new DailyCaps(DailyCap.NONE, Map.of());

    public DailyCaps {
        if (defaultCap == null) {
            throw new IllegalArgumentException("a default cap is required (DailyCap.NONE for none)");
        }
        platforms = Map.copyOf(platforms);
    }

    /** The platform's cap, or null when activities of the platform are credited in full. */
    public DailyCap forPlatform(PlatformId platform) {
        DailyCap cap = platforms.getOrDefault(platform, defaultCap);
        return cap.equals(DailyCap.NONE) ? null : cap;
    }
}
