package io.timebank.stream;

import io.timebank.ledger.Account;
import io.timebank.ledger.AccountEntry;
import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.StateCodec;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each account's entries in the order they were booked, for the history, explain and statement views:
 * key {@code account/sequence} (the sequence zero-padded, so keys sort in booking order), value the
 * ledger event with the account's balances after it ({@link AccountEntry}). The sequence is the
 * account's entry count after the event, unique per account. The time an entry was booked never falls
 * from one entry to the next ({@link AccountEntry#bookedAt}), so a period's entries are found by
 * bisecting the sequences, without an index of their own.
 */
public final class AccountHistory {

    private static final int SEQUENCE_DIGITS = 19;

    private AccountHistory() {
    }

    public static String key(String account, long sequence) {
        String digits = Long.toString(sequence);
        return account + "/" + "0".repeat(Math.max(0, SEQUENCE_DIGITS - digits.length())) + digits;
    }

    /** The first key after every entry of {@code account}: '/' + 1 is '0', so this bounds a range scan. */
    public static String end(String account) {
        return account + "0";
    }

    public static long sequence(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
    }

    /** The history entry for {@code event} if it changed {@code after}, the account's state once it was applied. */
    static Optional<KeyValue<String, byte[]>> entry(Account after, LedgerEvent event) {
        if (after == null || !isEntry(event)) {
            return Optional.empty();
        }
        return Optional.of(KeyValue.pair(key(after.id().value(), after.entryCount()), StateCodec.encodeEntry(event, after)));
    }

    /** The entry stored under {@code key}: its event, and the account's balances after it. */
    public static AccountEntry decode(String key, byte[] value) {
        return StateCodec.decodeEntry(sequence(key), value);
    }

    /**
     * Whether {@code event} is an entry of its account's history: refusals are not, nor the steps of a
     * multi-leg transfer that move no balance (a hold, an answer, the settlement, a release), nor a
     * standing order's placing or cancellation, nor a loan's taking (its credit is), nor a mandate, nor a collection's
     * steps that move no balance (its opening, a refusal, its refund: the legs debited, returned and
     * the whole credited are), nor a change of the credit limit (the account shows it), nor a pending transfer's
     * steps that move no balance (its posting on the sender, the hold, refusal and release on the receiver); a multi-leg transfer's debit, credits and refund are,
     * and each occurrence of a standing order's (an ordinary transfer).
     */
    private static boolean isEntry(LedgerEvent event) {
        return !(event instanceof LedgerEvent.CommandRejected || event instanceof LedgerEvent.DepositRejected
            || event instanceof LedgerEvent.LegHeld || event instanceof LedgerEvent.LegRefused
            || event instanceof LedgerEvent.LegAnswered || event instanceof LedgerEvent.LegsSettled
            || event instanceof LedgerEvent.LegReleased || event instanceof LedgerEvent.StandingOrderPlaced
            || event instanceof LedgerEvent.StandingOrderCancelled || event instanceof LedgerEvent.LoanTaken
            || event instanceof LedgerEvent.MandateGranted || event instanceof LedgerEvent.MandateRevoked
            || event instanceof LedgerEvent.CollectionOpened || event instanceof LedgerEvent.CollectionLegRefused
            || event instanceof LedgerEvent.CollectionRefunded || event instanceof LedgerEvent.CreditLimitChanged
            || event instanceof LedgerEvent.TransferPosted || event instanceof LedgerEvent.ReservationHeld
            || event instanceof LedgerEvent.ReservationRefused || event instanceof LedgerEvent.ReservationReleased);
    }

    /** Records {@code event} if it changed {@code after}. */
    static void record(KeyValueStore<String, byte[]> entries, Account after, LedgerEvent event) {
        entry(after, event).ifPresent(entry -> entries.put(entry.key, entry.value));
    }
}
