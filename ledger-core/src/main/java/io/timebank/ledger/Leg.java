package io.timebank.ledger;

/**
 * One receiving leg of a multi-leg transfer: who receives, how much, and the leg's own memo.
 *
 * @see LedgerCommand.MultiLegTransfer
 */
public record Leg(AccountId to, Amount amount, String memo) {

    /** The most legs one transfer may have. */
    public static final int MAX_PER_TRANSFER = 100;

    public Leg {
        if (to == null || amount == null) {
            throw new IllegalArgumentException("a leg needs a receiver and an amount");
        }
        memo = memo == null ? "" : memo;
    }

    /** A leg as the payer's debit priced it: its amount and the fee charged for it. */
    public record Priced(AccountId to, Amount amount, Amount fee, String memo) {

        public Priced {
            if (to == null || amount == null || fee == null) {
                throw new IllegalArgumentException("a priced leg needs a receiver, an amount and a fee");
            }
            memo = memo == null ? "" : memo;
        }

        public Amount debit() {
            return amount.plus(fee);
        }
    }

    /**
     * A receiver's answer to a leg offered to it: held (a null {@code refusal}), or refused and why.
     */
    public record Answer(AccountId to, RejectionReason refusal) {

        public boolean held() {
            return refusal == null;
        }
    }
}
