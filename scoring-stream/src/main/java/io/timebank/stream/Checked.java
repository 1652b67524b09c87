package io.timebank.stream;

/** What a decoder made of an input record: something to route to an account, or bad input and why. */
sealed interface Checked {

    /**
     * @param encoded the validated value in the internal topic's form
     * @param inPlace whether the record already sits on the partition its account is processed on
     *                (it was keyed by the account, as the API does): then it needs no repartition
     */
    record Good(String account, byte[] encoded, boolean inPlace) implements Checked {

        Good(String account, byte[] encoded) {
            this(account, encoded, false);
        }

        Good placed(boolean onItsPartition) {
            return new Good(account, encoded, onItsPartition);
        }
    }

    /** @param original the bytes exactly as they arrived */
    record Bad(String reason, byte[] original) implements Checked {
    }
}
