package io.timebank.ledger;

/**
 * A scored activity as the ledger records it: the three factors (rounded to six places for the
 * record) and S = f · g · h computed from the unrounded factors, rounded once to the ledger's unit.
 */
public record Score(Measure interactionFactor, Measure originalityFactor, Measure engagementFactor, Amount value) {
}
