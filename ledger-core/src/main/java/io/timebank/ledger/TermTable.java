package io.timebank.ledger;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The terms a member may lock attention for, each with its mean lifetime τ_term (longer than the
 * bank's τ: locked value decays more slowly). Written {@code P30D=200h, P90D=400h}: an ISO-8601
 * duration ({@code P30D}, {@code PT1M}), then τ_term in hours.
 */
public record TermTable(Map<Duration, Duration> terms) {

    public static final TermTable NONE = new TermTable(Map.of());
    /** The shortest term: as short as a standing order's interval (the bank test uses it; banks offer days). */
    public static final Duration TERM_MIN = Duration.ofMinutes(1);

    public TermTable {
        terms = Collections.unmodifiableMap(new TreeMap<>(terms));
        terms.forEach((term, tau) -> {
            if (term.compareTo(TERM_MIN) < 0 || tau.toMillis() <= 0) {
                throw new IllegalArgumentException("a term is at least " + TERM_MIN + " and its mean lifetime positive: "
                    + term + "=" + tau);
            }
        });
    }

    /** Parses {@code P30D=200h, P90D=400h} ("none" or blank for no terms); each τ_term must exceed {@code bank}'s τ. */
    public static TermTable parse(String spec, Decay bank) {
        if (spec == null || spec.isBlank() || spec.strip().equalsIgnoreCase("none")) {
            return NONE;
        }
        Map<Duration, Duration> terms = new TreeMap<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.strip().split("=");
            if (parts.length != 2 || !parts[1].strip().endsWith("h")) {
                throw new IllegalArgumentException("expected term=τ hours such as P30D=200h, was '" + entry.strip() + "'");
            }
            Duration term;
            try {
                term = Duration.parse(parts[0].strip().replaceFirst("^P(\\d+)D$", "P$1D"));
            } catch (DateTimeParseException bad) {
                throw new IllegalArgumentException("a term is an ISO-8601 duration such as P30D, was " + parts[0].strip());
            }
            Duration tau = Duration.ofHours(Long.parseLong(parts[1].strip().replace("h", "").strip()));
            if (tau.compareTo(bank.meanLifetime()) <= 0) {
                throw new IllegalArgumentException("τ of term " + term + " (" + tau + ") must exceed the bank's τ "
                    + bank.meanLifetime() + ": locked value decays more slowly");
            }
            terms.put(term, tau);
        }
        return new TermTable(terms);
    }

    /** τ_term of {@code term}, or null when the bank offers no such term. */
    public Duration meanLifetime(Duration term) {
        return terms.get(term);
    }
}
