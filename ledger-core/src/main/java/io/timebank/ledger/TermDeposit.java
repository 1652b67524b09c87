package io.timebank.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * Attention locked for a term in a sub-balance of its own that decays more slowly: at its term's
 * mean lifetime τ_term instead of the bank's τ. At maturity it returns to the account's balance by
 * itself, worth principal × e^(−term/τ_term); withdrawn early it is re-valued as if it had never been
 * locked — decayed at the bank's τ from its opening — so the penalty is the slower decay given up.
 *
 * @param id           the command that opened it: the deposit's id
 * @param meanLifetime τ_term, from the bank's table of terms when it was opened
 */
public record TermDeposit(CommandId id, Amount principal, Instant openedAt, Instant maturity, Duration meanLifetime) {

    public TermDeposit {
        if (id == null || principal == null || openedAt == null || maturity == null || meanLifetime == null
            || !principal.isPositive() || !maturity.isAfter(openedAt)) {
            throw new IllegalArgumentException("a term deposit needs an id, a positive principal and a maturity after "
                + "its opening");
        }
    }

    public Decay decay() {
        return Decay.ofMeanLifetime(meanLifetime);
    }

    /** Its value at {@code at} (no later than maturity counts: it stops decaying here once it has matured). */
    public Amount valueAt(Instant at) {
        Instant until = at.isAfter(maturity) ? maturity : at.isBefore(openedAt) ? openedAt : at;
        return DecayingBalance.EMPTY.plus(principal, openedAt, decay()).amountAt(until, decay());
    }

    /** What withdrawing it at {@code at} pays: before maturity, its principal decayed at the bank's τ; from maturity, its value then. */
    public Amount withdrawalValue(Instant at, Decay bank) {
        if (!at.isBefore(maturity)) {
            return valueAt(maturity);
        }
        Instant from = at.isBefore(openedAt) ? openedAt : at;
        return DecayingBalance.EMPTY.plus(principal, openedAt, bank).amountAt(from, bank);
    }
}
