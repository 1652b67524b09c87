package io.timebank.stream;

import java.time.Duration;

/**
 * How the bank runs standing orders.
 *
 * @param schedulerInterval how often each partition looks for occurrences that fell due (wall-clock)
 * @param perAccountMax     the most standing orders one account may have at a time
 * @param failuresMax       the consecutive failed occurrences after which an order cancels itself
 */
public record OrderSettings(Duration schedulerInterval, int perAccountMax, int failuresMax) {

    /** Every second, 100 orders an account, cancelled after 3 failures in a row. */
    public static final OrderSettings DEFAULT = new OrderSettings(Duration.ofSeconds(1), 100, 3);

    public OrderSettings {
        if (schedulerInterval == null || schedulerInterval.isNegative() || schedulerInterval.isZero()) {
            throw new IllegalArgumentException("the scheduler's interval must be positive, was " + schedulerInterval);
        }
        if (perAccountMax < 1 || perAccountMax > 10_000) {
            throw new IllegalArgumentException("standing orders per account must be within [1, 10000], was " + perAccountMax);
        }
        if (failuresMax < 1 || failuresMax > 100) {
            throw new IllegalArgumentException("failures before an order cancels itself must be within [1, 100], was "
                + failuresMax);
        }
    }
}
