package io.timebank.ledger;

import java.time.Instant;
import java.util.List;

/**
 * Direct debits as clients send them; each {@code validate} names every bad field. A collection
 * ({@link #collection}) names its collector and its legs, each with its payer ({@code from}),
 * amount and memo; a mandate ({@link #mandate}) its payer, its collector and the most one
 * collection may take.
 */
public final class DirectDebitRequest {

    private DirectDebitRequest() {
    }

    /** One leg of a collection as a client sent it. */
    public record ContributionRequest(String from, String amount, String memo) {
    }

    public static Validated<LedgerCommand.Collection> collection(String commandId, String to, String asset,
                                                                List<ContributionRequest> legs, Instant acceptedAt,
                                                                InputLimits limits) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.parse("commandId", commandId, CommandId::ofClient);
        AccountId collector = checks.parse("to", to, AccountId::new);
        Asset parsedAsset = asset == null ? Asset.ATTENTION : checks.parse("asset", asset, Asset::parse);
        if (parsedAsset != null && parsedAsset != Asset.ATTENTION) {
            checks.reject("asset", "a collection moves attention only");
        }
        List<Leg> parsed = List.of();
        if (legs == null) {
            checks.reject("legs", "is required: [{from, amount, memo}], the payers and what each pays");
        } else {
            parsed = TransferRequest.legs(checks, legs.stream().map(leg -> leg == null ? null
                : new TransferRequest.LegRequest(leg.from(), leg.amount(), leg.memo())).toList(), collector, limits, "from");
        }
        List<Leg> contributions = parsed;
        return checks.result(() -> new LedgerCommand.Collection(id, collector, parsedAsset, contributions.stream()
            .map(leg -> new Contribution(leg.to(), leg.amount(), leg.memo())).toList(), acceptedAt));
    }

    public static Validated<LedgerCommand.GrantMandate> mandate(String commandId, String payer, String collector,
                                                               String max, Instant acceptedAt, InputLimits limits) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.parse("commandId", commandId, CommandId::ofClient);
        AccountId from = checks.parse("payer", payer, AccountId::new);
        AccountId to = checks.parse("collector", collector, AccountId::new);
        if (from != null && from.equals(to)) {
            checks.reject("collector", "must differ from 'payer': an account cannot collect from itself");
        }
        Amount most = RequestAmount.parse(checks, "max", max, limits);
        return checks.result(() -> new LedgerCommand.GrantMandate(id, from, to, most, acceptedAt));
    }

    /** The withdrawal of {@code payer}'s mandate to {@code collector}, as named in a request's path. */
    public static Validated<LedgerCommand.RevokeMandate> revocation(String commandId, String payer, String collector,
                                                                   Instant acceptedAt) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.parse("commandId", commandId, CommandId::ofClient);
        AccountId from = checks.parse("account", payer, AccountId::new);
        AccountId to = checks.parse("collector", collector, AccountId::new);
        return checks.result(() -> new LedgerCommand.RevokeMandate(id, from, to, acceptedAt));
    }
}
