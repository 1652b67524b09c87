package io.timebank.schemas;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.ActivityId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.Contribution;
import io.timebank.ledger.DailyCap;
import io.timebank.ledger.ExchangeRate;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Leg;
import io.timebank.ledger.Loan;
import io.timebank.ledger.LoanPlan;
import io.timebank.ledger.Measure;
import io.timebank.ledger.Measures;
import io.timebank.ledger.Metadata;
import io.timebank.ledger.PayoutShares;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.RejectionReason;
import io.timebank.ledger.Schedule;
import io.timebank.ledger.Score;
import io.timebank.ledger.StandingOrder;
import io.timebank.ledger.TermDeposit;
import io.timebank.schemas.avro.AccountOpenedEvent;
import io.timebank.schemas.avro.CapRecord;
import io.timebank.schemas.avro.CollectionLegDebitedEvent;
import io.timebank.schemas.avro.CollectionLegRefusedEvent;
import io.timebank.schemas.avro.CollectionLegReturnedEvent;
import io.timebank.schemas.avro.CollectionOpenedEvent;
import io.timebank.schemas.avro.CollectionRefundedEvent;
import io.timebank.schemas.avro.CollectionSettledEvent;
import io.timebank.schemas.avro.CommandRejectedEvent;
import io.timebank.schemas.avro.ContributionRecord;
import io.timebank.schemas.avro.CreditLimitChangedEvent;
import io.timebank.schemas.avro.DepositRejectedEvent;
import io.timebank.schemas.avro.DepositedEvent;
import io.timebank.schemas.avro.ExchangedEvent;
import io.timebank.schemas.avro.FeeSettledEvent;
import io.timebank.schemas.avro.LedgerEventRecord;
import io.timebank.schemas.avro.LegAnsweredEvent;
import io.timebank.schemas.avro.LegHeldEvent;
import io.timebank.schemas.avro.LegRecord;
import io.timebank.schemas.avro.LegRefusedEvent;
import io.timebank.schemas.avro.LegReleasedEvent;
import io.timebank.schemas.avro.LegsDebitedEvent;
import io.timebank.schemas.avro.LegsRefundedEvent;
import io.timebank.schemas.avro.LegsSettledEvent;
import io.timebank.schemas.avro.LoanGrantedEvent;
import io.timebank.schemas.avro.LoanPaidEvent;
import io.timebank.schemas.avro.LoanRecord;
import io.timebank.schemas.avro.LoanStandingRecord;
import io.timebank.schemas.avro.LoanTakenEvent;
import io.timebank.schemas.avro.MandateGrantedEvent;
import io.timebank.schemas.avro.MandateRevokedEvent;
import io.timebank.schemas.avro.MetadataFieldRecord;
import io.timebank.schemas.avro.PricedLegRecord;
import io.timebank.schemas.avro.RankRecord;
import io.timebank.schemas.avro.ReservationHeldEvent;
import io.timebank.schemas.avro.ReservationRefusedEvent;
import io.timebank.schemas.avro.ReservationReleasedEvent;
import io.timebank.schemas.avro.ReserveFundedEvent;
import io.timebank.schemas.avro.ScoreRecord;
import io.timebank.schemas.avro.ShareRecord;
import io.timebank.schemas.avro.StandingOrderCancelledEvent;
import io.timebank.schemas.avro.StandingOrderPlacedEvent;
import io.timebank.schemas.avro.StandingOrderRecord;
import io.timebank.schemas.avro.TermDepositOpenedEvent;
import io.timebank.schemas.avro.TermDepositRecord;
import io.timebank.schemas.avro.TermDepositReturnedEvent;
import io.timebank.schemas.avro.TransferCreditedEvent;
import io.timebank.schemas.avro.TransferDebitedEvent;
import io.timebank.schemas.avro.TransferPostedEvent;
import io.timebank.schemas.avro.TransferRefundedEvent;
import io.timebank.schemas.avro.TransferReservedEvent;
import io.timebank.schemas.avro.TransferVoidedEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Ledger events on the wire: domain {@link LedgerEvent} ↔ Avro {@link LedgerEventRecord}, and their serde. */
public final class LedgerEventCodec implements Serde<LedgerEvent> {

