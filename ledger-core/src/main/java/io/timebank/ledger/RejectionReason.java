package io.timebank.ledger;

/** Why the ledger refused a command. Stable names: clients switch on them. */
public enum RejectionReason {
    /** The sender's balance at the command's time, plus its credit limit, is below amount + fee. */
    INSUFFICIENT_FUNDS,
    /** The account named does not exist (for a transfer's receiver: the amount is refunded). */
    UNKNOWN_ACCOUNT,
    /** Zero, negative, above the maximum, or too small to exchange into one micro-unit. */
    INVALID_AMOUNT,
    /** A transfer from an account to itself. */
    SAME_ACCOUNT,
    /** An account is opened twice. */
    ACCOUNT_EXISTS,
    /** A platform deposits into, or opens, an account another platform owns. */
    PLATFORM_MISMATCH,
    /** A deposit, a transfer's credit or an exchange would carry a balance above its maximum. */
    BALANCE_LIMIT,
    /** The account is one the bank itself owns: only the bank's rules open, credit or move it. */
    RESERVED_ACCOUNT,
    /** The sender already used this command id for a different request (same id, other content). */
    COMMAND_ID_REUSED,
    /** The account already has as many standing orders as it may. */
    ORDER_LIMIT,
    /** The account has no standing order of that id (never placed, finished, or cancelled). */
    UNKNOWN_ORDER,
    /** The bank offers no term deposit of that length. */
    UNKNOWN_TERM,
    /** The account has no term deposit of that id (never opened, matured, or withdrawn). */
    UNKNOWN_DEPOSIT,
    /** The account has as many term deposits as it may. */
    DEPOSIT_LIMIT,
    /** A standing order's first occurrence falls due before the order was placed. */
    INVALID_SCHEDULE,
    /** A loan is repaid, not cancelled: its installments run until it is settled or paid off. */
    LOAN_OUTSTANDING,
    /** The payer has given the collector no mandate, or none that covers the leg. */
    UNKNOWN_MANDATE,
    /** The sender has no pending transfer of that id (never created, or already posted, voided or expired). */
    NOT_PENDING;

    /**
     * Whether the command was well formed but conflicts with the state of the ledger (a retry later
     * may succeed, or the client must change something it cannot see in the request alone), rather
     * than asking for something the bank never does.
     */
    public boolean conflictsWithState() {
        return switch (this) {
            case INSUFFICIENT_FUNDS, BALANCE_LIMIT, COMMAND_ID_REUSED, ACCOUNT_EXISTS, ORDER_LIMIT, DEPOSIT_LIMIT,
                 LOAN_OUTSTANDING, UNKNOWN_MANDATE, NOT_PENDING -> true;
            case UNKNOWN_ACCOUNT, INVALID_AMOUNT, SAME_ACCOUNT, PLATFORM_MISMATCH, RESERVED_ACCOUNT, UNKNOWN_ORDER,
                 UNKNOWN_TERM, UNKNOWN_DEPOSIT, INVALID_SCHEDULE -> false;
        };
    }
}
