package io.timebank.stream;

import io.timebank.ledger.Account;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.DecayingSum;
import io.timebank.ledger.ExchangeRate;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Posting;
import io.timebank.ledger.RateBook;
import io.timebank.ledger.RateChanged;
import io.timebank.ledger.SupplyReading;
import io.timebank.schemas.RateCodec;
import io.timebank.schemas.StateCodec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One partition's part in the floating rate: the sum of its attention balances (its supply, kept
 * as its attention postings go by), read out every interval for the partition that sets the rate;
 * on that partition, the book of every partition's latest reading and the rate it publishes; and,
 * on every partition, the rate in force for an exchange.
 */
final class PartitionSupply {

    private static final String RATE_BOOK_KEY = "book";

    private final LedgerSettings settings;
    private final FloatingRate floating;
    private final KeyValueStore<String, byte[]> supplyStore;
    private final KeyValueStore<String, byte[]> rateBooks;
    private final KeyValueStore<String, byte[]> rates;
    private final int partition;
    private final String key;
    /** This partition's supply as last written; read from its store once per task. */
    private DecayingSum supply;

    PartitionSupply(LedgerSettings settings, KeyValueStore<String, byte[]> supplyStore,
                    KeyValueStore<String, byte[]> rateBooks, KeyValueStore<String, byte[]> rates, int partition) {
        this.settings = settings;
        this.floating = settings.floatingRate();
        this.supplyStore = supplyStore;
        this.rateBooks = rateBooks;
        this.rates = rates;
        this.partition = partition;
        this.key = PartitionFeeBook.key(partition);
    }

    /** The supply after {@code events}' attention postings, or null when the rate does not float or nothing changed it. */
    DecayingSum after(List<LedgerEvent> events) {
        if (floating == null) {
            return null;
        }
        DecayingSum next = supply();
        boolean changed = false;
        for (LedgerEvent event : events) {
            for (Posting posting : settings.ledger().postings(event)) {
                if (posting.asset() == Asset.ATTENTION && posting.amount().micros() != 0) {
                    next = next.plus(posting.amount(), posting.at(), settings.decay());
                    changed = true;
                }
            }
        }
        return changed ? next : null;
    }

    void put(DecayingSum next, byte[] encoded) {
        supplyStore.put(key, encoded);
        supply = next;
    }

    /** The supply as it stands at {@code now} (or at its last posting, if later), for the partition that sets the rate. */
    SupplyReading reading(Instant now) {
        DecayingSum current = supply();
        Instant at = current.lastAt() != null && current.lastAt().isAfter(now) ? current.lastAt() : now;
        return new SupplyReading(partition, at, current.amountAt(at, settings.decay()));
    }

    /** On the rate's partition: keeps a partition's latest reading. */
    void record(SupplyReading reading) {
        rateBooks.put(RATE_BOOK_KEY, StateCodec.encodeRateBook(book().with(reading)));
    }

    /** On the rate's partition: the next rate from the latest readings and the reserve's balance; empty before any reading. */
    Optional<RateChanged> publish(Instant now, Account reserve) {
        RateBook book = book();
        if (book.readings().isEmpty()) {
            return Optional.empty();
        }
        Amount held = reserve == null ? Amount.ZERO : Amount.max(Amount.ZERO, reserve.stable().amount());
        RateBook.Publication publication = book.publish(floating.rule(), now, held, settings.decay());
        rateBooks.put(RATE_BOOK_KEY, StateCodec.encodeRateBook(publication.after()));
        return Optional.of(publication.changed());
    }

    /** The rate an exchange is booked at: the latest published, or the configured one before the first. */
    ExchangeRate inForce() {
        if (floating == null) {
            return settings.exchangeRate();
        }
        byte[] current = rates.get(LedgerStores.CURRENT_RATE);
        return current == null ? settings.exchangeRate() : RateCodec.decodeRate(current).rate();
    }

    private RateBook book() {
        byte[] stored = rateBooks.get(RATE_BOOK_KEY);
        return stored == null ? RateBook.starting(settings.exchangeRate()) : StateCodec.decodeRateBook(stored);
    }

    private DecayingSum supply() {
        if (supply == null) {
            byte[] stored = supplyStore.get(key);
            supply = stored == null ? DecayingSum.EMPTY : StateCodec.decodeSupply(stored);
        }
        return supply;
    }
}
