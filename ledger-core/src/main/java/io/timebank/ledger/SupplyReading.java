package io.timebank.ledger;

import java.time.Instant;

/**
 * One partition's attention supply at a moment: the sum of its accounts' attention balances
 * decayed to {@code at}, rounded down to the micro-unit. Partitions report readings; the bank's
 * supply is their sum ({@link RateBook}).
 */
public record SupplyReading(int partition, Instant at, Amount amount) {

    public SupplyReading {
        if (partition < 0 || at == null || amount == null) {
            throw new IllegalArgumentException("a reading needs a partition, a time and an amount");
        }
    }

    /** The reading decayed from its time to {@code now} (never before it), rounded down to the micro-unit. */
    public Amount at(Instant now, Decay decay) {
        return DecayingBalance.EMPTY.plus(amount, at, decay).amountAt(now.isBefore(at) ? at : now, decay);
    }
}
