package io.timebank.stream;

import java.time.Duration;

/**
 * How percentile scoring sees a platform's population: the measures credited on every partition over
 * the last {@code days} days (of the activity's date), as the partitions last published their counts,
 * every {@code interval}.
 */
public record PopulationWindow(int days, Duration interval) {

    public static final int DAYS_MAX = 366;

    public PopulationWindow {
        if (days < 1 || days > DAYS_MAX) {
            throw new IllegalArgumentException("days must be within [1, " + DAYS_MAX + "], was " + days);
        }
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("the population interval must be within [1s, 1 day], was " + interval);
        }
    }
}
