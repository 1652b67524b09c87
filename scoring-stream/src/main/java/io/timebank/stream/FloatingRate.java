package io.timebank.stream;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.RateRule;
import java.time.Duration;

/**
 * How the bank floats its exchange rate: by {@code rule}, published every {@code interval}, against
 * the stable balance of {@code reserve}, an account the bank owns. The partition that holds the
 * reserve account sets the rate; every partition reports its supply to it each interval.
 */
public record FloatingRate(RateRule rule, Duration interval, AccountId reserve) {

    public FloatingRate {
        if (rule == null || reserve == null) {
            throw new IllegalArgumentException("a floating rate needs its rule and its reserve account");
        }
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("the rate interval must be within [1s, 1 day], was " + interval);
        }
    }
}