    /** The current schema's fingerprint, as little-endian bytes 2–9 of a record written with it. */
    private static final long FINGERPRINT = SchemaNormalization.parsingFingerprint64(LedgerEventRecord.getClassSchema());
    /** For each branch of the event union, whether it belongs to a client command (a transfer or exchange). */
    private static final boolean[] COMMAND_BRANCHES = commandBranches();
    private static final int ACCOUNT_OPENED_BRANCH = LedgerEventRecord.getClassSchema().getField("event").schema()
        .getIndexNamed(AccountOpenedEvent.getClassSchema().getFullName());

    private final AvroSerde<LedgerEventRecord> avro = new AvroSerde<>(LedgerEventRecord.class);

    public byte[] encode(LedgerEvent event) {
        return avro.encode(toRecord(event));
    }

    /**
     * The event's bytes for the ledger topic, naming {@code previous} as the head of its account's hash
     * chain before it ({@link io.timebank.ledger.HashChain}; "" for the account's first event, null: not chained).
     */
    public byte[] encode(LedgerEvent event, String previous) {
        LedgerEventRecord record = toRecord(event);
        record.setPrevious(previous);
        return avro.encode(record);
    }

    /** The head an encoded event names as its account's before it, or null when it is not chained. */
    public String previous(byte[] bytes) {
        return avro.decode(bytes).getPrevious();
    }

    /** An event as written to the ledger topic, with the head it names ({@code previous}, null: not chained). */
    public record Written(LedgerEvent event, String previous) {
    }

    /** The event and the head it names, decoded once. */
    public Written decodeWritten(byte[] bytes) {
        LedgerEventRecord record = avro.decode(bytes);
        return new Written(fromRecord(record), record.getPrevious());
    }

    public LedgerEvent decode(byte[] bytes) {
        return fromRecord(avro.decode(bytes));
    }

    /**
     * Whether the encoded event may belong to a client command, read from its first bytes without
     * decoding it: false only for a record written with the current schema whose event is a
     * deposit, a refused deposit, an opening or a fee settlement. Readers that fold only commands
     * (the outcome fold, the API's ledger tail) skip the others without decoding them.
     */
    public static boolean mayConcernCommand(byte[] bytes) {
        if (!AvroSerde.looksLikeSingleObject(bytes)
            || ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() != FINGERPRINT) {
            return true; // another schema's record: the full decode resolves it
        }
        try {
            BinaryDecoder fields = DecoderFactory.get().binaryDecoder(bytes, AvroSerde.HEADER_LENGTH,
                bytes.length - AvroSerde.HEADER_LENGTH, null);
            fields.skipString(); // account
            fields.readLong(); // at
            int branch = fields.readIndex();
            if (branch == ACCOUNT_OPENED_BRANCH) { // an operator's opening, or a first deposit's (no command id)?
                fields.skipString(); // platform
                fields.readLong(); // creditLimitMicros
                return fields.readIndex() != 0;
            }
            return branch < 0 || branch >= COMMAND_BRANCHES.length || COMMAND_BRANCHES[branch];
        } catch (IOException | RuntimeException corrupt) {
            return true; // the full decode says what is wrong
        }
    }

    private static boolean[] commandBranches() {
        Set<String> commands = Set.of(TransferDebitedEvent.getClassSchema().getFullName(),
            AccountOpenedEvent.getClassSchema().getFullName(), CreditLimitChangedEvent.getClassSchema().getFullName(),
            TransferReservedEvent.getClassSchema().getFullName(), TransferPostedEvent.getClassSchema().getFullName(),
            TransferVoidedEvent.getClassSchema().getFullName(),
            TransferCreditedEvent.getClassSchema().getFullName(), TransferRefundedEvent.getClassSchema().getFullName(),
            ExchangedEvent.getClassSchema().getFullName(), CommandRejectedEvent.getClassSchema().getFullName(),
            ReserveFundedEvent.getClassSchema().getFullName(), LegsDebitedEvent.getClassSchema().getFullName(),
            LegHeldEvent.getClassSchema().getFullName(), LegRefusedEvent.getClassSchema().getFullName(),
            LegAnsweredEvent.getClassSchema().getFullName(), LegsSettledEvent.getClassSchema().getFullName(),
            LegsRefundedEvent.getClassSchema().getFullName(), LegReleasedEvent.getClassSchema().getFullName(),
            StandingOrderPlacedEvent.getClassSchema().getFullName(), StandingOrderCancelledEvent.getClassSchema().getFullName(),
            TermDepositOpenedEvent.getClassSchema().getFullName(), TermDepositReturnedEvent.getClassSchema().getFullName(),
            LoanGrantedEvent.getClassSchema().getFullName(),
            LoanTakenEvent.getClassSchema().getFullName(),
            LoanPaidEvent.getClassSchema().getFullName(),
            MandateGrantedEvent.getClassSchema().getFullName(),
            MandateRevokedEvent.getClassSchema().getFullName(),
            CollectionOpenedEvent.getClassSchema().getFullName(),
            CollectionLegDebitedEvent.getClassSchema().getFullName(),
            CollectionLegRefusedEvent.getClassSchema().getFullName(),
            CollectionSettledEvent.getClassSchema().getFullName(),
            CollectionRefundedEvent.getClassSchema().getFullName(),
            CollectionLegReturnedEvent.getClassSchema().getFullName());
        List<Schema> branches = LedgerEventRecord.getClassSchema().getField("event").schema().getTypes();
        boolean[] command = new boolean[branches.size()];
        for (int i = 0; i < command.length; i++) {
            command[i] = commands.contains(branches.get(i).getFullName());
        }
        return command;
    }

