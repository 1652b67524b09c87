package io.timebank.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the bank knows to set its rate: the rate in force and how many were published, the latest
 * supply reading of each partition, and the bank's recent total supplies (oldest first, at most the
 * rule's {@link RateRule#samples}).
 */
public record RateBook(ExchangeRate rate, long sequence, Map<Integer, SupplyReading> readings, List<Amount> supplies) {

    public RateBook {
        readings = Map.copyOf(readings);
        supplies = List.copyOf(supplies);
    }

    /** Before the first publication: the configured initial rate, no readings. */
    public static RateBook starting(ExchangeRate initial) {
        return new RateBook(initial, 0, Map.of(), List.of());
    }

    /** The book with {@code reading} as its partition's latest, unless it already holds a later one. */
    public RateBook with(SupplyReading reading) {
        SupplyReading known = readings.get(reading.partition());
        if (known != null && known.at().isAfter(reading.at())) {
            return this;
        }
        Map<Integer, SupplyReading> next = new TreeMap<>(readings);
        next.put(reading.partition(), reading);
        return new RateBook(rate, sequence, next, supplies);
    }

    /** The bank's supply at {@code now}: every partition's latest reading decayed to now, summed. */
    public Amount supplyAt(Instant now, Decay decay) {
        Amount total = Amount.ZERO;
        for (SupplyReading reading : readings.values()) {
            total = total.plus(reading.at(now, decay));
        }
        return total;
    }

    /** The next publication at {@code now}, against the bank's stable {@code reserve}, and the book after it. */
    public Publication publish(RateRule rule, Instant now, Amount reserve, Decay decay) {
        List<Amount> recent = new ArrayList<>(supplies);
        recent.add(supplyAt(now, decay));
        if (recent.size() > rule.samples()) {
            recent = recent.subList(recent.size() - rule.samples(), recent.size());
        }
        RateRule.Decision decision = rule.next(rate, recent, reserve);
        RateChanged changed = new RateChanged(sequence + 1, now, rate, decision);
        return new Publication(changed, new RateBook(decision.rate(), sequence + 1, readings, recent));
    }

    public record Publication(RateChanged changed, RateBook after) {
    }
}
