package io.timebank.ledger;

/**
 * The one rule for every identifier the ledger stores (accounts, platforms, commands, activities):
 * 1 to {@value #LENGTH_MAX} characters of letters, digits and {@code . _ : -}. Identifiers become
 * Kafka keys, store keys and URL path segments, so nothing else is let in.
 */
final class Identifier {

    static final int LENGTH_MAX = 128;

    private Identifier() {
    }

    static String require(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("is required");
        }
        if (value.length() > LENGTH_MAX) {
            throw new IllegalArgumentException("is longer than " + LENGTH_MAX + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (!allowed(value.charAt(i))) {
                throw new IllegalArgumentException("may only contain letters, digits and . _ : -");
            }
        }
        return value;
    }

    // A loop instead of a regular expression: identifiers are checked on every record, several times.
    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '_' || c == ':' || c == '-';
    }
}
