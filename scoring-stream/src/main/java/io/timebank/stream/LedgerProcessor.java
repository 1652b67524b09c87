package io.timebank.stream;

import io.timebank.ledger.Account;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.Activity;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.CommandKey;
import io.timebank.ledger.DecayingSum;
import io.timebank.ledger.DirectDebits;
import io.timebank.ledger.HashChain;
import io.timebank.ledger.Ledger;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Loans;
import io.timebank.ledger.Measure;
import io.timebank.ledger.MultiLegTransfers;
import io.timebank.ledger.RejectionReason;
import io.timebank.ledger.Score;
import io.timebank.ledger.StandingOrder;
import io.timebank.ledger.StandingOrders;
import io.timebank.ledger.SupplyReading;
import io.timebank.ledger.TermDeposits;
import io.timebank.ledger.TwoPhaseTransfers;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.schemas.StateCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition's share of the ledger. Every input is keyed by the account it concerns, so each
 * account is read, decided and written by exactly one task: deposits (de-duplicated, scored),
 * client commands (de-duplicated, decided), and events arriving from other partitions. Decisions
 * are the core's ({@link Ledger}); this class only loads state, routes the resulting events, and
 * stores the new state. Under exactly_once_v2 the input offsets, the store changelogs and the
 * outputs commit together.
 */
final class LedgerProcessor implements Processor<String, LedgerInput, String, LedgerOutput> {

    static final String RATE_KEY = "rate";
    /** The most occurrences one scheduler tick runs; the rest run at the next tick, the earliest first. */
    private static final int DUE_PER_TICK = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(LedgerProcessor.class);

    private final LedgerSettings settings;
    private final Ledger ledger;
    private final StandingOrders standingOrders;
    private final TermDeposits termDeposits;
    private final TwoPhaseTransfers twoPhase;
    private final Loans loans;
    private final DirectDebits directDebits;
    private final MultiLegTransfers multiLegs;
    private ScheduledOrders orders;
    private Maturities maturities;
    private ReservationExpiries expiries;
    private ProcessorContext<String, LedgerOutput> context;
    private LedgerObserver observer = LedgerObserver.NONE;
    private static final LedgerEventCodec EVENTS = new LedgerEventCodec();
    private KeyValueStore<String, byte[]> accounts;
    private WindowStore<String, Long> activityIds;
    private WindowStore<String, Long> commandIds;
    private PlatformPopulations populations;
    private KeyValueStore<String, byte[]> entries;
    private PartitionFeeBook fees;
    private PartitionSupply supply;
    private final long retentionMillis;
    private final FloatingRate floating;

    LedgerProcessor(LedgerSettings settings) {
        this.settings = settings;
        this.ledger = settings.ledger();
        this.standingOrders = settings.standingOrders();
        this.termDeposits = settings.termDeposits();
        this.twoPhase = new TwoPhaseTransfers(ledger);
        this.loans = settings.loans();
        this.directDebits = settings.directDebits();
        this.multiLegs = new MultiLegTransfers(ledger);
        this.retentionMillis = settings.deduplicationRetention().toMillis();
        this.floating = settings.floatingRate();
    }