    @Override
    public Serializer<LedgerEvent> serializer() {
        return (topic, event) -> event == null ? null : encode(event);
    }

    @Override
    public Deserializer<LedgerEvent> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    /**
     * Decodes only what {@link #mayConcernCommand} lets through; any other event reads as null,
     * skipped without being decoded.
     */
    public Deserializer<LedgerEvent> commandEventDeserializer() {
        return (topic, bytes) -> bytes == null || !mayConcernCommand(bytes) ? null : decode(bytes);
    }

    /** A transfer's metadata as its records keep it. */
    static Map<String, MetadataFieldRecord> metadataRecords(Metadata metadata) {
        Map<String, MetadataFieldRecord> records = new TreeMap<>();
        metadata.fields().forEach((key, field) -> records.put(key,
            new MetadataFieldRecord(field.type().name().toLowerCase(java.util.Locale.ROOT), field.value())));
        return records;
    }

    /** Metadata read back from a record (none in records written before metadata). */
    static Metadata metadata(Map<String, MetadataFieldRecord> records) {
        if (records == null || records.isEmpty()) {
            return Metadata.NONE;
        }
        TreeMap<String, Metadata.Field> fields = new TreeMap<>();
        records.forEach((key, record) -> fields.put(key,
            new Metadata.Field(Metadata.Type.named(record.getType()), record.getValue())));
        return new Metadata(fields);
    }

