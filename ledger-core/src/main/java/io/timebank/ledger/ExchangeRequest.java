package io.timebank.ledger;

import java.time.Instant;

/** An exchange of attention into the stable asset, as a client sent it. */
public record ExchangeRequest(String commandId, String account, String amount) {

    public Validated<LedgerCommand.Exchange> validate(Instant acceptedAt, InputLimits limits) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.parse("commandId", commandId, CommandId::ofClient);
        AccountId parsedAccount = checks.parse("account", account, AccountId::new);
        Amount parsedAmount = RequestAmount.parse(checks, "amount", amount, limits);
        return checks.result(() -> new LedgerCommand.Exchange(id, parsedAccount, parsedAmount, acceptedAt));
    }
}
