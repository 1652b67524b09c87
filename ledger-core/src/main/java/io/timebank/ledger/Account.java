package io.timebank.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An account's state, derived from its ledger events: who owns it, how far below zero it may go,
 * its balance in each asset, and its recent days under its platform's {@link DailyCap}.
 *
 * @param creditLimit how far below zero each balance may go (zero by default)
 * @param days        the member's capped days that activities may still arrive for, oldest first
 *                    (empty while the platform has no cap)
 * @param quality     the member's quality for the fee incentive ({@link QualityRule.Quality#NONE} without it)
 * @param holds       legs of multi-leg transfers held for this account until they settle
 * @param pendingLegs multi-leg transfers this account paid that wait for their receivers' answers
 * @param terms       attention locked in term deposits, outside the attention balance until it returns
 * @param mandates    the collectors this account lets collect from it, each up to its maximum at once
 * @param chainHead   the head of the account's hash chain: the hash of its last event as written to the
 *                    ledger topic ({@link HashChain}); empty before its first
 * @param reservations the pending transfers it sent, amount and fee reserved until posted or voided
 */
public record Account(AccountId id, PlatformId platform, Amount creditLimit, Instant openedAt,
                      DecayingBalance attention, StableBalance stable, List<DailyCap.Day> days,
                      QualityRule.Quality quality, List<Hold> holds, List<PendingLegs> pendingLegs,
                      List<TermDeposit> terms, List<Mandate> mandates, String chainHead, List<Reservation> reservations) {

    public Account {
        if (creditLimit.isNegative()) {
            throw new IllegalArgumentException("credit limit must not be negative");
        }
        days = List.copyOf(days);
        quality = quality == null ? QualityRule.Quality.NONE : quality;
        holds = holds == null ? List.of() : List.copyOf(holds);
        pendingLegs = pendingLegs == null ? List.of() : List.copyOf(pendingLegs);
        terms = terms == null ? List.of() : List.copyOf(terms);
        mandates = mandates == null ? List.of() : List.copyOf(mandates);
        chainHead = chainHead == null ? "" : chainHead;
        reservations = reservations == null ? List.of() : List.copyOf(reservations);
    }

    public Account(AccountId id, PlatformId platform, Amount creditLimit, Instant openedAt, DecayingBalance attention,
                   StableBalance stable, List<DailyCap.Day> days, QualityRule.Quality quality, List<Hold> holds,
                   List<PendingLegs> pendingLegs, List<TermDeposit> terms, List<Mandate> mandates, String chainHead) {
        this(id, platform, creditLimit, openedAt, attention, stable, days, quality, holds, pendingLegs, terms, mandates,
            chainHead, List.of());
    }

    public Account(AccountId id, PlatformId platform, Amount creditLimit, Instant openedAt, DecayingBalance attention,
                   StableBalance stable, List<DailyCap.Day> days, QualityRule.Quality quality, List<Hold> holds,
                   List<PendingLegs> pendingLegs, List<TermDeposit> terms, List<Mandate> mandates) {
        this(id, platform, creditLimit, openedAt, attention, stable, days, quality, holds, pendingLegs, terms, mandates, "");
    }

    /**
     * A pending transfer this account sent ({@link TwoPhaseTransfers}): amount + fee reserved since
     * {@code reservedAt}, until it is posted or voided, or expires at {@code expiresAt}.
     */
    public record Reservation(CommandId transfer, AccountId to, Asset asset, Amount amount, Amount fee,
                              Instant reservedAt, Instant expiresAt) {
    }

    /** The pending transfer {@code transfer} this account sent, or null. */
    public Reservation reservation(CommandId transfer) {
        for (Reservation reservation : reservations) {
            if (reservation.transfer().equals(transfer)) {
                return reservation;
            }
        }
        return null;
    }

    Account withReservations(List<Reservation> next) {
        return new Account(id, platform, creditLimit, openedAt, attention, stable, days, quality, holds, pendingLegs, terms,
            mandates, chainHead, next);
    }

    /** This account with {@code head} as the head of its hash chain ({@link HashChain}): set by whoever writes its events. */
    public Account withChainHead(String head) {
        return new Account(id, platform, creditLimit, openedAt, attention, stable, days, quality, holds, pendingLegs, terms,
            mandates, head, reservations);
    }

    public Account(AccountId id, PlatformId platform, Amount creditLimit, Instant openedAt, DecayingBalance attention,
                   StableBalance stable, List<DailyCap.Day> days, QualityRule.Quality quality, List<Hold> holds,
                   List<PendingLegs> pendingLegs, List<TermDeposit> terms) {
        this(id, platform, creditLimit, openedAt, attention, stable, days, quality, holds, pendingLegs, terms, List.of());
    }

    /** The mandate this account gave {@code collector}, or null. */
    public Mandate mandate(AccountId collector) {
        for (Mandate mandate : mandates) {
            if (mandate.collector().equals(collector)) {
                return mandate;
            }
        }
        return null;
    }

    Account withCreditLimit(Amount next) {
        return new Account(id, platform, next, openedAt, attention, stable, days, quality, holds, pendingLegs, terms,
            mandates, chainHead, reservations);
    }

    Account withMandates(List<Mandate> next) {
        return new Account(id, platform, creditLimit, openedAt, attention, stable, days, quality, holds, pendingLegs, terms,
            next, chainHead, reservations);
    }

    public Account(AccountId id, PlatformId platform, Amount creditLimit, Instant openedAt, DecayingBalance attention,
                   StableBalance stable, List<DailyCap.Day> days, QualityRule.Quality quality, List<Hold> holds,
                   List<PendingLegs> pendingLegs) {
        this(id, platform, creditLimit, openedAt, attention, stable, days, quality, holds, pendingLegs, List.of());
    }

    /** The term deposit {@code id} of this account, or null. */
    public TermDeposit term(CommandId id) {
        for (TermDeposit deposit : terms) {
            if (deposit.id().equals(id)) {
                return deposit;
            }
        }
        return null;
    }

    Account withTerms(List<TermDeposit> next) {
        return new Account(id, platform, creditLimit, openedAt, attention, stable, days, quality, holds, pendingLegs, next,
            mandates, chainHead, reservations);
    }

    /** A leg held for this account: its transfer's command and payer, the asset and amount. */
    public record Hold(CommandId commandId, AccountId from, Asset asset, Amount amount) {
    }

    /** A multi-leg transfer this account paid: its legs as debited, and the answers received so far, in order. */
    public record PendingLegs(CommandId commandId, Asset asset, List<Leg.Priced> legs, List<Leg.Answer> answers) {

        public PendingLegs {
            legs = List.copyOf(legs);
            answers = List.copyOf(answers);
        }

        public boolean answered() {
            return answers.size() == legs.size();
        }

        /** Whether the other party of a leg ({@code party}) has answered already. */
        public boolean answeredBy(AccountId party) {
            return answers.stream().anyMatch(answer -> answer.to().equals(party));
        }

        /** Once every leg is answered: the first refusal in the legs' order (whatever order the answers came in), or null. */
        public Leg.Answer refusal() {
            for (Leg.Priced leg : legs) {
                Leg.Answer its = answerOf(leg);
                if (!its.held()) {
                    return its;
                }
            }
            return null;
        }

        /** Once every leg is answered: the legs held (or debited), in their order. */
        public List<Leg.Priced> held() {
            return legs.stream().filter(leg -> answerOf(leg).held()).toList();
        }

        private Leg.Answer answerOf(Leg.Priced leg) {
            return answers.stream().filter(answer -> answer.to().equals(leg.to())).findFirst()
                .orElseThrow(() -> new IllegalStateException("leg to " + leg.to() + " of " + commandId + " not answered"));
        }
    }

    public Account(AccountId id, PlatformId platform, Amount creditLimit, Instant openedAt, DecayingBalance attention,
                   StableBalance stable, List<DailyCap.Day> days, QualityRule.Quality quality) {
        this(id, platform, creditLimit, openedAt, attention, stable, days, quality, List.of(), List.of());
    }

    public Account(AccountId id, PlatformId platform, Amount creditLimit, Instant openedAt, DecayingBalance attention,
                   StableBalance stable, List<DailyCap.Day> days) {
        this(id, platform, creditLimit, openedAt, attention, stable, days, QualityRule.Quality.NONE);
    }

    public Account(AccountId id, PlatformId platform, Amount creditLimit, Instant openedAt, DecayingBalance attention,
                   StableBalance stable) {
        this(id, platform, creditLimit, openedAt, attention, stable, List.of(), QualityRule.Quality.NONE);
    }

    public static Account open(AccountId id, PlatformId platform, Amount creditLimit, Instant openedAt) {
        return new Account(id, platform, creditLimit, openedAt, DecayingBalance.EMPTY, StableBalance.EMPTY, List.of(),
            QualityRule.Quality.NONE);
    }

    /** The member's capped day {@code date} so far, or null when nothing capped was credited on it. */
    public DailyCap.Day day(LocalDate date) {
        for (DailyCap.Day day : days) {
            if (day.date().equals(date)) {
                return day;
            }
        }
        return null;
    }

    /** This account with {@code day} in place of its date's, keeping only days from {@code keptDays} before the newest. */
    Account withDay(DailyCap.Day day, int keptDays) {
        List<DailyCap.Day> next = new ArrayList<>(days.size() + 1);
        for (DailyCap.Day kept : days) {
            if (!kept.date().equals(day.date())) {
                next.add(kept);
            }
        }
        next.add(day);
        next.sort(Comparator.comparing(DailyCap.Day::date));
        LocalDate oldest = next.getLast().date().minusDays(keptDays);
        next.removeIf(kept -> kept.date().isBefore(oldest));
        return new Account(id, platform, creditLimit, openedAt, attention, stable, next, quality, holds, pendingLegs, terms,
            mandates, chainHead, reservations);
    }

    /** The balance at {@code now} (not before the asset's last entry), rounded down to the unit. */
    public Amount balance(Asset asset, Instant now, Decay decay) {
        return Amount.of(exactBalance(asset, now, decay));
    }

    /**
     * {@link #balance} as an exact decimal that never overflows, whatever the account holds: what
     * reads show and what checks compare, so that no stored state can make either fail.
     */
    public BigDecimal exactBalance(Asset asset, Instant now, Decay decay) {
        return switch (asset) {
            case ATTENTION -> attention.unitsAt(now, decay);
            case STABLE -> stable.amount().toDecimal();
        };
    }

    /** What may leave the account at {@code now}: the balance plus the credit limit. */
    public BigDecimal spendable(Asset asset, Instant now, Decay decay) {
        return exactBalance(asset, now, decay).add(creditLimit.toDecimal());
    }

    /** t_ref of the asset: its latest entry time, or null before the first. */
    public Instant lastEntryAt(Asset asset) {
        return switch (asset) {
            case ATTENTION -> attention.lastEntryAt();
            case STABLE -> stable.lastEntryAt();
        };
    }

    public long entryCount() {
        return attention.entryCount() + stable.entryCount();
    }

    /** This account with the member's quality after a ranked deposit. */
    Account withQuality(Measure mean) {
        return new Account(id, platform, creditLimit, openedAt, attention, stable, days,
            new QualityRule.Quality(mean, quality.deposits() == Integer.MAX_VALUE ? quality.deposits() : quality.deposits() + 1),
            holds, pendingLegs, terms, mandates, chainHead, reservations);
    }

    /** What is held for this account in {@code asset}: counted against its maximum balance, not yet its own. */
    public Amount held(Asset asset) {
        Amount total = Amount.ZERO;
        for (Hold hold : holds) {
            if (hold.asset() == asset) {
                total = total.plus(hold.amount());
            }
        }
        return total;
    }

    /** The leg of {@code commandId} from {@code from} held for this account, or null. */
    public Hold hold(CommandId commandId, AccountId from) {
        for (Hold hold : holds) {
            if (hold.commandId().equals(commandId) && hold.from().equals(from)) {
                return hold;
            }
        }
        return null;
    }

    /** The multi-leg transfer {@code commandId} this account paid, while it waits for answers. */
    public PendingLegs pending(CommandId commandId) {
        for (PendingLegs pending : pendingLegs) {
            if (pending.commandId().equals(commandId)) {
                return pending;
            }
        }
        return null;
    }

    Account withHolds(List<Hold> next) {
        return new Account(id, platform, creditLimit, openedAt, attention, stable, days, quality, next, pendingLegs, terms,
            mandates, chainHead, reservations);
    }

    Account withPendingLegs(List<PendingLegs> next) {
        return new Account(id, platform, creditLimit, openedAt, attention, stable, days, quality, holds, next, terms,
            mandates, chainHead, reservations);
    }

    Account plus(Asset asset, Amount amount, Instant at, Decay decay) {
        return switch (asset) {
            case ATTENTION -> new Account(id, platform, creditLimit, openedAt, attention.plus(amount, at, decay), stable,
                days, quality, holds, pendingLegs, terms, mandates, chainHead, reservations);
            case STABLE -> new Account(id, platform, creditLimit, openedAt, attention, stable.plus(amount, at), days,
                quality, holds, pendingLegs, terms, mandates, chainHead, reservations);
        };
    }
}
