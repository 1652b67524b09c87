package io.timebank.ledger;

import java.time.Instant;

/** What one ledger event books on its account: a signed amount of one asset, decaying from {@code at}. */
public record Posting(Asset asset, Amount amount, Instant at) {
}
