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
    PLATFORM_MISMATCH
}
