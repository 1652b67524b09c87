package io.timebank.stream;

import io.timebank.ledger.Account;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.Activity;
import io.timebank.ledger.FeeAccrual;
import io.timebank.ledger.Ledger;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Score;
import io.timebank.schemas.StateCodec;
import io.timebank.schemas.StateCodec.PartitionFees;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * One partition's share of the ledger. Every input is keyed by the account it concerns, so each
 * account is read, decided and written by exactly one task: deposits (de-duplicated, scored),
 * client commands (de-duplicated, decided), and events arriving from other partitions. Decisions
 * are the core's ({@link Ledger}); this class only loads state, routes the resulting events, and
 * stores the new state. Under exactly_once_v2 the input offsets, the store changelogs and the
 * outputs commit together.
 */
final class LedgerProcessor implements Processor<String, LedgerInput, String, LedgerOutput> {

    private final LedgerSettings settings;
    private final Ledger ledger;
    private ProcessorContext<String, LedgerOutput> context;
    private KeyValueStore<String, byte[]> accounts;
    private WindowStore<String, Long> activityIds;
    private WindowStore<String, Long> commandIds;
    private MeasureWindows windows;
    private KeyValueStore<String, byte[]> feeAccruals;
    private KeyValueStore<String, byte[]> entries;
    private String feeKey;

    LedgerProcessor(LedgerSettings settings) {
        this.settings = settings;
        this.ledger = settings.ledger();
    }

    @Override
    public void init(ProcessorContext<String, LedgerOutput> context) {
        this.context = context;
        accounts = context.getStateStore(LedgerStores.ACCOUNTS);
        activityIds = context.getStateStore(LedgerStores.ACTIVITY_IDS);
        commandIds = context.getStateStore(LedgerStores.COMMAND_IDS);
        windows = new MeasureWindows(settings, context.getStateStore(LedgerStores.MEASURE_WINDOWS));
        feeAccruals = context.getStateStore(LedgerStores.FEE_ACCRUALS);
        entries = context.getStateStore(LedgerStores.ENTRIES);
        feeKey = "partition-" + context.taskId().partition();
        context.schedule(settings.feeSettlementInterval(), PunctuationType.WALL_CLOCK_TIME, this::settleFees);
    }

    @Override
    public void process(Record<String, LedgerInput> record) {
        switch (record.value()) {
            case LedgerInput.Arrived arrived -> deposit(record, arrived);
            case LedgerInput.Command command -> command(record, command);
            case LedgerInput.Transit transit -> arrive(record, transit.event());
        }
    }

