package io.timebank.ledger;

/** The one rule for an amount a client asks to move: a decimal above zero, six places at most, within the maximum. */
public final class RequestAmount {

    private RequestAmount() {
    }

    /** {@code text} as an amount a client may ask to move (a fee quote's, say), or the error naming {@code field}. */
    public static Validated<Amount> validate(String field, String text, InputLimits limits) {
        FieldChecks checks = new FieldChecks();
        Amount amount = parse(checks, field, text, limits);
        return checks.result(() -> amount);
    }

    static Amount parse(FieldChecks checks, String field, String text, InputLimits limits) {
        Amount amount = checks.parse(field, text, Amount::parse);
        if (amount == null) {
            return null;
        }
        if (!amount.isPositive()) {
            checks.reject(field, "must be above 0, was " + amount);
        } else if (amount.compareTo(limits.amountMax()) > 0) {
            checks.reject(field, "is above the maximum " + limits.amountMax() + ", was " + amount);
        }
        return amount;
    }
}
