package io.timebank.schemas;

import io.timebank.ledger.Amount;
import io.timebank.ledger.ExchangeRate;
import io.timebank.ledger.RateChanged;
import io.timebank.ledger.RateRule;
import io.timebank.ledger.SupplyReading;
import io.timebank.schemas.avro.RateChangedRecord;
import io.timebank.schemas.avro.SupplyReadingRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The rates topic (published rates) and the supply readings partitions send to the one that sets the rate. */
public final class RateCodec {

    private static final AvroSerde<RateChangedRecord> RATES = new AvroSerde<>(RateChangedRecord.class);
    private static final AvroSerde<SupplyReadingRecord> READINGS = new AvroSerde<>(SupplyReadingRecord.class);

    private RateCodec() {
    }

    public static byte[] encode(RateChanged changed) {
        RateRule.Decision decision = changed.decision();
        return RATES.encode(new RateChangedRecord(changed.sequence(), changed.at(), decision.rate().toString(),
            changed.previous().toString(), decision.target().toString(), decision.supply().micros(),
            decision.reserve().micros(), decision.version()));
    }

    public static RateChanged decodeRate(byte[] bytes) {
        RateChangedRecord record = RATES.decode(bytes);
        return new RateChanged(record.getSequence(), record.getAt(), ExchangeRate.parse(record.getPrevious()),
            new RateRule.Decision(ExchangeRate.parse(record.getRate()), ExchangeRate.parse(record.getTarget()),
                new Amount(record.getSupplyMicros()), new Amount(record.getReserveMicros()), record.getFormulaVersion()));
    }

    public static byte[] encode(SupplyReading reading) {
        return READINGS.encode(reading(reading));
    }

    public static SupplyReading decodeReading(byte[] bytes) {
        return reading(READINGS.decode(bytes));
    }

    static SupplyReadingRecord reading(SupplyReading reading) {
        return new SupplyReadingRecord(reading.partition(), reading.at(), reading.amount().micros());
    }

    static SupplyReading reading(SupplyReadingRecord record) {
        return new SupplyReading(record.getPartition(), record.getAt(), new Amount(record.getAmountMicros()));
    }

    /** Serde for the rates topic, for readers that want the domain type. */
    public static Serde<RateChanged> rates() {
        Deserializer<RateChanged> deserializer = (topic, bytes) -> bytes == null ? null : decodeRate(bytes);
        return Serdes.serdeFrom((topic, changed) -> changed == null ? null : encode(changed), deserializer);
    }

}
