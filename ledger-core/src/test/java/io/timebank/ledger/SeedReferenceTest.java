package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seed document's reference case (SPEC §2): ten activities ranked 1–5, identity f, g, h,
 * activity k at hour k, τ = 100 h, balance read at hour 10.
 */
class SeedReferenceTest {

    static final long[] INTERACTION = {4, 5, 3, 2, 5, 4, 3, 1, 2, 4};
    static final long[] ORIGINALITY = {2, 3, 1, 4, 2, 3, 1, 2, 4, 3};
    static final long[] ENGAGEMENT = {4, 3, 5, 2, 3, 5, 2, 4, 3, 4};
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Decay TAU_100_HOURS = Decay.ofMeanLifetime(Duration.ofHours(100));

    static Instant hour(long k) {
        return START.plus(Duration.ofHours(k));
    }

    @Test
    void identityScoresAreTheProductsOfTheRanks() {
        List<String> scores = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            Measures measures = Measures.of(INTERACTION[k], ORIGINALITY[k], ENGAGEMENT[k]);
            scores.add(ScoringRule.IDENTITY.score(measures, Populations.NONE, InputLimits.DEFAULT.scoreMax()).value().toString());
        }
        assertThat(scores).containsExactly("32.000000", "45.000000", "15.000000", "16.000000", "30.000000",
            "60.000000", "6.000000", "8.000000", "24.000000", "48.000000");
    }

    @Test
    void balanceAtHourTenDecaysEachActivityFromItsOwnTime() {
        DecayingBalance balance = DecayingBalance.EMPTY;
        for (int k = 0; k < 10; k++) {
            Measures measures = Measures.of(INTERACTION[k], ORIGINALITY[k], ENGAGEMENT[k]);
            Score score = ScoringRule.IDENTITY.score(measures, Populations.NONE, InputLimits.DEFAULT.scoreMax());
            balance = balance.plus(score.value(), hour(k + 1), TAU_100_HOURS);
        }

        assertThat(balance.amountAt(hour(10), TAU_100_HOURS)).hasToString("271.449881");
        assertThat(balance.entryCount()).isEqualTo(10);
        assertThat(balance.lastEntryAt()).isEqualTo(hour(10));
    }

    @Test
    void theSameCaseThroughTheLedgerGivesTheSameBalance() {
        Ledger ledger = new Ledger(TAU_100_HOURS, FeeSchedule.NONE, Ledger.BANK, InputLimits.DEFAULT);
        Account account = null;
        for (int k = 0; k < 10; k++) {
            Measures measures = Measures.of(INTERACTION[k], ORIGINALITY[k], ENGAGEMENT[k]);
            Activity activity = new Activity(ActivityId.of("seed-" + (k + 1)), PlatformId.of("seed"),
                AccountId.of("alice"), hour(k + 1), measures, null, null);
            Score score = ScoringRule.IDENTITY.score(measures, Populations.NONE, InputLimits.DEFAULT.scoreMax());
            for (LedgerEvent event : ledger.decide(new LedgerCommand.Deposit(activity, score), account, null)) {
                account = ledger.apply(account, event);
            }
        }
        assertThat(account.balance(Asset.ATTENTION, hour(10), TAU_100_HOURS)).hasToString("271.449881");
    }
}
