package io.timebank.ledger;

import java.time.Instant;

/** Stable the treasury adds to the bank's reserve, as an operator sent it. */
public record ReserveFundingRequest(String commandId, String amount) {

    /** @param reserve the bank's reserve account, from its configuration */
    public Validated<LedgerCommand.FundReserve> validate(AccountId reserve, Instant acceptedAt, InputLimits limits) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.parse("commandId", commandId, CommandId::ofClient);
        Amount parsedAmount = RequestAmount.parse(checks, "amount", amount, limits);
        return checks.result(() -> new LedgerCommand.FundReserve(id, reserve, parsedAmount, acceptedAt));
    }
}
