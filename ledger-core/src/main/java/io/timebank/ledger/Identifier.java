package io.timebank.ledger;

import java.util.regex.Pattern;

/**
 * The one rule for every identifier the ledger stores (accounts, platforms, commands, activities):
 * 1 to {@value #LENGTH_MAX} characters of letters, digits and {@code . _ : -}. Identifiers become
 * Kafka keys, store keys and URL path segments, so nothing else is let in.
 */
final class Identifier {

    static final int LENGTH_MAX = 128;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:-]+");

    private Identifier() {
    }

    static String require(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("is required");
        }
        if (value.length() > LENGTH_MAX) {
            throw new IllegalArgumentException("is longer than " + LENGTH_MAX + " characters");
        }
        if (!ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException("may only contain letters, digits and . _ : -");
        }
        return value;
    }
}
