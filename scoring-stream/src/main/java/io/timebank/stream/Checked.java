package io.timebank.stream;

/** What a decoder made of an input record: something to route to an account, or bad input and why. */
sealed interface Checked {

    /** @param encoded the validated value in the internal topic's form */
    record Good(String account, byte[] encoded) implements Checked {
    }

    /** @param original the bytes exactly as they arrived */
    record Bad(String reason, byte[] original) implements Checked {
    }
}
