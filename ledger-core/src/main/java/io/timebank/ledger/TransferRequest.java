package io.timebank.ledger;

import java.time.Instant;

/** A transfer as a client sent it; {@link #validate} names every bad field. Amount is a decimal string. */
public record TransferRequest(String commandId, String from, String to, String asset, String amount, String memo) {

    public Validated<LedgerCommand.Transfer> validate(Instant acceptedAt, InputLimits limits) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.parse("commandId", commandId, CommandId::new);
        AccountId sender = checks.parse("from", from, AccountId::new);
        AccountId receiver = checks.parse("to", to, AccountId::new);
        Asset parsedAsset = asset == null ? Asset.ATTENTION : checks.parse("asset", asset, Asset::parse);
        Amount parsedAmount = RequestAmount.parse(checks, "amount", amount, limits);
        if (sender != null && sender.equals(receiver)) {
            checks.reject("to", "must differ from 'from': cannot transfer from an account to itself");
        }
        if (memo != null) {
            checks.require(memo.length() <= limits.memoLengthMax(), "memo",
                "is longer than " + limits.memoLengthMax() + " characters");
            checks.require(memo.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n'), "memo",
                "contains control characters");
        }
        return checks.result(() -> new LedgerCommand.Transfer(id, sender, receiver, parsedAsset, parsedAmount,
            memo == null ? "" : memo, acceptedAt));
    }
}
