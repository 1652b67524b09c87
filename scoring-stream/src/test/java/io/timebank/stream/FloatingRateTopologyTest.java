package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.ExchangeRate;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.RateChanged;
import io.timebank.ledger.RateRule;
import io.timebank.schemas.RateCodec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rate floating with the bank's supply against its reserve, published and used by exchanges. */
class FloatingRateTopologyTest {

    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final AccountId RESERVE = AccountId.of("bank-reserve");
    static final RateRule RULE = new RateRule(1, new BigDecimal("0.5"), new BigDecimal("0.05"), ExchangeRate.parse("0.001"),
        ExchangeRate.parse("10"), 1);

    @TempDir
    Path state;
    LedgerDriver bank;
    TestOutputTopic<String, RateChanged> rates;

    @BeforeEach
    void start() {
        // One partition: under TopologyTestDriver every record is task 0's, the reserve's partition included.
        bank = new LedgerDriver(LedgerSettings.defaults("test.").withPartitions(1).withExchangeRate(ExchangeRate.parse("0.1"))
            .withFloatingRate(new FloatingRate(RULE, INTERVAL, RESERVE)), state);
        rates = bank.driver.createOutputTopic(bank.settings.topics().rates(), new StringDeserializer(),
            RateCodec.rates().deserializer());
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    @Test
    void theRateFallsAsABurstOfActivityRaisesSupplyAndAnExchangeBooksAtThePublishedRate() {
        bank.send(new LedgerCommand.FundReserve(CommandId.of("fund-1"), RESERVE, Amount.parse("10000"), NOW));
        bank.sendActivity("a-1", "alice", NOW, 200_000, 1, 1);
        List<RateChanged> published = publish(2);
        // 10,000 / (0.5 × 200,000) = 0.1: the rate stays where it was, but for the few seconds' decay of the supply.
        assertThat(published.getLast().rate().stablePerAttention()).isCloseTo(new BigDecimal("0.1"),
            org.assertj.core.api.Assertions.within(new BigDecimal("0.00001")));
        assertThat(published.getLast().decision().reserve()).isEqualTo(Amount.parse("10000"));
        // The supply read at the second interval: 200,000 decayed for 20 seconds (τ = 100 h).
        assertThat(published.getLast().decision().supply().toDecimal().doubleValue())
            .isCloseTo(200_000 * Math.exp(-20 / 360_000.0), org.assertj.core.api.Assertions.within(0.001));

        for (int i = 0; i < 3; i++) {
            bank.sendActivity("burst-" + i, "member-" + i, NOW, 200_000, 1, 1);
        }
        List<RateChanged> ticks = publish(4);
        // Each publication reads the supply the partitions reported the interval before: the burst shows from the second.
        assertThat(ticks.getFirst().decision().supply().toDecimal().doubleValue()).isLessThan(200_000);
        List<RateChanged> after = ticks.subList(1, ticks.size());

        // Supply 800,000 against the same reserve: target 0.025; the rate falls by the most a step allows, 5 %.
        BigDecimal expected = ticks.getFirst().rate().stablePerAttention();
        for (RateChanged changed : after) {
            expected = expected.multiply(new BigDecimal("0.95")).setScale(12, RoundingMode.CEILING);
            assertThat(changed.rate().stablePerAttention()).isEqualByComparingTo(expected);
            assertThat(changed.previous().stablePerAttention()).isGreaterThan(changed.rate().stablePerAttention());
        }
        assertThat(after.getLast().decision().target().stablePerAttention()).isCloseTo(new BigDecimal("0.025"),
            org.assertj.core.api.Assertions.within(new BigDecimal("0.00001")));
        assertThat(after).extracting(RateChanged::sequence).containsExactly(3L, 4L, 5L);

        bank.send(new LedgerCommand.Exchange(CommandId.of("x-1"), AccountId.of("alice"), Amount.parse("1000"), NOW));
        LedgerEvent.Exchanged exchanged = bank.bookedEvents().stream().filter(LedgerEvent.Exchanged.class::isInstance)
            .map(LedgerEvent.Exchanged.class::cast).findFirst().orElseThrow();
        assertThat(exchanged.rate()).as("the rate in force").isEqualTo(after.getLast().rate());
        assertThat(exchanged.stable()).isEqualTo(Amount.of(new BigDecimal("1000").multiply(expected)
            .setScale(6, RoundingMode.FLOOR)));
        assertThat(bank.account("bank-reserve").balance(Asset.STABLE, NOW, bank.settings.decay()))
            .isEqualTo(Amount.parse("10000"));
    }

    @Test
    void withAFixedRateNothingIsPublishedAndExchangesUseTheConfiguredRate() {
        bank.close();
        bank = new LedgerDriver(LedgerSettings.defaults("test.").withPartitions(1).withExchangeRate(ExchangeRate.parse("0.1")),
            state.resolve("fixed"));
        rates = bank.driver.createOutputTopic(bank.settings.topics().rates(), new StringDeserializer(),
            RateCodec.rates().deserializer());
        bank.sendActivity("a-1", "alice", NOW, 200_000, 1, 1);
        publish(3);

        bank.send(new LedgerCommand.Exchange(CommandId.of("x-1"), AccountId.of("alice"), Amount.parse("10"), NOW));

        assertThat(rates.isEmpty()).isTrue();
        assertThat(bank.bookedEvents()).filteredOn(LedgerEvent.Exchanged.class::isInstance)
            .extracting(event -> ((LedgerEvent.Exchanged) event).stable()).containsExactly(Amount.parse("1"));
    }

    /** Advances the bank's clock {@code intervals} rate intervals and returns what was published meanwhile. */
    private List<RateChanged> publish(int intervals) {
        for (int i = 0; i < intervals; i++) {
            bank.driver.advanceWallClockTime(INTERVAL);
        }
        return rates.readValuesToList();
    }
}
