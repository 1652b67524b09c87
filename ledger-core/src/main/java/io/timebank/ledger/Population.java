package io.timebank.ledger;

/**
 * A platform's distribution of one raw measure, for the percentile scoring function.
 * Keeping it up to date is the topology's job; ranking against it is a rule of the core.
 */
public interface Population {

    /** The empty population: every measure ranks in the middle. */
    Population NONE = x -> 0.5;

    /** The mid-rank of {@code x}: (count below + half the count equal) / size, in [0, 1]; 0.5 when empty. */
    double rankOf(double x);
}
