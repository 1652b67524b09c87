package io.timebank.stream;

/** What a decoder made of an input record: something to route to an account, or bad input and why. */
sealed interface Checked {

    /**
     * @param input   the validated input, decoded
     * @param inPlace whether the record already sits on the partition its account is processed on
     *                (it was keyed by the account, as the API does): then it needs no repartition,
     *                and goes on decoded
     */
    record Good(String account, LedgerInput input, boolean inPlace) implements Checked {

        Good(String account, LedgerInput input) {
            this(account, input, false);
        }

        Good placed(boolean onItsPartition) {
            return new Good(account, input, onItsPartition);
        }

    }

    /** @param original the bytes exactly as they arrived */
    record Bad(String reason, byte[] original) implements Checked {
    }
}
