package io.timebank.stream;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.LedgerEvent;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * When a partition's pending transfers time out: the {@code expiries} store, a {@link DueIndex} by
 * timeout, scanned by the scheduler like the term deposits' maturities. An entry is added when a
 * transfer is reserved; one posted or voided before its timeout leaves its entry, which finds nothing
 * pending when it falls due and is dropped then.
 */
final class ReservationExpiries {

    private final DueIndex index;

    ReservationExpiries(KeyValueStore<String, byte[]> index) {
        this.index = new DueIndex(index);
    }

    /** Up to {@code max} transfers timing out at or before {@code now}, the earliest first: sender and transfer each. */
    List<DueIndex.Entry> due(Instant now, int max) {
        return index.due(now, max);
    }

    void forget(DueIndex.Entry due) {
        index.delete(due);
    }

    /** Folds {@code events}, booked on {@code account}: a reserved transfer is indexed by its timeout. */
    void fold(AccountId account, List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.TransferReserved reserved) {
                index.put(reserved.expiresAt(), account, reserved.commandId());
            }
        }
    }
}