    @Override
    public void init(ProcessorContext<String, LedgerOutput> context) {
        this.context = context;
        observer = LedgerObserver.in(context.appConfigs());
        accounts = context.getStateStore(LedgerStores.ACCOUNTS);
        activityIds = context.getStateStore(LedgerStores.ACTIVITY_IDS);
        commandIds = context.getStateStore(LedgerStores.COMMAND_IDS);
        populations = new PlatformPopulations(settings, context.getStateStore(LedgerStores.POPULATION_COUNTS),
            context.getStateStore(LedgerStores.POPULATIONS), context.taskId().partition());
        context.schedule(settings.populations().interval(), PunctuationType.WALL_CLOCK_TIME, this::publishPopulations);
        entries = context.getStateStore(LedgerStores.ENTRIES);
        fees = new PartitionFeeBook(context.getStateStore(LedgerStores.FEE_ACCRUALS), context.taskId().partition(), settings);
        context.schedule(settings.feeSettlementInterval(), PunctuationType.WALL_CLOCK_TIME, this::settleFees);
        supply = new PartitionSupply(settings, context.getStateStore(LedgerStores.SUPPLY),
            context.getStateStore(LedgerStores.RATE_BOOK), context.getStateStore(LedgerStores.RATES),
            context.taskId().partition());
        orders = new ScheduledOrders(context.getStateStore(LedgerStores.STANDING_ORDERS),
            context.getStateStore(LedgerStores.SCHEDULE));
        maturities = new Maturities(context.getStateStore(LedgerStores.MATURITIES));
        expiries = new ReservationExpiries(context.getStateStore(LedgerStores.EXPIRIES));
        context.schedule(settings.orders().schedulerInterval(), PunctuationType.WALL_CLOCK_TIME, this::runDue);
        if (floating != null) {
            context.schedule(floating.interval(), PunctuationType.WALL_CLOCK_TIME, this::reportSupply);
            if (settings.partitionOf(floating.reserve().value()) == context.taskId().partition()) {
                context.schedule(floating.interval(), PunctuationType.WALL_CLOCK_TIME, this::publishRate);
            }
        }
    }

    @Override
    public void process(Record<String, LedgerInput> record) {
        switch (record.value()) {
            case LedgerInput.Arrived arrived -> deposit(record, arrived);
            case LedgerInput.Command command -> command(record, command);
            case LedgerInput.Transit transit -> arrive(record, transit.event());
            case LedgerInput.Reading reading -> supply.record(reading.reading());
        }
    }

    /*
     * Each input is handled in two steps: everything is computed first (decisions, new states, their
     * encodings), and only then are the stores written and the results forwarded. An input whose
     * handling throws (a bug nobody has found yet) is set aside by LedgerRecordFailures before
     * anything of it is written, so no store keeps half of it.
     */

