package io.timebank.stream;

import io.timebank.ledger.Account;
import io.timebank.ledger.HashChain;
import io.timebank.ledger.CommandKey;
import io.timebank.ledger.Ledger;
import io.timebank.ledger.LedgerEvent;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.schemas.StateCodec;
import io.timebank.ledger.StandingOrder;
import java.time.LocalDate;
import java.util.List;
import java.time.ZoneOffset;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Rebuilds the derived state from the ledger topic alone: every account (bit for bit: each
 * account's events are folded in the order they were booked), every command outcome, the
 * activity and command ids remembered for de-duplication, each partition's counts of the measures it credited
 * (the ledger's partition p holds partition p's deposits in the order they were scored), and each
 * account's history of entries, and every standing order with when it falls due next. Run it
 * under its own application id to verify the live stores, or to recover them.
 *
 * <p>Not rebuilt: fees accrued on a partition and not yet settled — at most one settlement
 * interval's worth per partition; their debits are in the ledger, their settlement is not yet.
 */
public final class RebuildTopology {

    private RebuildTopology() {
    }

    public static Topology build(LedgerSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        LedgerEventCodec events = new LedgerEventCodec();
        String[] rebuiltStores = LedgerStores.register(builder, settings, LedgerStores.ACCOUNTS,
            LedgerStores.ACTIVITY_IDS, LedgerStores.COMMAND_IDS, LedgerStores.POPULATION_COUNTS, LedgerStores.ENTRIES,
            LedgerStores.STANDING_ORDERS, LedgerStores.SCHEDULE, LedgerStores.MATURITIES, LedgerStores.EXPIRIES);

        // Read as written: an account's chain head is the hash of its last event's very bytes.
        KStream<String, byte[]> written = builder.stream(settings.topics().ledger(),
            Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("ledger-source"));
        written.process(() -> new LedgerFold(settings), Named.as("fold-ledger"), rebuiltStores);
        KStream<String, LedgerEvent> ledger = written.mapValues(events::decode, Named.as("ledger-decoded"));
        CommandOutcomes.materialize(ledger, events);
        return builder.build();
    }

    /** Folds each event into its account with the same rule the live ledger used, and remembers its ids. */
    static final class LedgerFold implements Processor<String, byte[], Void, Void> {

        private static final LedgerEventCodec EVENTS = new LedgerEventCodec();

        private final LedgerSettings settings;
        private final Ledger ledger;
        private KeyValueStore<String, byte[]> accounts;
        private WindowStore<String, Long> activityIds;
        private WindowStore<String, Long> commandIds;
        private PlatformPopulations populations;
        private KeyValueStore<String, byte[]> entries;
        private ScheduledOrders orders;
        private Maturities maturities;
        private ReservationExpiries expiries;

        LedgerFold(LedgerSettings settings) {
            this.settings = settings;
            this.ledger = settings.ledger();
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            accounts = context.getStateStore(LedgerStores.ACCOUNTS);
            activityIds = context.getStateStore(LedgerStores.ACTIVITY_IDS);
            commandIds = context.getStateStore(LedgerStores.COMMAND_IDS);
            populations = new PlatformPopulations(settings, context.getStateStore(LedgerStores.POPULATION_COUNTS), null,
                context.taskId().partition());
            entries = context.getStateStore(LedgerStores.ENTRIES);
            orders = new ScheduledOrders(context.getStateStore(LedgerStores.STANDING_ORDERS),
                context.getStateStore(LedgerStores.SCHEDULE));
            maturities = new Maturities(context.getStateStore(LedgerStores.MATURITIES));
            expiries = new ReservationExpiries(context.getStateStore(LedgerStores.EXPIRIES));
        }

        @Override
        public void process(Record<String, byte[]> record) {
            LedgerEventCodec.Written written = EVENTS.decodeWritten(record.value());
            LedgerEvent event = written.event();
            byte[] stored = accounts.get(record.key());
            Account next = ledger.apply(stored == null ? null : StateCodec.decodeAccount(stored), event);
            if (next != null && written.previous() != null) {
                next = next.withChainHead(HashChain.next(record.value()));
            }
            if (next != null) {
                accounts.put(record.key(), StateCodec.encodeAccount(next));
            }
            AccountHistory.record(entries, next, event);
            orders.fold(event.account(), List.of(event));
            maturities.fold(event.account(), List.of(event));
            expiries.fold(event.account(), List.of(event));
            long at = event.at().toEpochMilli();
            switch (event) {
                case LedgerEvent.Deposited deposited -> {
                    activityIds.put(deposited.platform().value() + ":" + deposited.activityId().value(), at, at);
                    populations.remember(deposited.platform(), deposited.measures(), deposited.score().value(),
                        LocalDate.ofInstant(deposited.at(), ZoneOffset.UTC));
                }
                case LedgerEvent.DepositRejected rejected ->
                    activityIds.put(rejected.platform().value() + ":" + rejected.activityId().value(), at, at);
                case LedgerEvent.TransferDebited debited -> rememberCommand(debited, at);
                case LedgerEvent.LegsDebited debited -> rememberCommand(debited, at);
                case LedgerEvent.Exchanged exchanged -> rememberCommand(exchanged, at);
                case LedgerEvent.ReserveFunded funded -> rememberCommand(funded, at);
                case LedgerEvent.CommandRejected rejected -> rememberCommand(rejected, at);
                case LedgerEvent.StandingOrderPlaced placed -> rememberCommand(placed, at);
                case LedgerEvent.TermDepositOpened opened -> rememberCommand(opened, at);
                case LedgerEvent.LoanGranted granted -> rememberCommand(granted, at);
                // A loan's id is its borrower's too (LedgerProcessor.takeLoan).
                case LedgerEvent.LoanTaken taken -> commandIds.put(LedgerStores.borrowersKey(taken.borrower(),
                    taken.commandId()), CommandKey.contentOf(taken), at);
                case LedgerEvent.LoanPaid paid -> rememberCommand(paid, at);
                case LedgerEvent.CollectionOpened opened -> rememberCommand(opened, at);
                case LedgerEvent.MandateGranted granted -> rememberCommand(granted, at);
                case LedgerEvent.MandateRevoked revoked -> rememberCommand(revoked, at);
                case LedgerEvent.CreditLimitChanged changed -> rememberCommand(changed, at);
                case LedgerEvent.TransferReserved reserved -> rememberCommand(reserved, at);
                case LedgerEvent.TransferPosted posted -> rememberCommand(posted, at);
                // Remembered from when it was voided, as live, not from its booking time (the reservation's).
                case LedgerEvent.TransferVoided voided -> rememberCommand(voided, voided.voidedAt().toEpochMilli());
                case LedgerEvent.AccountOpened opened when opened.commandId() != null -> rememberCommand(opened, at);
                case LedgerEvent.TermDepositReturned returned
                    when returned.commandId().equals(io.timebank.ledger.TermDeposits.withdrawalId(returned.deposit())) ->
                    rememberCommand(returned, at);
                case LedgerEvent.StandingOrderCancelled cancelled
                    when cancelled.commandId().equals(StandingOrder.cancellationId(cancelled.order())) ->
                    rememberCommand(cancelled, at);
                default -> { }
            }
        }

        /** The decision of a client command: its key, and the content it was decided for. */
        private void rememberCommand(LedgerEvent decision, long at) {
            commandIds.put(CommandKey.of(decision).orElseThrow().value(), CommandKey.contentOf(decision), at);
        }
    }
}
