package io.timebank.schemas;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.ActivityId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.ExchangeRate;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Measure;
import io.timebank.ledger.Measures;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.RejectionReason;
import io.timebank.ledger.Score;
import io.timebank.schemas.avro.AccountOpenedEvent;
import io.timebank.schemas.avro.CommandRejectedEvent;
import io.timebank.schemas.avro.DepositRejectedEvent;
import io.timebank.schemas.avro.DepositedEvent;
import io.timebank.schemas.avro.ExchangedEvent;
import io.timebank.schemas.avro.FeeSettledEvent;
import io.timebank.schemas.avro.LedgerEventRecord;
import io.timebank.schemas.avro.ScoreRecord;
import io.timebank.schemas.avro.TransferCreditedEvent;
import io.timebank.schemas.avro.TransferDebitedEvent;
import io.timebank.schemas.avro.TransferRefundedEvent;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Ledger events on the wire: domain {@link LedgerEvent} ↔ Avro {@link LedgerEventRecord}, and their serde. */
public final class LedgerEventCodec implements Serde<LedgerEvent> {

    private final AvroSerde<LedgerEventRecord> avro = new AvroSerde<>(LedgerEventRecord.class);

    public byte[] encode(LedgerEvent event) {
        return avro.encode(toRecord(event));
    }

    public LedgerEvent decode(byte[] bytes) {
        return fromRecord(avro.decode(bytes));
    }

    @Override
    public Serializer<LedgerEvent> serializer() {
        return (topic, event) -> event == null ? null : encode(event);
    }

    @Override
    public Deserializer<LedgerEvent> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    public static LedgerEventRecord toRecord(LedgerEvent event) {
        Object payload = switch (event) {
            case LedgerEvent.AccountOpened e -> new AccountOpenedEvent(e.platform().value(), e.creditLimit().micros());
            case LedgerEvent.Deposited e -> new DepositedEvent(e.platform().value(), e.activityId().value(),
                scoreRecord(e.measures(), e.score()));
            case LedgerEvent.DepositRejected e -> new DepositRejectedEvent(e.platform().value(), e.activityId().value(),
                reason(e.reason()), e.detail());
            case LedgerEvent.TransferDebited e -> new TransferDebitedEvent(e.commandId().value(), e.to().value(),
                asset(e.asset()), e.amount().micros(), e.fee().micros(), e.memo());
            case LedgerEvent.TransferCredited e -> new TransferCreditedEvent(e.commandId().value(), e.from().value(),
                asset(e.asset()), e.amount().micros());
            case LedgerEvent.TransferRefunded e -> new TransferRefundedEvent(e.commandId().value(), e.to().value(),
                asset(e.asset()), e.amount().micros(), reason(e.reason()));
            case LedgerEvent.FeeSettled e -> new FeeSettledEvent(e.settlementId(), asset(e.asset()), e.amount().micros());
            case LedgerEvent.Exchanged e -> new ExchangedEvent(e.commandId().value(), e.attention().micros(),
                e.stable().micros(), e.rate().toString());
            case LedgerEvent.CommandRejected e -> new CommandRejectedEvent(e.commandId().value(), e.command(),
                reason(e.reason()), e.detail(), e.content());
        };
        return new LedgerEventRecord(event.account().value(), event.at(), payload);
    }

    public static LedgerEvent fromRecord(LedgerEventRecord record) {
        AccountId account = AccountId.of(record.getAccount());
        Instant at = record.getAt();
        return switch (record.getEvent()) {
            case AccountOpenedEvent e -> new LedgerEvent.AccountOpened(account, PlatformId.of(e.getPlatform()),
                new Amount(e.getCreditLimitMicros()), at);
            case DepositedEvent e -> new LedgerEvent.Deposited(account, PlatformId.of(e.getPlatform()),
                ActivityId.of(e.getActivityId()), at, measures(e.getScore()), score(e.getScore()));
            case DepositRejectedEvent e -> new LedgerEvent.DepositRejected(account, PlatformId.of(e.getPlatform()),
                ActivityId.of(e.getActivityId()), reason(e.getReason()), e.getDetail(), at);
            case TransferDebitedEvent e -> new LedgerEvent.TransferDebited(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getTo()), asset(e.getAsset()), new Amount(e.getAmountMicros()),
                new Amount(e.getFeeMicros()), e.getMemo(), at);
            case TransferCreditedEvent e -> new LedgerEvent.TransferCredited(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getFrom()), asset(e.getAsset()), new Amount(e.getAmountMicros()), at);
            case TransferRefundedEvent e -> new LedgerEvent.TransferRefunded(CommandId.of(e.getCommandId()), account,
                AccountId.of(e.getTo()), asset(e.getAsset()), new Amount(e.getAmountMicros()), reason(e.getReason()), at);
            case FeeSettledEvent e -> new LedgerEvent.FeeSettled(e.getSettlementId(), account, asset(e.getAsset()),
                new Amount(e.getAmountMicros()), at);
            case ExchangedEvent e -> new LedgerEvent.Exchanged(CommandId.of(e.getCommandId()), account,
                new Amount(e.getAttentionMicros()), new Amount(e.getStableMicros()), ExchangeRate.parse(e.getRate()), at);
            case CommandRejectedEvent e -> new LedgerEvent.CommandRejected(CommandId.of(e.getCommandId()), account,
                e.getCommand(), reason(e.getReason()), e.getDetail(), at, e.getContent());
            default -> throw new UndecodableRecordException("unknown ledger event type "
                + record.getEvent().getClass().getName());
        };
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
