package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The incentive for sustained quality: a moving average of score ranks, and the fee factor it earns. */
class QualityRuleTest {

    static final QualityRule RULE = QualityRule.parse("window=4, minimum=3, lowest=0.8, highest=1.2");

    /** The worked example of docs/ECONOMICS.md. */
    @Test
    void theWorkedExample() {
        QualityRule.Quality quality = QualityRule.Quality.NONE;
        StringBuilder trail = new StringBuilder();
        for (String rank : List.of("0.9", "0.7", "0.95", "0.2")) {
            Measure next = RULE.next(quality, Measure.parse(rank));
            quality = new QualityRule.Quality(next, quality.deposits() + 1);
            trail.append(next).append(' ').append(RULE.feeFactor(quality)).append("; ");
        }
        // 0.9; 0.9 + (0.7 − 0.9)/4 = 0.85; 0.85 + 0.1/4 = 0.875; 0.875 − 0.675/4 = 0.70625
        assertThat(trail.toString()).isEqualTo(
            "0.900000 1.000000; 0.850000 1.000000; 0.875000 0.850000; 0.706250 0.917500; ");
    }

    @Property(tries = 300)
    void qualityStaysARankAndTheFactorStaysWithinItsBoundsFallingAsQualityRises(
        @ForAll @Size(min = 1, max = 50) List<@LongRange(min = 0, max = 1_000_000) Long> ranks,
        @ForAll @IntRange(min = 1, max = 50) int window) {
        QualityRule rule = new QualityRule(window, 1, Measure.parse("0.8"), Measure.parse("1.2"));
        QualityRule.Quality quality = QualityRule.Quality.NONE;
        for (long rank : ranks) {
            quality = new QualityRule.Quality(rule.next(quality, new Measure(rank)), quality.deposits() + 1);
            assertThat(quality.mean().micros()).isBetween(0L, 1_000_000L);
            Measure factor = rule.feeFactor(quality);
            assertThat(factor.micros()).isBetween(800_000L, 1_200_000L);
            Measure better = rule.feeFactor(new QualityRule.Quality(new Measure(Math.min(1_000_000, quality.mean().micros() + 1_000)),
                quality.deposits()));
            assertThat(better).isLessThanOrEqualTo(factor);
        }
    }

    @Property(tries = 200)
    void aDiscountedFeeStillBalancesDebitAgainstCreditAndFee(@ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long micros,
                                                            @ForAll @LongRange(min = 0, max = 1_000_000) long quality) {
        FeeSchedule fees = new FeeSchedule(new BigDecimal("0.01"), Amount.parse("0.000001"));
        Ledger ledger = new Ledger(LedgerTest.DECAY, fees, Ledger.BANK, InputLimits.DEFAULT, Set.of(), DailyCaps.NONE, RULE);
        Account rich = new Account(LedgerTest.ALICE, LedgerTest.FORUM, Amount.ZERO, LedgerTest.T0,
            DecayingBalance.EMPTY.plus(Amount.ofUnits(10_000_000), LedgerTest.T0, LedgerTest.DECAY), StableBalance.EMPTY,
            List.of(), new QualityRule.Quality(new Measure(quality), 10));
        Amount amount = new Amount(micros);

        LedgerEvent.TransferDebited debited = (LedgerEvent.TransferDebited) ledger.decide(new LedgerCommand.Transfer(
            CommandId.of("t"), LedgerTest.ALICE, LedgerTest.BOB, Asset.ATTENTION, amount, "", LedgerTest.T0), rich,
            ExchangeRate.parse("1")).getFirst();
        LedgerEvent.TransferCredited credited = (LedgerEvent.TransferCredited) ledger.receive(debited,
            Account.open(LedgerTest.BOB, LedgerTest.FORUM, Amount.ZERO, LedgerTest.T0)).getFirst();

        assertThat(debited.debit()).isEqualTo(credited.amount().plus(debited.fee()));
        assertThat(debited.feeFactor()).isEqualTo(RULE.feeFactor(rich.quality()));
        assertThat(debited.fee()).isEqualTo(fees.feeFor(amount, debited.feeFactor()));
        assertThat(debited.fee()).isLessThanOrEqualTo(fees.feeFor(amount, Measure.parse("1.2")));
    }

    @Test
    void aMembersDepositsCarryTheirQualityAndTheFoldRestoresIt() {
        Ledger ledger = new Ledger(LedgerTest.DECAY, FeeSchedule.NONE, Ledger.BANK, InputLimits.DEFAULT, Set.of(),
            DailyCaps.NONE, RULE);
        Account account = null;
        Ledger plain = new Ledger(LedgerTest.DECAY, FeeSchedule.NONE, Ledger.BANK, InputLimits.DEFAULT);
        Account replayed = null;
        for (int i = 0; i < 4; i++) {
            Activity activity = new Activity(ActivityId.of("a-" + i), LedgerTest.FORUM, LedgerTest.ALICE,
                LedgerTest.T0.plusSeconds(i), Measures.of(1, 1, 1), null, null);
            for (LedgerEvent event : ledger.decide(new LedgerCommand.Deposit(activity, new Score(Measure.of(1),
                Measure.of(1), Measure.of(1), Amount.ofUnits(1)), Measure.parse("0.9")), account, null)) {
                account = ledger.apply(account, event);
                replayed = plain.apply(replayed, event);
            }
        }
        assertThat(account.quality()).isEqualTo(new QualityRule.Quality(Measure.parse("0.9"), 4));
        assertThat(replayed).as("folded without the rule: the events say it all").isEqualTo(account);
        assertThat(RULE.feeFactor(account.quality())).isEqualTo(Measure.parse("0.84"));
    }

    @Test
    void aRuleWrittenWrongIsRefusedNamingWhatIsWrong() {
        assertThat(QualityRule.parse("off")).isNull();
        assertThat(QualityRule.parse("lowest=0.5")).isEqualTo(new QualityRule(20, 5, Measure.parse("0.5"), Measure.parse("1.2")));
        assertThatThrownBy(() -> QualityRule.parse("lowest=1.5")).hasMessageContaining("lowest 1.500000 and highest 1.200000");
        assertThatThrownBy(() -> QualityRule.parse("span=3")).hasMessageContaining("unknown part \"span=3\"");
        assertThatThrownBy(() -> QualityRule.parse("window=0")).hasMessageContaining("window must be within");
        assertThatThrownBy(() -> QualityRule.parse("window=x")).hasMessageContaining("whole numbers");
    }
}
