package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AmountTest {

    @ParameterizedTest(name = "{0} parses to {1} micro-units and prints as {2}")
    @CsvSource({
        "12, 12000000, 12.000000",
        "0.5, 500000, 0.500000",
        "-3.000001, -3000001, -3.000001",
        ".25, 250000, 0.250000",
        "9223372036854.775807, 9223372036854775807, 9223372036854.775807",
        "1.500000000, 1500000, 1.500000"
    })
    void decimalsParseExactlyAndPrintWithSixPlaces(String text, long micros, String printed) {
        Amount amount = Amount.parse(text);

        assertThat(amount.micros()).isEqualTo(micros);
        assertThat(amount).hasToString(printed);
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1e3", "0x10", "1.0000001", "9223372036854.775808", "", " ",
        "1,5", "12abc"})
    void nonDecimalsTooManyPlacesAndOverflowAreRejected(String text) {
        assertThatThrownBy(() -> Amount.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arithmeticOverflowIsAnErrorNotAWrapAround() {
        Amount max = new Amount(Long.MAX_VALUE);

        assertThatThrownBy(() -> max.plus(new Amount(1))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void roundingAnExactDecimalIsExplicitAboutItsMode() {
        assertThat(Amount.rounded(new BigDecimal("0.0000015"), java.math.RoundingMode.HALF_EVEN)).hasToString("0.000002");
        assertThat(Amount.rounded(new BigDecimal("0.0000025"), java.math.RoundingMode.HALF_EVEN)).hasToString("0.000002");
        assertThat(Amount.rounded(new BigDecimal("0.0000019"), java.math.RoundingMode.FLOOR)).hasToString("0.000001");
    }
}