    public static LedgerEventRecord toRecord(LedgerEvent event) {
        Object payload = switch (event) {
            case LedgerEvent.AccountOpened e -> new AccountOpenedEvent(e.platform().value(), e.creditLimit().micros(),
                e.commandId() == null ? null : e.commandId().value());
            case LedgerEvent.CreditLimitChanged e -> new CreditLimitChangedEvent(e.commandId().value(), e.before().micros(),
                e.after().micros());
            case LedgerEvent.TransferReserved e -> new TransferReservedEvent(e.commandId().value(), e.to().value(),
                asset(e.asset()), e.amount().micros(), e.fee().micros(), e.memo(), e.timeout().toString(), e.expiresAt(),
                e.feeFactor() == null ? null : e.feeFactor().micros());
            case LedgerEvent.ReservationHeld e -> new ReservationHeldEvent(e.commandId().value(), e.from().value(),
                asset(e.asset()), e.amount().micros());
            case LedgerEvent.ReservationRefused e -> new ReservationRefusedEvent(e.commandId().value(), e.from().value(),
                reason(e.reason()));
            case LedgerEvent.ReservationReleased e -> new ReservationReleasedEvent(e.commandId().value(), e.from().value());
            case LedgerEvent.TransferPosted e -> new TransferPostedEvent(e.commandId().value(), e.to().value(),
                asset(e.asset()), e.amount().micros(), e.fee().micros(), e.reservedAt());
            case LedgerEvent.TransferVoided e -> new TransferVoidedEvent(e.commandId().value(), e.to().value(),
                asset(e.asset()), e.amount().micros(), e.fee().micros(), e.cause().name(),
                e.refusal() == null ? null : reason(e.refusal()), e.voidedAt());
            case LedgerEvent.Deposited e -> new DepositedEvent(e.platform().value(), e.activityId().value(),
                scoreRecord(e.measures(), e.score()), e.capped() == null ? null : new CapRecord(
                    e.capped().spacing().micros(), e.capped().factor().micros(), e.capped().credited().micros()),
                e.ranked() == null ? null : new RankRecord(e.ranked().scoreRank().micros(), e.ranked().qualityAfter().micros()));
            case LedgerEvent.DepositRejected e -> new DepositRejectedEvent(e.platform().value(), e.activityId().value(),
                reason(e.reason()), e.detail());
            case LedgerEvent.TransferDebited e -> new TransferDebitedEvent(e.commandId().value(), e.to().value(),
                asset(e.asset()), e.amount().micros(), e.fee().micros(), e.memo(),
                e.feeFactor() == null ? null : e.feeFactor().micros(), e.available(), metadataRecords(e.metadata()));
            case LedgerEvent.TransferCredited e -> new TransferCreditedEvent(e.commandId().value(), e.from().value(),
                asset(e.asset()), e.amount().micros(), metadataRecords(e.metadata()));
            case LedgerEvent.TransferRefunded e -> new TransferRefundedEvent(e.commandId().value(), e.to().value(),
                asset(e.asset()), e.amount().micros(), reason(e.reason()), metadataRecords(e.metadata()));
            case LedgerEvent.FeeSettled e -> new FeeSettledEvent(e.settlementId(), asset(e.asset()), e.amount().micros());
            case LedgerEvent.Exchanged e -> new ExchangedEvent(e.commandId().value(), e.attention().micros(),
                e.stable().micros(), e.rate().toString());
            case LedgerEvent.CommandRejected e -> new CommandRejectedEvent(e.commandId().value(), e.command(),
                reason(e.reason()), e.detail(), e.content());
            case LedgerEvent.ReserveFunded e -> new ReserveFundedEvent(e.commandId().value(), e.amount().micros());
            case LedgerEvent.LegsDebited e -> new LegsDebitedEvent(e.commandId().value(), asset(e.asset()), legRecords(e.legs()),
                e.feeFactor() == null ? null : e.feeFactor().micros());
            case LedgerEvent.LegHeld e -> new LegHeldEvent(e.commandId().value(), e.from().value(), asset(e.asset()),
                e.amount().micros());
            case LedgerEvent.LegRefused e -> new LegRefusedEvent(e.commandId().value(), e.from().value(), reason(e.reason()));
            case LedgerEvent.LegAnswered e -> new LegAnsweredEvent(e.commandId().value(), e.answer().to().value(),
                e.answer().held() ? null : reason(e.answer().refusal()));
            case LedgerEvent.LegsSettled e -> new LegsSettledEvent(e.commandId().value(), asset(e.asset()), legRecords(e.legs()));
            case LedgerEvent.LegsRefunded e -> new LegsRefundedEvent(e.commandId().value(), asset(e.asset()),
                e.amount().micros(), e.refusal().to().value(), reason(e.refusal().refusal()),
                e.held().stream().map(AccountId::value).toList());
            case LedgerEvent.LegReleased e -> new LegReleasedEvent(e.commandId().value(), e.from().value());
            case LedgerEvent.StandingOrderPlaced e -> new StandingOrderPlacedEvent(orderRecord(e.order()));
            case LedgerEvent.StandingOrderCancelled e -> new StandingOrderCancelledEvent(e.commandId().value(),
                e.order().value(), e.detail());
            case LedgerEvent.TermDepositOpened e -> new TermDepositOpenedEvent(termRecord(e.deposit()), e.term().toString());
            case LedgerEvent.TermDepositReturned e -> new TermDepositReturnedEvent(e.commandId().value(),
                e.deposit().value(), e.value().micros(), e.penalty().micros());
            case LedgerEvent.LoanGranted e -> new LoanGrantedEvent(e.borrower().value(),
                orderRecord(e.order()));
            case LedgerEvent.LoanTaken e -> new LoanTakenEvent(e.lender().value(),
                orderRecord(e.order()));
            case LedgerEvent.LoanPaid e -> new LoanPaidEvent(e.commandId().value(),
                e.lender().value(), e.loan().value(), e.paid().micros(), e.interest().micros(), standingRecord(e.after()));
            case LedgerEvent.MandateGranted e -> new MandateGrantedEvent(e.commandId().value(),
                e.collector().value(), e.max().micros());
            case LedgerEvent.MandateRevoked e -> new MandateRevokedEvent(e.commandId().value(),
                e.collector().value());
            case LedgerEvent.CollectionOpened e -> new CollectionOpenedEvent(e.commandId().value(),
                asset(e.asset()), contributionRecords(e.legs()));
            case LedgerEvent.CollectionLegDebited e -> new CollectionLegDebitedEvent(
                e.commandId().value(), e.to().value(), asset(e.asset()), e.amount().micros(), 0L, e.memo(), null);
            case LedgerEvent.CollectionLegRefused e -> new CollectionLegRefusedEvent(
                e.commandId().value(), e.to().value(), reason(e.reason()));
            case LedgerEvent.CollectionSettled e -> new CollectionSettledEvent(
                e.commandId().value(), asset(e.asset()), e.amount().micros(), e.fee().micros());
            case LedgerEvent.CollectionRefunded e -> new CollectionRefundedEvent(
                e.commandId().value(), asset(e.asset()), e.refusal().to().value(), reason(e.refusal().refusal()),
                contributionRecords(e.debited()));
            case LedgerEvent.CollectionLegReturned e -> new CollectionLegReturnedEvent(
                e.commandId().value(), e.to().value(), asset(e.asset()), e.amount().micros());
        };
        return new LedgerEventRecord(event.account().value(), event.at(), payload, null);
    }

