package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.Amount;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Measure;
import io.timebank.ledger.QualityRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quality incentive in the ledger: members whose scores rank high pay a lower fee, recorded in the debit. */
class QualityFeeTopologyTest {

    static final QualityRule RULE = QualityRule.parse("window=4, minimum=3, lowest=0.8, highest=1.2");

    @TempDir
    Path state;

    @Test
    void aMemberWhoseScoresRankHighPaysALowerFeeThanOneWhoseRankLow() {
        LedgerSettings settings = LedgerSettings.defaults("test.").withQuality(RULE);
        try (LedgerDriver bank = new LedgerDriver(settings, state)) {
            for (int i = 1; i <= 100; i++) {
                bank.sendActivity("crowd-" + i, "crowd-" + i, NOW.minus(Duration.ofMinutes(i)), i, 1, 1); // S = 1 … 100
            }
            bank.driver.advanceWallClockTime(settings.populations().interval());
            for (int i = 0; i < 3; i++) {
                bank.sendActivity("star-" + i, "star", NOW.minus(Duration.ofMinutes(i)), 500, 1, 1);   // above everyone
                bank.sendActivity("dull-" + i, "dull", NOW.minus(Duration.ofMinutes(i)), 0.5, 1, 1);   // below everyone
            }
            bank.bookedEvents();

            bank.transfer("t-star", "star", "dull", "100");
            bank.transfer("t-dull", "dull", "star", "1");
            List<LedgerEvent.TransferDebited> debits = bank.bookedEvents().stream()
                .filter(LedgerEvent.TransferDebited.class::isInstance).map(LedgerEvent.TransferDebited.class::cast).toList();

            assertThat(bank.account("star").quality()).isEqualTo(new QualityRule.Quality(Measure.parse("1"), 3));
            assertThat(bank.account("dull").quality().mean()).isEqualTo(Measure.parse("0"));
            // 0.1 % of 100 is 0.1: the star pays 0.8 of it, the dull member 1.2 of 0.1 % of 1.
            assertThat(debits.get(0).feeFactor()).isEqualTo(Measure.parse("0.8"));
            assertThat(debits.get(0).fee()).isEqualTo(Amount.parse("0.08"));
            assertThat(debits.get(1).feeFactor()).isEqualTo(Measure.parse("1.2"));
            assertThat(debits.get(1).fee()).isEqualTo(Amount.parse("0.0012"));
            assertThat(bank.account("crowd-1").quality().deposits()).as("every deposit is ranked").isEqualTo(1);
        }
    }
}
