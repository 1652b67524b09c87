package io.timebank.stream;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.CommandKey;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/** The topology's state stores, named once. All are changelogged: a restart restores them. */
public final class LedgerStores {

    /** account id → the account's state (balances in landmark form). Queryable. */
    public static final String ACCOUNTS = "accounts";
    /** platform:activity id → event time; remembers activities for {@link LedgerSettings#deduplicationRetention}. */
    public static final String ACTIVITY_IDS = "activity-ids";
    /** command id → accepted time; remembers commands for the same retention. */
    public static final String COMMAND_IDS = "command-ids";
    /** platform|dimension|date → this partition's counts of the measures it credited (cached), for percentile scoring. */
    public static final String POPULATION_COUNTS = "population-counts";
    /** Global: platform|dimension|date|partition → every partition's published counts. */
    public static final String POPULATIONS = "populations";
    /** partition → fees accrued there and not yet settled. */
    public static final String FEE_ACCRUALS = "fee-accruals";
    /** account/sequence → ledger event: each account's history in booking order. Queryable. */
    public static final String ENTRIES = "entries";
    /** partition → the partition's attention supply (cached: one changelog record per commit, not per posting). */
    public static final String SUPPLY = "supply";
    /** "book" → what the partition that sets the rate keeps: the rate, the readings, recent supplies. */
    public static final String RATE_BOOK = "rate-book";
    /**
     * Global: every published rate by its time and sequence ({@link #rateKey}) and the one in force under
     * {@link #CURRENT_RATE}; read by every partition for exchanges and by every instance for the API.
     */
    public static final String RATES = "rates";
    public static final String CURRENT_RATE = "current";
    /** account|order → a standing order and how far it has run. Queryable. */
    public static final String STANDING_ORDERS = "standing-orders";
    /**
     * The command key a loan takes among its borrower's ({@code borrower/<loan>}), so that its
     * installments' ids cannot meet another command's of the borrower's.
     */
    static String borrowersKey(AccountId borrower, CommandId loan) {
        return new CommandKey(borrower, loan).value();
    }

    /** The first key of {@code account}'s standing orders in {@link #STANDING_ORDERS}. */
    public static String ordersFrom(String account) {
        return account + "|";
    }

    /** After the last key of {@code account}'s standing orders: '~' sorts after every character an id may hold. */
    public static String ordersTo(String account) {
        return account + "|~";
    }

    /** due millis (20 digits)|account|order → nothing: when each standing order falls due next, in time order. */
    public static final String SCHEDULE = "schedule";
    /** maturity millis (20 digits)|account|deposit → nothing: when each term deposit returns, in time order. */
    public static final String MATURITIES = "maturities";
    /** timeout millis (20 digits)|account|transfer → nothing: when each pending transfer times out, in time order. */
    public static final String EXPIRIES = "expiries";
    /** command id → where the command stands. Queryable. */
    public static final String COMMAND_OUTCOMES = "command-outcomes";

    private LedgerStores() {
    }

    /**
     * Adds the named stores to {@code builder}, each with the kind it needs (the id stores are
     * windowed so that ids expire), and returns the names for the processor that uses them.
     */
    static String[] register(StreamsBuilder builder, LedgerSettings settings, String... names) {
        for (String name : names) {
            builder.addStateStore(switch (name) {
                case ACTIVITY_IDS, COMMAND_IDS -> ids(name, settings.deduplicationRetention());
                case ACCOUNTS, FEE_ACCRUALS, ENTRIES, RATE_BOOK, STANDING_ORDERS, SCHEDULE, MATURITIES, EXPIRIES ->
                    keyValue(name);
                case SUPPLY, POPULATION_COUNTS -> keyValue(name).withCachingEnabled();
                default -> throw new IllegalArgumentException("no store " + name);
            });
        }
        return names;
    }

    static StoreBuilder<KeyValueStore<String, byte[]>> keyValue(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray());
    }

    /** A global store (published rates, populations): restored from its topic itself, so it has no changelog. */
    static StoreBuilder<KeyValueStore<String, byte[]>> global(String name) {
        return keyValue(name).withLoggingDisabled();
    }

    /** The key of a published rate: its time in epoch milliseconds, then its sequence; keys sort as time does. */
    public static String rateKey(long atMillis, long sequence) {
        return String.format("%020d-%020d", atMillis, sequence);
    }

    static StoreBuilder<WindowStore<String, Long>> ids(String name, Duration retention) {
        // One-millisecond windows: the store is used as a set of ids that expires by time, not for windowing.
        return Stores.windowStoreBuilder(
            Stores.persistentWindowStore(name, retention, Duration.ofMillis(1), false), Serdes.String(), Serdes.Long());
    }
}
