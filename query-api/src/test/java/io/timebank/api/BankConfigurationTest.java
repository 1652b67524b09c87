package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.timebank.ledger.Amount;
import io.timebank.ledger.PlatformId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The economy's settings are checked before anything starts, and a wrong one is named. */
class BankConfigurationTest {

    @Test
    void eachPlatformsCapIsReadAndTheOthersTakeTheDefault() {
        BankConfiguration configuration = new BankConfiguration();
        configuration.setDefaultCap("hard, cap=1000");
        configuration.setPlatformCaps(Map.of("forum", "convergent, soft=100, cap=150, interval=10m"));

        var caps = configuration.ledgerSettings().caps();

        assertThat(caps.forPlatform(PlatformId.of("forum")).softBudget()).isEqualTo(Amount.parse("100"));
        assertThat(caps.forPlatform(PlatformId.of("video")).hardCap()).isEqualTo(Amount.parse("1000"));
    }

    @Test
    void theEventAgeIsReadWithinItsBoundsAndIdsAreRememberedBeyondIt() {
        BankConfiguration configuration = new BankConfiguration();
        configuration.setEventAgeMax(Duration.ofDays(90));

        var settings = configuration.ledgerSettings();

        assertThat(settings.limits().eventAgeMax()).isEqualTo(Duration.ofDays(90));
        assertThat(settings.deduplicationRetention()).isGreaterThan(Duration.ofDays(91));
        configuration.setEventAgeMax(Duration.ofDays(3));
        assertThatThrownBy(configuration::ledgerSettings).hasMessage("timebank.event-age-max: must be between PT168H "
            + "and PT8784H, was PT72H");
        configuration.setEventAgeMax(Duration.ofDays(400));
        assertThatThrownBy(configuration::ledgerSettings).hasMessageStartingWith("timebank.event-age-max: must be between");
    }

    @Test
    void aCapOutOfBoundsIsRefusedNamingTheSetting() {
        BankConfiguration configuration = new BankConfiguration();
        configuration.setPlatformCaps(Map.of("forum", "convergent, soft=-5, cap=150"));
        assertThatThrownBy(configuration::ledgerSettings)
            .hasMessage("timebank.platform-caps.forum: soft must not be negative, was -5.000000");

        configuration.setPlatformCaps(Map.of());
        configuration.setDefaultCap("sigmoid, cap=5");
        assertThatThrownBy(configuration::ledgerSettings).hasMessageStartingWith("timebank.default-cap: unknown curve");

        configuration.setDefaultCap("none");
        configuration.setQualityFee("lowest=0.9, highest=0.5");
        assertThatThrownBy(configuration::ledgerSettings).hasMessageStartingWith("timebank.quality-fee: lowest 0.900000");
    }

    @Test
    void aFloatingRateOutOfBoundsIsRefusedNamingTheSetting() {
        BankConfiguration configuration = new BankConfiguration();
        configuration.setRateFormula("reserve-ratio");
        configuration.setRateCeiling("2");
        configuration.setExchangeRate("5");
        assertThatThrownBy(configuration::ledgerSettings)
            .hasMessage("timebank.exchange-rate: the initial rate 5 is outside [0.001, 2]");

        configuration.setExchangeRate("1");
        configuration.setRateWeight("1.5");
        assertThatThrownBy(configuration::ledgerSettings).hasMessage("timebank.rate-weight: weight must be in (0, 1], was 1.5");

        configuration.setRateWeight("0.5");
        configuration.setRateFloor("3");
        assertThatThrownBy(configuration::ledgerSettings).hasMessageStartingWith("timebank.rate-floor: floor 3");

        configuration.setRateFormula("bancor");
        assertThatThrownBy(configuration::ledgerSettings).hasMessageStartingWith("timebank.rate-formula: unknown formula");
    }

    @Test
    void aFloatingRateIsSetAgainstTheReserveAccountWhichTheBankOwns() {
        BankConfiguration configuration = new BankConfiguration();
        configuration.setRateFormula("reserve-ratio");
        configuration.setReserveAccount("treasury");

        var settings = configuration.ledgerSettings();

        assertThat(settings.floatingRate().reserve().value()).isEqualTo("treasury");
        assertThat(settings.systemAccounts()).extracting(account -> account.value()).contains("treasury", "bank-fees");
        assertThat(new BankConfiguration().ledgerSettings().floatingRate()).as("fixed by default").isNull();
    }

    @Test
    void aWrongSettingStopsTheStartBeforeTheBrokerDoes() {
        Map<String, Object> properties = Map.copyOf(TestBank.properties("timebank-config-test",
            "timebank.platform-caps.forum", "bezier, cap=5"));

        assertThatThrownBy(() -> ApplicationContext.run(properties).close())
            .hasStackTraceContaining("timebank.platform-caps.forum: unknown curve \"bezier\"");
    }
}
