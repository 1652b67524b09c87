package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class IdentifierTest {

    /** The rule as it is documented. */
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Property(tries = 2_000)
    void acceptsExactlyTheDocumentedCharacters(@ForAll @StringLength(max = 130)
                                               @CharRange(from = ' ', to = '~') @Chars({'é', '\u0000', '/', '\n'})
                                               String value) {
        boolean accepted;
        try {
            accepted = Identifier.require(value).equals(value);
        } catch (IllegalArgumentException refused) {
            accepted = false;
        }
        assertThat(accepted).as("'%s'", value).isEqualTo(RULE.matcher(value).matches());
    }

    @Property(tries = 200)
    void anAllowedIdentifierPasses(@ForAll @StringLength(min = 1, max = 128)
                                   @CharRange(from = 'a', to = 'z') @CharRange(from = '0', to = '9')
                                   @Chars({'.', '_', ':', '-', 'Q', 'Z'}) String value) {
        assertThat(Identifier.require(value)).isEqualTo(value);
    }

    @Property(tries = 1)
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> Identifier.require("a/b")).hasMessageContaining("letters, digits and . _ : -");
        assertThatThrownBy(() -> Identifier.require("")).hasMessage("is required");
        assertThatThrownBy(() -> Identifier.require("x".repeat(129))).hasMessageContaining("longer than 128");
    }
}
