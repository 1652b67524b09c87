package io.timebank.ledger;

import java.time.Instant;

/** Opening an account for a platform's member by command; credit limit defaults to zero. */
public record OpenAccountRequest(String commandId, String account, String platform, String creditLimit) {

    public Validated<LedgerCommand.OpenAccount> validate(Instant acceptedAt, InputLimits limits) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.parse("commandId", commandId, CommandId::ofClient);
        AccountId parsedAccount = checks.parse("account", account, AccountId::new);
        PlatformId parsedPlatform = checks.parse("platform", platform, PlatformId::new);
        Amount limit = creditLimit == null ? Amount.ZERO : checks.parse("creditLimit", creditLimit, Amount::parse);
        if (limit != null) {
            checks.require(!limit.isNegative(), "creditLimit", "must not be negative, was " + limit);
            checks.require(limit.compareTo(limits.balanceMax()) <= 0, "creditLimit",
                "is above the largest balance " + limits.balanceMax() + ", was " + limit);
        }
        return checks.result(() -> new LedgerCommand.OpenAccount(id, parsedAccount, parsedPlatform, limit, acceptedAt));
    }
}
