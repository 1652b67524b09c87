package io.timebank.ledger;

import java.time.Instant;

/** An operator's change of an account's credit limit, as sent; {@link #validate} names every bad field. */
public record CreditLimitRequest(String commandId, String account, String creditLimit) {

    public Validated<LedgerCommand.ChangeCreditLimit> validate(Instant acceptedAt, InputLimits limits) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.parse("commandId", commandId, CommandId::ofClient);
        AccountId parsedAccount = checks.parse("account", account, AccountId::new);
        Amount limit = checks.parse("creditLimit", creditLimit, Amount::parse);
        if (limit != null) {
            checks.require(!limit.isNegative(), "creditLimit", "must not be negative, was " + limit);
            checks.require(limit.compareTo(limits.balanceMax()) <= 0, "creditLimit",
                "is above the largest balance " + limits.balanceMax() + ", was " + limit);
        }
        return checks.result(() -> new LedgerCommand.ChangeCreditLimit(id, parsedAccount, limit, acceptedAt));
    }
}