    private void deposit(Record<String, LedgerInput> record, LedgerInput.Arrived arrived) {
        Activity activity = arrived.activity();
        String id = activity.platform().value() + ":" + activity.id().value();
        long at = activity.occurredAt().toEpochMilli();
        if (seen(activityIds, id, at)) {
            reject(record, "duplicate", "duplicate activity: platform " + activity.platform() + " already sent event "
                + activity.id(), arrived.encoded());
            return;
        }
        Score score;
        try {
            score = settings.ruleFor(activity.platform())
                .score(activity.measures(), windows.populations(activity.platform()), settings.limits().scoreMax());
        } catch (IllegalArgumentException absurd) {
            reject(record, "invalid", "measures: " + absurd.getMessage(), arrived.encoded());
            return;
        }
        activityIds.put(id, at, at);
        List<LedgerEvent> events = ledger.decide(new LedgerCommand.Deposit(activity, score), account(activity.account()),
            settings.exchangeRate());
        book(record, events);
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.Deposited deposited) {
                windows.remember(deposited.platform(), deposited.measures());
            }
        }
    }

    private void command(Record<String, LedgerInput> record, LedgerInput.Command input) {
        LedgerCommand command = input.command();
        String id = switch (command) {
            case LedgerCommand.Transfer transfer -> transfer.id().value();
            case LedgerCommand.Exchange exchange -> exchange.id().value();
            case LedgerCommand.OpenAccount open -> open.id().value();
            case LedgerCommand.Deposit deposit -> throw new IllegalStateException("deposits come from activities");
        };
        long at = command.at().toEpochMilli();
        if (seen(commandIds, id, at)) {
            reject(record, "duplicate", "duplicate command id " + id + ": it was applied once already", input.encoded());
            return;
        }
        commandIds.put(id, at, at);
        List<LedgerEvent> events = ledger.decide(command, account(command.account()), settings.exchangeRate());
        book(record, events);
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.TransferDebited debited) {
                accrue(debited);
                context.forward(record.withKey(debited.to().value()).withValue(new LedgerOutput.Forwarded(debited)));
            }
        }
    }

    /** An event sent here from another partition. */
    private void arrive(Record<String, LedgerInput> record, LedgerEvent event) {
        switch (event) {
            case LedgerEvent.TransferDebited debited -> {
                List<LedgerEvent> credited = new ArrayList<>();
                for (LedgerEvent leg : ledger.receive(debited, account(debited.to()))) {
                    if (leg instanceof LedgerEvent.TransferRefunded refunded) {
                        context.forward(record.withKey(refunded.from().value()).withValue(new LedgerOutput.Forwarded(refunded)));
                    } else {
                        credited.add(leg);
                    }
                }
                book(record, credited);
            }
            case LedgerEvent.TransferRefunded refunded -> book(record, List.of(refunded));
            case LedgerEvent.FeeSettled settled -> book(record, List.of(settled));
            default -> throw new IllegalStateException("unexpected event in transit: " + event);
        }
    }

    /**
     * Applies one decision's events to their account, stores the result with a single write (a
     * reader never sees half a decision, such as an account opened but not yet credited), and sends
     * the events to the ledger topic.
     */
    private void book(Record<String, LedgerInput> cause, List<LedgerEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        String key = cause.key();
        Account account = account(AccountId.of(key));
        for (LedgerEvent event : events) {
            if (!event.account().value().equals(key)) {
                // Every event changes the account this partition was routed for; anything else is a routing bug.
                throw new IllegalStateException("event for " + event.account() + " while processing " + key);
            }
            Account next = ledger.apply(account, event);
            AccountHistory.record(entries, next, event);
            account = next;
        }
        if (account != null) {
            accounts.put(key, StateCodec.encodeAccount(account));
        }
        for (LedgerEvent event : events) {
            context.forward(cause.withValue(new LedgerOutput.Booked(event)));
        }
    }

    private Account account(AccountId id) {
        byte[] stored = accounts.get(id.value());
        return stored == null ? null : StateCodec.decodeAccount(stored);
    }

    private void accrue(LedgerEvent.TransferDebited debited) {
        PartitionFees fees = fees();
        feeAccruals.put(feeKey, StateCodec.encodeFees(
            new PartitionFees(fees.accrual().accrue(debited, settings.decay()), fees.settlements())));
    }

    private PartitionFees fees() {
        byte[] stored = feeAccruals.get(feeKey);
        return stored == null ? PartitionFees.NONE : StateCodec.decodeFees(stored);
    }

    /** Sends this partition's whole accrued fees to the fee account's partition. */
    private void settleFees(long wallClockMillis) {
        PartitionFees fees = fees();
        Instant at = Instant.ofEpochMilli(wallClockMillis);
        Instant lastFee = fees.accrual().attention().lastEntryAt();
        if (lastFee != null && lastFee.isAfter(at)) {
            at = lastFee;
        }
        String settlementId = "fees:" + context.taskId().partition() + ":" + (fees.settlements() + 1);
        FeeAccrual.Settlement settlement = fees.accrual().settle(settlementId, settings.feeAccount(), at, settings.decay());
        if (settlement.events().isEmpty()) {
            return;
        }
        for (LedgerEvent.FeeSettled settled : settlement.events()) {
            context.forward(new Record<>(settled.account().value(), new LedgerOutput.Forwarded(settled), wallClockMillis));
        }
        feeAccruals.put(feeKey, StateCodec.encodeFees(new PartitionFees(settlement.remaining(), fees.settlements() + 1)));
    }

    /** Whether {@code id} was seen within the retention around {@code atMillis}. */
    private boolean seen(WindowStore<String, Long> ids, String id, long atMillis) {
        Duration retention = settings.deduplicationRetention();
        try (WindowStoreIterator<Long> found = ids.fetch(id, Instant.ofEpochMilli(atMillis).minus(retention),
            Instant.ofEpochMilli(atMillis).plus(retention))) {
            return found.hasNext();
        }
    }

    private void reject(Record<String, LedgerInput> record, String stage, String reason, byte[] original) {
        context.forward(record.withValue((LedgerOutput) new LedgerOutput.Rejected(reason, original))
            .withHeaders(DeadLetter.headers(record.headers(), stage, reason, context.recordMetadata().orElse(null))));
    }
}
