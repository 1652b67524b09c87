package io.timebank.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A transfer as a client sent it; {@link #validate} names every bad field. Amounts are decimal
 * strings, or {@value #AVAILABLE} for everything the sender can send. Either one receiver ({@code to} and {@code amount}) or several ({@code legs}, each with
 * its {@code to}, {@code amount} and optional {@code memo}: a multi-leg transfer, all legs or none). A
 * transfer to one receiver may carry typed {@code metadata} ({@link Metadata}).
 */
public record TransferRequest(String commandId, String from, String to, String asset, String amount, String memo,
                              List<LegRequest> legs, Map<String, Metadata.FieldRequest> metadata) {

    /** The amount that asks to send everything the sender can, with its fee, when the transfer is booked. */
    public static final String AVAILABLE = "available";

    /** One leg as a client sent it. */
    public record LegRequest(String to, String amount, String memo) {
    }

    /** A transfer to one receiver. */
    public TransferRequest(String commandId, String from, String to, String asset, String amount, String memo) {
        this(commandId, from, to, asset, amount, memo, null, null);
    }

    /** A transfer without metadata. */
    public TransferRequest(String commandId, String from, String to, String asset, String amount, String memo,
                           List<LegRequest> legs) {
        this(commandId, from, to, asset, amount, memo, legs, null);
    }

    public Validated<LedgerCommand> validate(Instant acceptedAt, InputLimits limits) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.parse("commandId", commandId, CommandId::ofClient);
        AccountId sender = checks.parse("from", from, AccountId::new);
        Asset parsedAsset = asset == null ? Asset.ATTENTION : checks.parse("asset", asset, Asset::parse);
        checkMemo(checks, "memo", memo, limits);
        if (legs != null) {
            checks.require(to == null, "to", "must be absent when legs are given: each leg names its receiver");
            checks.require(amount == null, "amount", "must be absent when legs are given: each leg has its amount");
            checks.require(memo == null, "memo", "must be absent when legs are given: each leg has its memo");
            checks.require(metadata == null || metadata.isEmpty(), "metadata",
                "is for a transfer to one receiver: legs carry their memos only");
            List<Leg> parsed = legs(checks, legs, sender, limits);
            return checks.<LedgerCommand>result(() -> new LedgerCommand.MultiLegTransfer(id, sender, parsedAsset, parsed, acceptedAt));
        }
        AccountId receiver = checks.parse("to", to, AccountId::new);
        boolean everything = AVAILABLE.equals(amount);
        Amount parsedAmount = everything ? Amount.ZERO : RequestAmount.parse(checks, "amount", amount, limits);
        if (sender != null && sender.equals(receiver)) {
            checks.reject("to", "must differ from 'from': cannot transfer from an account to itself");
        }
        Metadata fields = Metadata.parse(checks, "metadata", metadata);
        return checks.<LedgerCommand>result(() -> new LedgerCommand.Transfer(id, sender, receiver, parsedAsset, parsedAmount,
            memo == null ? "" : memo, acceptedAt, everything, fields));
    }

    /** Legs as a client sent them, checked field by field ({@code legs[i].to}, …): 1 to 100, one per receiver, never the payer. */
    static List<Leg> legs(FieldChecks checks, List<LegRequest> legs, AccountId sender, InputLimits limits) {
        return legs(checks, legs, sender, limits, "to");
    }

    /**
     * Legs checked field by field, each naming the other party in {@code party} ({@code to} for a
     * transfer's receivers, {@code from} for a collection's payers): 1 to 100, one per party, never
     * {@code self}, their amounts together at most the largest amount.
     */
    static List<Leg> legs(FieldChecks checks, List<LegRequest> legs, AccountId self, InputLimits limits, String party) {
        if (legs.isEmpty() || legs.size() > Leg.MAX_PER_TRANSFER) {
            checks.reject("legs", "must hold from 1 to " + Leg.MAX_PER_TRANSFER + " legs, held " + legs.size());
            return List.of();
        }
        List<Leg> parsed = new ArrayList<>(legs.size());
        Set<AccountId> receivers = new HashSet<>();
        long total = 0;
        for (int i = 0; i < legs.size(); i++) {
            String field = "legs[" + i + "]";
            LegRequest leg = legs.get(i);
            if (leg == null) {
                checks.reject(field, "is required");
                continue;
            }
            AccountId receiver = checks.parse(field + "." + party, leg.to(), AccountId::new);
            Amount legAmount = RequestAmount.parse(checks, field + ".amount", leg.amount(), limits);
            checkMemo(checks, field + ".memo", leg.memo(), limits);
            if (receiver != null && receiver.equals(self)) {
                checks.reject(field + "." + party, party.equals("to")
                    ? "must differ from 'from': cannot transfer from an account to itself"
                    : "must differ from 'to': an account cannot collect from itself");
            } else if (receiver != null && !receivers.add(receiver)) {
                checks.reject(field + "." + party, receiver + (party.equals("to") ? " already receives a leg: one leg per "
                    + "receiver" : " already pays a leg: one leg per payer"));
            }
            // Summed only while within amountMax: amounts up to amountMax each then add up below 2·amountMax, in a long.
            if (legAmount != null && legAmount.isPositive() && legAmount.compareTo(limits.amountMax()) <= 0
                && total <= limits.amountMax().micros()) {
                total += legAmount.micros();
            }
            parsed.add(receiver == null || legAmount == null ? null : new Leg(receiver, legAmount, leg.memo()));
        }
        if (total > limits.amountMax().micros()) {
            checks.reject("legs", "the amounts together must be at most " + limits.amountMax() + ", were "
                + new Amount(total));
        }
        return parsed;
    }

    static void checkMemo(FieldChecks checks, String field, String memo, InputLimits limits) {
        if (memo != null) {
            checks.require(memo.length() <= limits.memoLengthMax(), field,
                "is longer than " + limits.memoLengthMax() + " characters");
            checks.require(memo.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n'), field,
                "contains control characters");
        }
    }
}
