package io.timebank.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fees charged on one partition and not yet settled to the bank's fee account. Accruing locally
 * and settling periodically keeps the fee account from becoming one hot key that every transfer
 * in the bank must pass through. Attention fees decay while they wait, exactly as they would in
 * the fee account, so the bank's total is the same either way.
 */
public record FeeAccrual(DecayingBalance attention, Amount stable) {

    public static final FeeAccrual EMPTY = new FeeAccrual(DecayingBalance.EMPTY, Amount.ZERO);

    public FeeAccrual accrue(LedgerEvent.TransferDebited debit, Decay decay) {
        return accrue(debit.asset(), debit.fee(), debit.at(), decay);
    }

    /** The fees of every leg of a multi-leg transfer, accrued at its debit. */
    public FeeAccrual accrue(LedgerEvent.LegsDebited debit, Decay decay) {
        return accrue(debit.asset(), debit.fee(), debit.at(), decay);
    }

    /** A pending transfer's fee, charged when it is posted and accrued at its reservation, when it left the sender. */
    public FeeAccrual accrue(LedgerEvent.TransferPosted posted, Decay decay) {
        return accrue(posted.asset(), posted.fee(), posted.reservedAt(), decay);
    }

    /** The fees a collector pays for a collection's legs, accrued at its settlement. */
    public FeeAccrual accrue(LedgerEvent.CollectionSettled settled, Decay decay) {
        return accrue(settled.asset(), settled.fee(), settled.at(), decay);
    }

    private FeeAccrual accrue(Asset asset, Amount fee, Instant at, Decay decay) {
        if (!fee.isPositive()) {
            return this;
        }
        return switch (asset) {
            case ATTENTION -> new FeeAccrual(attention.plus(fee, at, decay), stable);
            case STABLE -> new FeeAccrual(attention, stable.plus(fee));
        };
    }

    /** The settlement events for whatever whole micro-units have accrued, and what remains after them. */
    public Settlement settle(String settlementId, AccountId feeAccount, Instant at, Decay decay) {
        List<LedgerEvent.FeeSettled> settled = new ArrayList<>(2);
        DecayingBalance attentionLeft = attention;
        Amount attentionDue = attention.entryCount() == 0 ? Amount.ZERO : attention.amountAt(at, decay);
        if (attentionDue.isPositive()) {
            settled.add(new LedgerEvent.FeeSettled(settlementId + ":attention", feeAccount, Asset.ATTENTION, attentionDue, at));
            attentionLeft = attention.plus(attentionDue.negate(), at, decay);
        }
        if (stable.isPositive()) {
            settled.add(new LedgerEvent.FeeSettled(settlementId + ":stable", feeAccount, Asset.STABLE, stable, at));
        }
        return new Settlement(List.copyOf(settled), new FeeAccrual(attentionLeft, Amount.ZERO));
    }

    public record Settlement(List<LedgerEvent.FeeSettled> events, FeeAccrual remaining) {
    }
}
