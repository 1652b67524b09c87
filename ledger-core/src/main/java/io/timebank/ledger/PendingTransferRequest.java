package io.timebank.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A transfer created pending, as a client sent it ({@link TwoPhaseTransfers}); {@link #validate} names
 * every bad field. Its posting and voiding are {@link #post} and {@link #cancel}.
 */
public record PendingTransferRequest(String commandId, String from, String to, String asset, String amount, String memo,
                                     String timeout) {

    public Validated<LedgerCommand.ReserveTransfer> validate(Instant acceptedAt, InputLimits limits) {
        FieldChecks checks = new FieldChecks();
        // The bank derives <id>::post and <id>::void from it.
        CommandId id = checks.clientId("commandId", commandId, StandingOrder.ID_LENGTH_MAX);
        AccountId sender = checks.parse("from", from, AccountId::new);
        AccountId receiver = checks.parse("to", to, AccountId::new);
        Asset parsedAsset = asset == null ? Asset.ATTENTION : checks.parse("asset", asset, Asset::parse);
        if (TransferRequest.AVAILABLE.equals(amount)) {
            checks.reject("amount", "a pending transfer reserves a stated amount, not everything available");
        }
        Amount parsedAmount = TransferRequest.AVAILABLE.equals(amount) ? null
            : RequestAmount.parse(checks, "amount", amount, limits);
        TransferRequest.checkMemo(checks, "memo", memo, limits);
        if (sender != null && sender.equals(receiver)) {
            checks.reject("to", "must differ from 'from': cannot transfer from an account to itself");
        }
        Duration parsedTimeout = timeout == null ? TwoPhaseTransfers.TIMEOUT_DEFAULT : checks.parse("timeout", timeout,
            PendingTransferRequest::duration);
        if (parsedTimeout != null && (parsedTimeout.isNegative() || parsedTimeout.isZero()
            || parsedTimeout.compareTo(TwoPhaseTransfers.TIMEOUT_MAX) > 0)) {
            checks.reject("timeout", "must be above 0 and at most " + TwoPhaseTransfers.TIMEOUT_MAX + ", was " + timeout);
        }
        return checks.result(() -> new LedgerCommand.ReserveTransfer(id, sender, receiver, parsedAsset, parsedAmount,
            memo == null ? "" : memo, parsedTimeout, acceptedAt));
    }

    /** Posting {@code from}'s pending transfer {@code transfer}: the command {@code <transfer>::post}. */
    public static Validated<LedgerCommand.PostTransfer> post(String from, String transfer, Instant acceptedAt) {
        FieldChecks checks = new FieldChecks();
        AccountId sender = checks.parse("account", from, AccountId::new);
        CommandId id = checks.clientId("transfer", transfer, StandingOrder.ID_LENGTH_MAX);
        return checks.result(() -> new LedgerCommand.PostTransfer(TwoPhaseTransfers.postId(id), sender, id, acceptedAt));
    }

    /** Voiding {@code from}'s pending transfer {@code transfer}: the command {@code <transfer>::void}. */
    public static Validated<LedgerCommand.VoidTransfer> cancel(String from, String transfer, Instant acceptedAt) {
        FieldChecks checks = new FieldChecks();
        AccountId sender = checks.parse("account", from, AccountId::new);
        CommandId id = checks.clientId("transfer", transfer, StandingOrder.ID_LENGTH_MAX);
        return checks.result(() -> new LedgerCommand.VoidTransfer(TwoPhaseTransfers.voidId(id), sender, id, acceptedAt));
    }

    private static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException notADuration) {
            throw new IllegalArgumentException("must be an ISO-8601 duration such as PT1H, was " + text);
        }
    }
}