    private void deposit(Record<String, LedgerInput> record, LedgerInput.Arrived arrived) {
        Activity activity = arrived.activity();
        String id = activity.platform().value() + ":" + activity.id().value();
        long at = activity.occurredAt().toEpochMilli();
        if (remembered(activityIds, id, at).isPresent()) {
            reject(record, "duplicate", "duplicate activity: platform " + activity.platform() + " already sent event "
                + activity.id(), arrived.encoded());
            return;
        }
        Score score;
        try {
            score = settings.ruleFor(activity.platform())
                .score(activity.measures(), populations.populations(activity.platform(), day(activity.occurredAt())),
                    settings.limits().scoreMax());
        } catch (IllegalArgumentException absurd) {
            reject(record, "invalid", "measures: " + absurd.getMessage(), arrived.encoded());
            return;
        }
        Measure scoreRank = settings.ranksScores()
            ? populations.scoreRank(activity.platform(), day(activity.occurredAt()), score.value()) : null;
        Account member = account(activity.account());
        List<LedgerEvent> events = ledger.decide(new LedgerCommand.Deposit(activity, score, scoreRank), member,
            settings.exchangeRate()); // a deposit exchanges nothing
        Booking booking = booking(record.key(), events, member);

        activityIds.put(id, at, at);
        store(record, booking);
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.Deposited deposited) {
                populations.remember(deposited.platform(), deposited.measures(), deposited.score().value(),
                    day(deposited.at()));
            }
        }
    }

    private void command(Record<String, LedgerInput> record, LedgerInput.Command input) {
        LedgerCommand command = input.command();
        CommandKey key = CommandKey.of(command)
            .orElseThrow(() -> new IllegalStateException("deposits come from activities"));
        long content = CommandKey.contentOf(command);
        long at = command.at().toEpochMilli();
        Optional<Long> known = remembered(commandIds, key.value(), at);
        if (known.isPresent()) {
            if (CommandKey.sameContent(known.get(), content)) {
                reject(record, "duplicate", "duplicate command " + key.id() + " of " + key.sender()
                    + ": it was applied once already", input.encoded());
            } else {
                reject(record, "duplicate", RejectionReason.COMMAND_ID_REUSED + ": " + key.sender()
                    + " already used command id " + key.id() + " for a different request", input.encoded());
            }
            return;
        }
        Account sender = account(command.account());
        List<LedgerEvent> events = switch (command) {
            case LedgerCommand.PlaceStandingOrder place -> standingOrders.place(place, sender, orders.count(place.from()),
                orders.get(place.from(), place.id()));
            case LedgerCommand.CancelStandingOrder cancel ->
                standingOrders.cancel(cancel, orders.get(cancel.from(), cancel.order()));
            case LedgerCommand.OpenTermDeposit open -> termDeposits.open(open, sender);
            case LedgerCommand.WithdrawTermDeposit withdraw -> termDeposits.withdraw(withdraw, sender);
            case LedgerCommand.GrantLoan grant -> loans.grant(grant, sender);
            case LedgerCommand.RepayLoan repay -> loans.repay(repay, orders.get(repay.borrower(), repay.loan()), sender);
            case LedgerCommand.Collection collection -> directDebits.open(collection, sender);
            case LedgerCommand.GrantMandate grant -> directDebits.grant(grant, sender);
            case LedgerCommand.RevokeMandate revoke -> directDebits.revoke(revoke, sender);
            // Only an exchange needs the rate: reading it is a global store lookup and a decode.
            case LedgerCommand.Exchange exchange -> ledger.decide(exchange, sender, supply.inForce());
            default -> ledger.decide(command, sender, settings.exchangeRate());
        };
        decided(record, key.value(), content, at, events, sender);
    }

    /**
     * Books a command's decision on its sender ({@code sender} as read for it): remembers its key,
     * stores the account, accrues the fees of its debits and sends each debit on to its receivers,
     * and folds the events into the sender's standing orders.
     */
    private void decided(Record<String, LedgerInput> cause, String commandKey, long content, long at,
                         List<LedgerEvent> events, Account sender) {
        Booking booking = booking(cause.key(), events, sender);
        List<LedgerEvent> debits = events.stream().filter(event -> event instanceof LedgerEvent.TransferDebited
            || event instanceof LedgerEvent.LegsDebited).toList();
        // A pending transfer's fee is charged when it is posted.
        List<LedgerEvent> charged = new ArrayList<>(debits);
        events.stream().filter(LedgerEvent.TransferPosted.class::isInstance).forEach(charged::add);
        byte[] encodedFees = fees.after(charged);
        // A loan's principal goes to its borrower, a loan's payment to its lender (no fee on either); a
        // collection's legs are asked of their payers.
        List<LedgerEvent> loanMoves = events.stream().filter(event -> event instanceof LedgerEvent.LoanGranted
            || event instanceof LedgerEvent.LoanPaid paid && paid.paid().isPositive()
            || event instanceof LedgerEvent.CollectionOpened).toList();

        commandIds.put(commandKey, content, at);
        store(cause, booking);
        fees.put(encodedFees);
        for (LedgerEvent debit : debits) {
            switch (debit) {
                case LedgerEvent.TransferDebited debited -> forward(cause, debited.to(), debited);
                // Each receiver's partition holds or refuses its own leg.
                case LedgerEvent.LegsDebited debited -> debited.legs().forEach(leg -> forward(cause, leg.to(), debited));
                default -> throw new IllegalStateException("not a debit: " + debit);
            }
        }
        // A pending transfer's steps reach its receiver: the hold, the credit, the release (a refused one holds nothing).
        for (LedgerEvent event : events) {
            switch (event) {
                case LedgerEvent.TransferReserved reserved -> forward(cause, reserved.to(), reserved);
                case LedgerEvent.TransferPosted posted -> forward(cause, posted.to(), posted);
                case LedgerEvent.TransferVoided voided when voided.cause() != LedgerEvent.VoidCause.REFUSED ->
                    forward(cause, voided.to(), voided);
                default -> { }
            }
        }
        for (LedgerEvent move : loanMoves) {
            switch (move) {
                case LedgerEvent.LoanGranted granted -> forward(cause, granted.borrower(), granted);
                case LedgerEvent.LoanPaid paid -> forward(cause, paid.lender(), paid);
                case LedgerEvent.CollectionOpened opened -> opened.legs().forEach(leg -> forward(cause, leg.from(), opened));
                default -> throw new IllegalStateException("not a loan's nor a collection's move: " + move);
            }
        }
        orders.fold(AccountId.of(cause.key()), events);
        maturities.fold(AccountId.of(cause.key()), events);
        expiries.fold(AccountId.of(cause.key()), events);
    }

    /**
     * The scheduler: runs every occurrence due by now, the earliest first — those that fell due while
     * the partition was down or moving too, each at its own due time. An occurrence advances its
     * order in the same transaction as its events, so none runs twice and none is skipped.
     */
    private void runDue(long wallClockMillis) {
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        int ran = 0;
        List<DueIndex.Entry> due;
        // The next occurrence of an order may be due too (after downtime): scan again until nothing is.
        while (ran < DUE_PER_TICK && !(due = orders.due(now, DUE_PER_TICK - ran)).isEmpty()) {
            for (DueIndex.Entry each : due) {
                occur(each, wallClockMillis);
                ran++;
            }
        }
        for (DueIndex.Entry each : maturities.due(now, DUE_PER_TICK)) {
            mature(each, wallClockMillis);
        }
        for (DueIndex.Entry each : expiries.due(now, DUE_PER_TICK)) {
            expire(each, wallClockMillis);
        }
    }

    /** A pending transfer still pending at its timeout: voided by the bank, as {@code <transfer>::void}. */
    private void expire(DueIndex.Entry due, long wallClockMillis) {
        observer.scheduled(Duration.ofMillis(wallClockMillis - due.due().toEpochMilli()));
        try {
            Account sender = account(due.account());
            List<LedgerEvent> events = twoPhase.expire(due.account(), due.id(), sender, due.due());
            expiries.forget(due);
            if (!events.isEmpty()) {
                decided(new Record<>(due.account().value(), null, wallClockMillis),
                    new CommandKey(due.account(), TwoPhaseTransfers.voidId(due.id())).value(),
                    CommandKey.contentOf(events.getFirst()), due.due().toEpochMilli(), events, sender);
            }
        } catch (RuntimeException bug) {
            // No transfer may stop the ledger: its expiry is dropped (it stays pending, voidable) and the error logged.
            LOG.error("pending transfer {} of {} could not be voided at its timeout; it stays pending", due.id(),
                due.account(), bug);
            expiries.forget(due);
        }
    }

    /** A term deposit back in its account's balance at its maturity, booked at the maturity whenever it runs. */
    private void mature(DueIndex.Entry due, long wallClockMillis) {
        observer.scheduled(Duration.ofMillis(wallClockMillis - due.due().toEpochMilli()));
        try {
            Account account = account(due.account());
            List<LedgerEvent> events = termDeposits.mature(due.account(), account, due.id(), due.due());
            Booking booking = booking(due.account().value(), events, account);
            maturities.forget(due);
            store(new Record<>(due.account().value(), null, wallClockMillis), booking);
        } catch (RuntimeException bug) {
            // No deposit may stop the ledger: its entry is dropped (the deposit stays, withdrawable) and the error logged.
            LOG.error("term deposit {} of {} could not be returned at its maturity; it stays until withdrawn",
                due.id(), due.account(), bug);
            maturities.forget(due);
        }
    }

    private void occur(DueIndex.Entry due, long wallClockMillis) {
        observer.scheduled(Duration.ofMillis(wallClockMillis - due.due().toEpochMilli()));
        try {
            StandingOrder order = orders.get(due.account(), due.id());
            if (order == null || order.nextDue() == null) {
                orders.forget(due);
                return;
            }
            Account payer = account(due.account());
            List<LedgerEvent> events = standingOrders.occur(order, due.account(), payer);
            // Remembered like a client's command: its key, and the content its decision records.
            decided(new Record<>(due.account().value(), null, wallClockMillis),
                new CommandKey(due.account(), order.occurrenceId(order.next())).value(),
                CommandKey.contentOf(events.getFirst()), order.nextDue().toEpochMilli(), events, payer);
        } catch (RuntimeException bug) {
            // No order may stop the ledger: this one is left unscheduled (it stays listed) and the error logged.
            LOG.error("standing order {} of {} could not run its occurrence; it is left unscheduled", due.id(),
                due.account(), bug);
            orders.forget(due);
        }
    }

    private void forward(Record<String, LedgerInput> cause, AccountId to, LedgerEvent event) {
        context.forward(cause.withKey(to.value()).withValue(new LedgerOutput.Forwarded(event)));
    }

    /** An event sent here from another partition. */
    private void arrive(Record<String, LedgerInput> record, LedgerEvent event) {
        switch (event) {
            case LedgerEvent.TransferDebited debited -> {
                List<LedgerEvent> credited = new ArrayList<>();
                List<LedgerEvent.TransferRefunded> refunds = new ArrayList<>();
                Account receiver = account(debited.to());
                for (LedgerEvent leg : ledger.receive(debited, receiver)) {
                    if (leg instanceof LedgerEvent.TransferRefunded refunded) {
                        refunds.add(refunded);
                    } else {
                        credited.add(leg);
                    }
                }
                Booking booking = booking(record.key(), credited, receiver);
                store(record, booking);
                for (LedgerEvent.TransferRefunded refunded : refunds) {
                    context.forward(record.withKey(refunded.from().value()).withValue(new LedgerOutput.Forwarded(refunded)));
                }
            }
            case LedgerEvent.TransferRefunded refunded -> {
                // A refunded occurrence of a standing order counts as its failure, and may be one too many.
                List<LedgerEvent> events = new ArrayList<>(List.of(refunded));
                events.addAll(orderRefunded(refunded.from(), refunded));
                store(record, booking(record.key(), events, account(refunded.from())));
                orders.fold(refunded.from(), events);
            }
            // A multi-leg transfer: its leg offered here, to this partition's receiver; the answer goes to the payer.
            case LedgerEvent.LegsDebited debited -> forward(record, debited.from(),
                atReceiver(record, (receiver, current) -> multiLegs.offer(debited, receiver, current)).getFirst());
            // A receiver's answer, back at the payer's partition: with the last one, the legs settle or are refunded.
            case LedgerEvent.LegHeld held -> answered(record, held, held.from());
            case LedgerEvent.LegRefused refused -> answered(record, refused, refused.from());
            case LedgerEvent.LegsSettled settled ->
                atReceiver(record, (receiver, current) -> multiLegs.settle(settled, receiver, current));
            case LedgerEvent.LegsRefunded refunded ->
                atReceiver(record, (receiver, current) -> multiLegs.release(refunded, receiver, current));
            case LedgerEvent.FeeSettled settled -> store(record, booking(record.key(), List.of(settled),
                account(settled.account())));
            case LedgerEvent.LoanGranted granted -> takeLoan(record, granted);
            // A collection: its leg asked of this partition's payer; the payer's answer goes to the collector.
            case LedgerEvent.CollectionOpened opened -> contribute(record, opened);
            case LedgerEvent.CollectionLegDebited debited -> collectionAnswered(record, debited);
            case LedgerEvent.CollectionLegRefused refused -> collectionAnswered(record, refused);
            case LedgerEvent.CollectionRefunded refunded ->
                atReceiver(record, (payer, current) -> directDebits.returned(refunded, payer));
            case LedgerEvent.LoanPaid paid ->
                atReceiver(record, (lender, current) -> loans.receive(paid, current));
            // A pending transfer at its receiver: held or refused (the refusal goes back to the sender), credited or
            // refunded when posted, released when voided; at its sender, a receiver's refusal voids it.
            case LedgerEvent.TransferReserved reserved -> {
                List<LedgerEvent> events = atReceiver(record, (receiver, current) -> twoPhase.hold(reserved, current));
                if (events.getFirst() instanceof LedgerEvent.ReservationRefused refused) {
                    forward(record, refused.from(), refused);
                }
            }
            case LedgerEvent.TransferPosted posted -> {
                Account receiver = account(posted.to());
                List<LedgerEvent> events = twoPhase.credit(posted, receiver);
                if (events.getFirst() instanceof LedgerEvent.TransferRefunded refunded) {
                    forward(record, refunded.from(), refunded);
                } else {
                    store(record, booking(record.key(), events, receiver));
                }
            }
            case LedgerEvent.TransferVoided voided ->
                atReceiver(record, (receiver, current) -> twoPhase.release(voided, current));
            case LedgerEvent.ReservationRefused refused -> {
                Account sender = account(refused.from());
                List<LedgerEvent> events = twoPhase.refused(refused, sender);
                if (!events.isEmpty()) {
                    decided(record, new CommandKey(refused.from(), TwoPhaseTransfers.voidId(refused.commandId())).value(),
                        CommandKey.contentOf(events.getFirst()), refused.at().toEpochMilli(), events, sender);
                }
            }
            default -> throw new IllegalStateException("unexpected event in transit: " + event);
        }
    }

    /**
     * A loan granted on its lender's partition, here at its borrower's: taken, or its principal sent
     * back. Its id becomes one of the borrower's command ids (its installments are {@code <loan>::<n>}
     * of the borrower): a loan whose id the borrower used within the retention is refused.
     */
    private void takeLoan(Record<String, LedgerInput> record, LedgerEvent.LoanGranted granted) {
        AccountId borrower = granted.borrower();
        Account current = account(borrower);
        String borrowersKey = LedgerStores.borrowersKey(borrower, granted.commandId());
        long at = granted.at().toEpochMilli();
        StandingOrder held = orders.get(borrower, granted.commandId());
        boolean used = held != null || remembered(commandIds, borrowersKey, at).isPresent();
        List<LedgerEvent> events = loans.take(granted, current, orders.count(borrower), used ? granted.order() : null);
        List<LedgerEvent> booked = events.stream().filter(event -> !(event instanceof LedgerEvent.TransferRefunded)).toList();
        if (booked.stream().anyMatch(LedgerEvent.LoanTaken.class::isInstance)) {
            commandIds.put(borrowersKey, CommandKey.contentOf(granted), at);
        }
        store(record, booking(record.key(), booked, current));
        orders.fold(borrower, booked);
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.TransferRefunded refunded) {
                forward(record, refunded.from(), refunded);
            }
        }
    }

    /** A payer's leg of a collection: debited under its mandate or refused; answered to the collector. */
    private void contribute(Record<String, LedgerInput> record, LedgerEvent.CollectionOpened opened) {
        AccountId payer = AccountId.of(record.key());
        Account current = account(payer);
        List<LedgerEvent> events = directDebits.contribute(opened, payer, current);
        store(record, booking(record.key(), events, current));
        forward(record, opened.to(), events.getFirst());
    }

    /**
     * A payer's answer, at the collector: with the last one, the whole credited less the collector's
     * fees (accrued here), or the debited legs sent back.
     */
    private void collectionAnswered(Record<String, LedgerInput> record, LedgerEvent answer) {
        Account current = account(AccountId.of(record.key()));
        List<LedgerEvent> events = directDebits.answer(answer, current);
        Booking booking = booking(record.key(), events, current);
        byte[] encodedFees = fees.after(events.stream().filter(LedgerEvent.CollectionSettled.class::isInstance).toList());
        store(record, booking);
        fees.put(encodedFees);
        for (LedgerEvent event : events) {
            if (event instanceof LedgerEvent.CollectionRefunded refunded) {
                refunded.debited().forEach(leg -> forward(record, leg.from(), refunded));
            }
        }
    }

    /** What a refunded occurrence of one of {@code payer}'s standing orders adds: the order's cancellation, if any. */
    private List<LedgerEvent> orderRefunded(AccountId payer, LedgerEvent refund) {
        CommandId orderId = StandingOrders.orderOf(refund);
        StandingOrder order = orderId == null ? null : orders.get(payer, orderId);
        return order == null ? List.of() : standingOrders.refunded(order, refund);
    }

    /** A multi-leg step on the receiver this record is keyed by: decided against its account, then booked. */
    private List<LedgerEvent> atReceiver(Record<String, LedgerInput> record,
                                         BiFunction<AccountId, Account, List<LedgerEvent>> step) {
        AccountId receiver = AccountId.of(record.key());
        Account current = account(receiver);
        List<LedgerEvent> events = step.apply(receiver, current);
        store(record, booking(record.key(), events, current));
        return events;
    }

    private void answered(Record<String, LedgerInput> record, LedgerEvent answer, AccountId payer) {
        Account current = account(payer);
        List<LedgerEvent> events = new ArrayList<>(multiLegs.answer(answer, current));
        for (LedgerEvent event : List.copyOf(events)) {
            if (event instanceof LedgerEvent.LegsRefunded refunded) {
                events.addAll(orderRefunded(payer, refunded)); // an occurrence with legs refunded: the order's failure
            }
        }
        store(record, booking(record.key(), events, current));
        orders.fold(payer, events);
        for (LedgerEvent event : events) {
            switch (event) {
                case LedgerEvent.LegsSettled settled -> settled.legs().forEach(leg -> forward(record, leg.to(), settled));
                case LedgerEvent.LegsRefunded refunded -> refunded.held().forEach(held -> forward(record, held, refunded));
                default -> { }
            }
        }
    }

    /**
     * One decision, ready to be written: its events, the account's new state after all of them (one
     * write, so a reader never sees half a decision, such as an account opened but not yet credited)
     * and the account's new history entries, all encoded.
     *
     * @param account the account's new state encoded, or null when nothing is to be stored
     */
    private record Booking(String key, List<LedgerEvent> events, List<byte[]> encodedEvents, byte[] account,
                           List<KeyValue<String, byte[]>> entries, DecayingSum supply, byte[] encodedSupply) {
    }

    /** Applies one decision's events to their account ({@code current}, as read for the decision), without writing anything. */
    private Booking booking(String key, List<LedgerEvent> events, Account current) {
        if (events.isEmpty()) {
            return new Booking(key, events, List.of(), null, List.of(), null, null);
        }
        if (current != null && !current.id().value().equals(key)) {
            throw new IllegalStateException("account " + current.id() + " booked while processing " + key);
        }
        Account account = current;
        List<KeyValue<String, byte[]>> history = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>(events.size());
        for (LedgerEvent event : events) {
            if (!event.account().value().equals(key)) {
                // Every event changes the account this partition was routed for; anything else is a routing bug.
                throw new IllegalStateException("event for " + event.account() + " while processing " + key);
            }
            Account next = ledger.apply(account, event);
            if (next == null) {
                encoded.add(EVENTS.encode(event, null)); // changed no account: not chained
            } else {
                byte[] bytes = EVENTS.encode(event, account == null ? "" : account.chainHead());
                encoded.add(bytes);
                next = next.withChainHead(HashChain.next(bytes));
            }
            AccountHistory.entry(next, event).ifPresent(history::add);
            account = next;
        }
        DecayingSum supplyAfter = supply.after(events);
        return new Booking(key, events, encoded, account == null ? null : StateCodec.encodeAccount(account), history,
            supplyAfter, supplyAfter == null ? null : StateCodec.encodeSupply(supplyAfter));
    }

    /** Writes a booking and sends its events to the ledger topic. */
    private void store(Record<String, LedgerInput> cause, Booking booking) {
        for (KeyValue<String, byte[]> entry : booking.entries()) {
            entries.put(entry.key, entry.value);
        }
        if (booking.account() != null) {
            accounts.put(booking.key(), booking.account());
        }
        if (booking.supply() != null) {
            supply.put(booking.supply(), booking.encodedSupply());
        }
        for (int i = 0; i < booking.events().size(); i++) {
            context.forward(cause.withValue((LedgerOutput) new LedgerOutput.Booked(booking.encodedEvents().get(i)))
                .withHeaders(LedgerHeaders.of(booking.events().get(i), cause.headers())));
        }
        observer.booked(booking.events());
    }

    private Account account(AccountId id) {
        byte[] stored = accounts.get(id.value());
        return stored == null ? null : StateCodec.decodeAccount(stored);
    }

    /** Sends this partition's supply, as it stands now, to the partition that sets the rate. */
    private void reportSupply(long wallClockMillis) {
        SupplyReading reading = supply.reading(Instant.ofEpochMilli(wallClockMillis));
        context.forward(new Record<>(floating.reserve().value(), new LedgerOutput.Reported(reading), wallClockMillis));
    }

    /** On the reserve account's partition: publishes the next rate from the partitions' latest readings. */
    private void publishRate(long wallClockMillis) {
        supply.publish(Instant.ofEpochMilli(wallClockMillis), account(floating.reserve())).ifPresent(changed ->
            context.forward(new Record<>(RATE_KEY, new LedgerOutput.Published(changed), wallClockMillis)));
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** Publishes this partition's changed counts of measures, for every partition's percentile scoring. */
    private void publishPopulations(long wallClockMillis) {
        for (KeyValue<String, byte[]> counted : populations.publish(day(Instant.ofEpochMilli(wallClockMillis)))) {
            context.forward(new Record<>(counted.key, new LedgerOutput.Counted(counted.value), wallClockMillis));
        }
    }

    /** Sends this partition's whole accrued fees to the fee account's partition. */
    private void settleFees(long wallClockMillis) {
        for (LedgerEvent.FeeSettled settled : fees.settle(Instant.ofEpochMilli(wallClockMillis))) {
            context.forward(new Record<>(settled.account().value(), new LedgerOutput.Forwarded(settled), wallClockMillis));
        }
    }

    /**
     * What was remembered of {@code id} within the retention around {@code atMillis}, if it was seen:
     * for a command, the content hash of the command first decided under it.
     */
    private Optional<Long> remembered(WindowStore<String, Long> ids, String id, long atMillis) {
        // The fetch by milliseconds: the one by Instant formats an error message on every call.
        try (WindowStoreIterator<Long> found = ids.fetch(id, atMillis - retentionMillis, atMillis + retentionMillis)) {
            return found.hasNext() ? Optional.of(found.next().value) : Optional.empty();
        }
    }

    private void reject(Record<String, LedgerInput> record, String stage, String reason, byte[] original) {
        observer.deadLetter(stage, reason);
        context.forward(record.withValue((LedgerOutput) new LedgerOutput.Rejected(reason, original))
            .withHeaders(DeadLetter.headers(record.headers(), stage, reason, context.recordMetadata().orElse(null))));
    }
}
