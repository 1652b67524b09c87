package io.timebank.stream;

import io.timebank.ledger.FeeAccrual;
import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.StateCodec;
import io.timebank.schemas.StateCodec.PartitionFees;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One partition's fees: accrued at each debit the partition books, and settled to the bank's fee
 * account every {@code fee-settlement-interval} (so the fee account is not one hot key every
 * transfer passes through). Kept in the {@code fee-accruals} store under the partition's key.
 */
final class PartitionFeeBook {

    private final KeyValueStore<String, byte[]> store;
    private final int partition;
    private final String key;
    private final LedgerSettings settings;

    PartitionFeeBook(KeyValueStore<String, byte[]> store, int partition, LedgerSettings settings) {
        this.store = store;
        this.partition = partition;
        this.key = key(partition);
        this.settings = settings;
    }

    /** The key a partition's fees, and its supply, are kept under. */
    static String key(int partition) {
        return "partition-" + partition;
    }

    /**
     * The fees with those of {@code debits} (transfers', multi-leg transfers', settled collections')
     * accrued, encoded for {@link #put}; null when there are no debits.
     */
    byte[] after(List<LedgerEvent> debits) {
        if (debits.isEmpty()) {
            return null;
        }
        PartitionFees fees = fees();
        FeeAccrual accrual = fees.accrual();
        for (LedgerEvent debit : debits) {
            accrual = switch (debit) {
                case LedgerEvent.TransferDebited debited -> accrual.accrue(debited, settings.decay());
                case LedgerEvent.LegsDebited debited -> accrual.accrue(debited, settings.decay());
                case LedgerEvent.CollectionSettled settled -> accrual.accrue(settled, settings.decay());
                case LedgerEvent.TransferPosted posted -> accrual.accrue(posted, settings.decay());
                default -> throw new IllegalStateException("not a debit: " + debit);
            };
        }
        return StateCodec.encodeFees(new PartitionFees(accrual, fees.settlements()));
    }

    void put(byte[] encoded) {
        if (encoded != null) {
            store.put(key, encoded);
        }
    }

    /**
     * Settles everything accrued at {@code now} (or at the last fee, if later): the settlements to
     * send to the fee account's partition, the rest (less than a micro-unit) kept. Writes the store.
     */
    List<LedgerEvent.FeeSettled> settle(Instant now) {
        PartitionFees fees = fees();
        Instant at = now;
        Instant lastFee = fees.accrual().attention().lastEntryAt();
        if (lastFee != null && lastFee.isAfter(at)) {
            at = lastFee;
        }
        String settlementId = "fees:" + partition + ":" + (fees.settlements() + 1);
        FeeAccrual.Settlement settlement = fees.accrual().settle(settlementId, settings.feeAccount(), at, settings.decay());
        if (settlement.events().isEmpty()) {
            return List.of();
        }
        store.put(key, StateCodec.encodeFees(new PartitionFees(settlement.remaining(), fees.settlements() + 1)));
        return settlement.events();
    }

    private PartitionFees fees() {
        byte[] stored = store.get(key);
        return stored == null ? PartitionFees.NONE : StateCodec.decodeFees(stored);
    }
}