    public static LedgerEvent fromRecord(LedgerEventRecord record) {
        AccountId account = AccountId.of(record.getAccount());
        Instant at = record.getAt();
        return switch (record.getEvent()) {
            case AccountOpenedEvent e -> new LedgerEvent.AccountOpened(account, PlatformId.of(e.getPlatform()),
                new Amount(e.getCreditLimitMicros()), at, e.getCommandId() == null ? null : CommandId.of(e.getCommandId()));
            case CreditLimitChangedEvent e -> new LedgerEvent.CreditLimitChanged(CommandId.of(e.getCommandId()), account,
                new Amount(e.getBeforeMicros()), new Amount(e.getAfterMicros()), at);
            case TransferReservedEvent e -> new LedgerEvent.TransferReserved(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getTo()), asset(e.getAsset()), new Amount(e.getAmountMicros()), new Amount(e.getFeeMicros()),
                e.getMemo(), at, java.time.Duration.parse(e.getTimeout()), e.getExpiresAt(),
                e.getFeeFactorMicros() == null ? null : new Measure(e.getFeeFactorMicros()));
            case ReservationHeldEvent e -> new LedgerEvent.ReservationHeld(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getFrom()), asset(e.getAsset()), new Amount(e.getAmountMicros()), at);
            case ReservationRefusedEvent e -> new LedgerEvent.ReservationRefused(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getFrom()), reason(e.getReason()), at);
            case ReservationReleasedEvent e -> new LedgerEvent.ReservationReleased(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getFrom()), at);
            case TransferPostedEvent e -> new LedgerEvent.TransferPosted(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getTo()), asset(e.getAsset()), new Amount(e.getAmountMicros()), new Amount(e.getFeeMicros()),
                e.getReservedAt(), at);
            case TransferVoidedEvent e -> new LedgerEvent.TransferVoided(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getTo()), asset(e.getAsset()), new Amount(e.getAmountMicros()), new Amount(e.getFeeMicros()),
                LedgerEvent.VoidCause.valueOf(e.getCause()), e.getRefusal() == null ? null : reason(e.getRefusal()), at,
                e.getVoidedAt());
            case DepositedEvent e -> new LedgerEvent.Deposited(account, PlatformId.of(e.getPlatform()),
                ActivityId.of(e.getActivityId()), at, measures(e.getScore()), score(e.getScore()), capped(e.getCapped()),
                e.getRanked() == null ? null : new LedgerEvent.Ranked(new Measure(e.getRanked().getScoreRankMicros()),
                    new Measure(e.getRanked().getQualityMicros())));
            case DepositRejectedEvent e -> new LedgerEvent.DepositRejected(account, PlatformId.of(e.getPlatform()),
                ActivityId.of(e.getActivityId()), reason(e.getReason()), e.getDetail(), at);
            case TransferDebitedEvent e -> new LedgerEvent.TransferDebited(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getTo()), asset(e.getAsset()), new Amount(e.getAmountMicros()),
                new Amount(e.getFeeMicros()), e.getMemo(), at,
                e.getFeeFactorMicros() == null ? null : new Measure(e.getFeeFactorMicros()), e.getAvailable(),
                metadata(e.getMetadata()));
            case TransferCreditedEvent e -> new LedgerEvent.TransferCredited(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getFrom()), asset(e.getAsset()), new Amount(e.getAmountMicros()), at,
                metadata(e.getMetadata()));
            case TransferRefundedEvent e -> new LedgerEvent.TransferRefunded(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getTo()), asset(e.getAsset()), new Amount(e.getAmountMicros()), reason(e.getReason()), at,
                metadata(e.getMetadata()));
            case FeeSettledEvent e -> new LedgerEvent.FeeSettled(e.getSettlementId(), account, asset(e.getAsset()),
                new Amount(e.getAmountMicros()), at);
            case ExchangedEvent e -> new LedgerEvent.Exchanged(CommandId.of(e.getCommandId()), account,
                new Amount(e.getAttentionMicros()), new Amount(e.getStableMicros()), ExchangeRate.parse(e.getRate()), at);
            case CommandRejectedEvent e -> new LedgerEvent.CommandRejected(CommandId.of(e.getCommandId()), account,
                e.getCommand(), reason(e.getReason()), e.getDetail(), at, e.getContent());
            case ReserveFundedEvent e -> new LedgerEvent.ReserveFunded(CommandId.of(e.getCommandId()), account,
                new Amount(e.getAmountMicros()), at);
            case LegsDebitedEvent e -> new LedgerEvent.LegsDebited(CommandId.of(e.getCommandId()), account,
                asset(e.getAsset()), legs(e.getLegs()), at,
                e.getFeeFactorMicros() == null ? null : new Measure(e.getFeeFactorMicros()));
            case LegHeldEvent e -> new LedgerEvent.LegHeld(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getFrom()), asset(e.getAsset()), new Amount(e.getAmountMicros()), at);
            case LegRefusedEvent e -> new LedgerEvent.LegRefused(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getFrom()), reason(e.getReason()), at);
            case LegAnsweredEvent e -> new LedgerEvent.LegAnswered(CommandId.of(e.getCommandId()), account,
                new Leg.Answer(AccountId.of(e.getTo()), e.getRefusal() == null ? null : reason(e.getRefusal())), at);
            case LegsSettledEvent e -> new LedgerEvent.LegsSettled(CommandId.of(e.getCommandId()), account,
                asset(e.getAsset()), legs(e.getLegs()), at);
            case LegsRefundedEvent e -> new LedgerEvent.LegsRefunded(CommandId.of(e.getCommandId()), account,
                asset(e.getAsset()), new Amount(e.getAmountMicros()),
                new Leg.Answer(AccountId.of(e.getRefusedBy()), reason(e.getReason())),
                e.getHeld().stream().map(AccountId::of).toList(), at);
            case LegReleasedEvent e -> new LedgerEvent.LegReleased(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getFrom()), at);
            case StandingOrderPlacedEvent e -> new LedgerEvent.StandingOrderPlaced(account, order(e.getOrder()), at);
            case StandingOrderCancelledEvent e -> new LedgerEvent.StandingOrderCancelled(CommandId.of(e.getCommandId()),
                account, CommandId.of(e.getOrder()), e.getDetail(), at);
            case TermDepositOpenedEvent e -> {
                TermDeposit deposit = term(e.getDeposit());
                yield new LedgerEvent.TermDepositOpened(deposit.id(), account, deposit,
                    java.time.Duration.parse(e.getTerm()), at);
            }
            case TermDepositReturnedEvent e -> new LedgerEvent.TermDepositReturned(CommandId.of(e.getCommandId()), account,
                CommandId.of(e.getDeposit()), new Amount(e.getValueMicros()), new Amount(e.getPenaltyMicros()), at);
            case LoanGrantedEvent e -> new LedgerEvent.LoanGranted(account,
                AccountId.of(e.getBorrower()), order(e.getOrder()), at);
            case LoanTakenEvent e -> new LedgerEvent.LoanTaken(account,
                AccountId.of(e.getLender()), order(e.getOrder()), at);
            case LoanPaidEvent e -> new LedgerEvent.LoanPaid(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getLender()), CommandId.of(e.getLoan()), new Amount(e.getPaidMicros()),
                new Amount(e.getInterestMicros()), standing(e.getAfter()), at);
            case MandateGrantedEvent e -> new LedgerEvent.MandateGranted(
                CommandId.of(e.getCommandId()), account, AccountId.of(e.getCollector()), new Amount(e.getMaxMicros()), at);
            case MandateRevokedEvent e -> new LedgerEvent.MandateRevoked(
                CommandId.of(e.getCommandId()), account, AccountId.of(e.getCollector()), at);
            case CollectionOpenedEvent e -> new LedgerEvent.CollectionOpened(
                CommandId.of(e.getCommandId()), account, asset(e.getAsset()), contributions(e.getLegs()), at);
            case CollectionLegDebitedEvent e -> new LedgerEvent.CollectionLegDebited(
                CommandId.of(e.getCommandId()), account, AccountId.of(e.getTo()), asset(e.getAsset()),
                new Amount(e.getAmountMicros()), e.getMemo(), at); // feeMicros: the payer pays none (always 0 since v8)
            case CollectionLegRefusedEvent e -> new LedgerEvent.CollectionLegRefused(
                CommandId.of(e.getCommandId()), account, AccountId.of(e.getTo()), reason(e.getReason()), at);
            case CollectionSettledEvent e -> new LedgerEvent.CollectionSettled(
                CommandId.of(e.getCommandId()), account, asset(e.getAsset()), new Amount(e.getAmountMicros()),
                new Amount(e.getFeeMicros()), at);
            case CollectionRefundedEvent e -> new LedgerEvent.CollectionRefunded(
                CommandId.of(e.getCommandId()), account, asset(e.getAsset()),
                new Leg.Answer(AccountId.of(e.getRefusedBy()), reason(e.getReason())), contributions(e.getDebited()), at);
            case CollectionLegReturnedEvent e -> new LedgerEvent.CollectionLegReturned(
                CommandId.of(e.getCommandId()), account, AccountId.of(e.getTo()), asset(e.getAsset()),
                new Amount(e.getAmountMicros()), at);
            default -> throw new UndecodableRecordException("unknown ledger event type "
                + record.getEvent().getClass().getName());
        };
    }

    static TermDepositRecord termRecord(TermDeposit deposit) {
        return new TermDepositRecord(deposit.id().value(), deposit.principal().micros(), deposit.openedAt(),
            deposit.maturity(), deposit.meanLifetime().toMillis());
    }

    static TermDeposit term(TermDepositRecord record) {
        return new TermDeposit(CommandId.of(record.getId()), new Amount(record.getPrincipalMicros()), record.getOpenedAt(),
            record.getMaturity(), java.time.Duration.ofMillis(record.getMeanLifetimeMillis()));
    }

    static StandingOrderRecord orderRecord(StandingOrder order) {
        Schedule schedule = order.schedule();
        return new StandingOrderRecord(order.id().value(), order.multiLeg() ? null : order.to().value(),
            asset(order.asset()), order.amount().micros(), order.memo(), schedule.first(), schedule.interval().toString(),
            schedule.count(), schedule.until(), order.failuresMax(), order.next(), order.failures(), order.awaiting(),
            askedLegRecords(order.legs()), order.shares() == null ? null : order.shares().portion().micros(),
            order.shares() == null ? List.of() : order.shares().shares().stream()
                .map(share -> new ShareRecord(share.to().value(), share.weight())).toList(),
            order.loan() == null ? null : new LoanRecord(order.loan().plan().principal().micros(),
                order.loan().plan().rate().toPlainString(), order.loan().plan().count(),
                standingRecord(order.loan().standing())));
    }

    static LoanStandingRecord standingRecord(LoanPlan.Standing standing) {
        return new LoanStandingRecord(standing.next(), standing.arrears().micros(),
            standing.arrearsInterest().micros(), standing.principalPaid().micros(), standing.interestPaid().micros());
    }

    static LoanPlan.Standing standing(LoanStandingRecord record) {
        return new LoanPlan.Standing(record.getNext(), new Amount(record.getArrearsMicros()),
            new Amount(record.getArrearsInterestMicros()), new Amount(record.getPrincipalPaidMicros()),
            new Amount(record.getInterestPaidMicros()));
    }

    static StandingOrder order(StandingOrderRecord record) {
        return new StandingOrder(CommandId.of(record.getId()), record.getTo() == null ? null : AccountId.of(record.getTo()),
            asset(record.getAsset()), new Amount(record.getAmountMicros()), record.getMemo(), new Schedule(record.getFirst(),
                Schedule.interval(record.getInterval()), record.getCount(), record.getUntil()),
            record.getFailuresMax(), record.getNext(), record.getFailures(), record.getAwaiting(),
            askedLegs(record.getLegs()), record.getPortionMicros() == null ? null : new PayoutShares(
                new Measure(record.getPortionMicros()), record.getShares().stream()
                    .map(share -> new PayoutShares.Share(AccountId.of(share.getTo()), share.getWeight())).toList()),
            record.getLoan() == null ? null : new Loan(AccountId.of(record.getTo()),
                new LoanPlan(new Amount(record.getLoan().getPrincipalMicros()),
                    new java.math.BigDecimal(record.getLoan().getRate()), record.getLoan().getCount()),
                standing(record.getLoan().getStanding())));
    }

    static List<ContributionRecord> contributionRecords(List<Contribution> legs) {
        return legs.stream().map(leg -> new ContributionRecord(leg.from().value(),
            leg.amount().micros(), leg.memo())).toList();
    }

    static List<Contribution> contributions(List<ContributionRecord> records) {
        return records.stream().map(record -> new Contribution(AccountId.of(record.getFrom()),
            new Amount(record.getAmountMicros()), record.getMemo())).toList();
    }

    /** Legs as a client asked them (no fee yet). */
    static List<LegRecord> askedLegRecords(List<Leg> legs) {
        return legs.stream().map(leg -> new LegRecord(leg.to().value(), leg.amount().micros(), leg.memo())).toList();
    }

    static List<Leg> askedLegs(List<LegRecord> records) {
        return records.stream().map(record -> new Leg(AccountId.of(record.getTo()), new Amount(record.getAmountMicros()),
            record.getMemo())).toList();
    }

    static List<PricedLegRecord> legRecords(List<Leg.Priced> legs) {
        return legs.stream().map(leg -> new PricedLegRecord(leg.to().value(), leg.amount().micros(), leg.fee().micros(),
            leg.memo())).toList();
    }

    static List<Leg.Priced> legs(List<PricedLegRecord> records) {
        return records.stream().map(record -> new Leg.Priced(AccountId.of(record.getTo()), new Amount(record.getAmountMicros()),
            new Amount(record.getFeeMicros()), record.getMemo())).toList();
    }

    private static DailyCap.Applied capped(CapRecord record) {
        return record == null ? null : new DailyCap.Applied(new Measure(record.getSpacingMicros()),
            new Measure(record.getFactorMicros()), new Amount(record.getCreditedMicros()));
    }

    private static ScoreRecord scoreRecord(Measures measures, Score score) {
        return new ScoreRecord(measures.interaction().micros(), measures.originality().micros(),
            measures.engagement().micros(), score.interactionFactor().micros(), score.originalityFactor().micros(),
            score.engagementFactor().micros(), score.value().micros());
    }

    private static Measures measures(ScoreRecord record) {
        return new Measures(new Measure(record.getInteractionMicros()), new Measure(record.getOriginalityMicros()),
            new Measure(record.getEngagementMicros()));
    }

    private static Score score(ScoreRecord record) {
        return new Score(new Measure(record.getInteractionFactorMicros()), new Measure(record.getOriginalityFactorMicros()),
            new Measure(record.getEngagementFactorMicros()), new Amount(record.getValueMicros()));
    }

    static io.timebank.schemas.avro.Asset asset(Asset asset) {
        return io.timebank.schemas.avro.Asset.valueOf(asset.name());
    }

    static Asset asset(io.timebank.schemas.avro.Asset asset) {
        if (asset == io.timebank.schemas.avro.Asset.UNKNOWN) {
            throw new UndecodableRecordException("asset unknown to this version of the bank");
        }
        return Asset.valueOf(asset.name());
    }

    static io.timebank.schemas.avro.RejectionReason reason(RejectionReason reason) {
        return io.timebank.schemas.avro.RejectionReason.valueOf(reason.name());
    }

    static RejectionReason reason(io.timebank.schemas.avro.RejectionReason reason) {
        if (reason == io.timebank.schemas.avro.RejectionReason.UNKNOWN) {
            throw new UndecodableRecordException("rejection reason unknown to this version of the bank");
        }
        return RejectionReason.valueOf(reason.name());
    }
}
