package io.timebank.schemas;

import io.timebank.ledger.Account;
import io.timebank.ledger.AccountEntry;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.DailyCap;
import io.timebank.ledger.DecayingBalance;
import io.timebank.ledger.DecayingSum;
import io.timebank.ledger.ExchangeRate;
import io.timebank.ledger.FeeAccrual;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Leg;
import io.timebank.ledger.Mandate;
import io.timebank.ledger.Measure;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.QualityRule;
import io.timebank.ledger.RateBook;
import io.timebank.ledger.StableBalance;
import io.timebank.ledger.StandingOrder;
import io.timebank.ledger.SupplyReading;
import io.timebank.schemas.avro.AccountEntryRecord;
import io.timebank.schemas.avro.AccountStateRecord;
import io.timebank.schemas.avro.CappedDayRecord;
import io.timebank.schemas.avro.DecayingBalanceRecord;
import io.timebank.schemas.avro.FeeAccrualRecord;
import io.timebank.schemas.avro.HoldRecord;
import io.timebank.schemas.avro.LegAnswerRecord;
import io.timebank.schemas.avro.MandateRecord;
import io.timebank.schemas.avro.PartitionSupplyRecord;
import io.timebank.schemas.avro.PendingLegsRecord;
import io.timebank.schemas.avro.RateBookRecord;
import io.timebank.schemas.avro.ReservationRecord;
import io.timebank.schemas.avro.StandingOrderRecord;
import io.timebank.schemas.avro.SupplyReadingRecord;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Store state on disk and in changelogs: exact, so that a store restored from its changelog, or
 * rebuilt from the ledger topic, holds the same bits as the live one.
 */
public final class StateCodec {

    private static final AvroSerde<AccountStateRecord> ACCOUNTS = new AvroSerde<>(AccountStateRecord.class);
    private static final AvroSerde<FeeAccrualRecord> FEES = new AvroSerde<>(FeeAccrualRecord.class);
    private static final AvroSerde<PartitionSupplyRecord> SUPPLY = new AvroSerde<>(PartitionSupplyRecord.class);
    private static final AvroSerde<RateBookRecord> RATE_BOOKS = new AvroSerde<>(RateBookRecord.class);
    private static final AvroSerde<StandingOrderRecord> ORDERS = new AvroSerde<>(StandingOrderRecord.class);
    private static final AvroSerde<AccountEntryRecord> ENTRIES = new AvroSerde<>(AccountEntryRecord.class);
    private static final LedgerEventCodec EVENTS = new LedgerEventCodec();
    /** Every schema an entry has been written with; anything else in the entries store is a bare event. */
    private static final Set<Long> ENTRY_FINGERPRINTS = AvroSerde.fingerprints(AccountEntryRecord.class);

    private StateCodec() {
    }

    public static byte[] encodeAccount(Account account) {
        StableBalance stable = account.stable();
        return ACCOUNTS.encode(new AccountStateRecord(account.id().value(), account.platform().value(),
            account.creditLimit().micros(), account.openedAt(), balance(account.attention()), stable.amount().micros(),
            stable.lastEntryMillis(), stable.entryCount(), dayRecords(account.days()), account.quality().mean().micros(),
            account.quality().deposits(), holdRecords(account.holds()), pendingRecords(account.pendingLegs()),
            account.terms().stream().map(LedgerEventCodec::termRecord).toList(),
            account.mandates().stream().map(mandate -> new MandateRecord(
                mandate.collector().value(), mandate.max().micros(), mandate.id().value())).toList(),
            account.chainHead(), account.reservations().stream().map(reservation -> new ReservationRecord(
                reservation.transfer().value(), reservation.to().value(), LedgerEventCodec.asset(reservation.asset()),
                reservation.amount().micros(), reservation.fee().micros(), reservation.reservedAt(),
                reservation.expiresAt())).toList()));
    }

    private static List<HoldRecord> holdRecords(List<Account.Hold> holds) {
        return holds.stream().map(hold -> new HoldRecord(hold.commandId().value(), hold.from().value(),
            LedgerEventCodec.asset(hold.asset()), hold.amount().micros())).toList();
    }

    private static List<Account.Hold> holds(List<HoldRecord> records) {
        return records.stream().map(record -> new Account.Hold(CommandId.of(record.getCommandId()),
            AccountId.of(record.getFrom()), LedgerEventCodec.asset(record.getAsset()), new Amount(record.getAmountMicros())))
            .toList();
    }

    private static List<PendingLegsRecord> pendingRecords(List<Account.PendingLegs> pending) {
        return pending.stream().map(each -> new PendingLegsRecord(each.commandId().value(),
            LedgerEventCodec.asset(each.asset()), LedgerEventCodec.legRecords(each.legs()), each.answers().stream()
                .map(answer -> new LegAnswerRecord(answer.to().value(),
                    answer.held() ? null : LedgerEventCodec.reason(answer.refusal()))).toList())).toList();
    }

    private static List<Account.PendingLegs> pending(List<PendingLegsRecord> records) {
        return records.stream().map(record -> new Account.PendingLegs(CommandId.of(record.getCommandId()),
            LedgerEventCodec.asset(record.getAsset()), LedgerEventCodec.legs(record.getLegs()), record.getAnswers().stream()
                .map(answer -> new Leg.Answer(AccountId.of(answer.getTo()),
                    answer.getRefusal() == null ? null : LedgerEventCodec.reason(answer.getRefusal()))).toList())).toList();
    }

    private static List<CappedDayRecord> dayRecords(List<DailyCap.Day> days) {
        List<CappedDayRecord> records = new ArrayList<>(days.size());
        for (DailyCap.Day day : days) {
            records.add(new CappedDayRecord(day.date().toEpochDay(), day.countedMicros(), day.creditedMicros(),
                day.anchor() == null ? null : day.anchor().toEpochMilli()));
        }
        return records;
    }

    private static List<DailyCap.Day> days(List<CappedDayRecord> records) {
        List<DailyCap.Day> days = new ArrayList<>(records.size());
        for (CappedDayRecord record : records) {
            days.add(new DailyCap.Day(LocalDate.ofEpochDay(record.getEpochDay()), record.getCountedMicros(),
                record.getCreditedMicros(), record.getAnchorMillis() == null ? null : Instant.ofEpochMilli(record.getAnchorMillis())));
        }
        return days;
    }

    public static Account decodeAccount(byte[] bytes) {
        AccountStateRecord record = ACCOUNTS.decode(bytes);
        return new Account(AccountId.of(record.getAccount()), PlatformId.of(record.getPlatform()),
            new Amount(record.getCreditLimitMicros()), record.getOpenedAt(), balance(record.getAttention()),
            new StableBalance(new Amount(record.getStableMicros()), record.getStableLastEntryMillis(),
                record.getStableEntryCount()), days(record.getCappedDays()),
            new QualityRule.Quality(new Measure(record.getQualityMicros()), record.getQualityDeposits()),
            holds(record.getHolds()), pending(record.getPendingLegs()),
            record.getTerms().stream().map(LedgerEventCodec::term).toList(),
            record.getMandates().stream().map(mandate -> new Mandate(
                AccountId.of(mandate.getCollector()), new Amount(mandate.getMaxMicros()),
                CommandId.of(mandate.getCommandId()))).toList(), record.getChainHead(),
            record.getReservations().stream().map(reservation -> new Account.Reservation(
                CommandId.of(reservation.getTransfer()), AccountId.of(reservation.getTo()),
                LedgerEventCodec.asset(reservation.getAsset()), new Amount(reservation.getAmountMicros()),
                new Amount(reservation.getFeeMicros()), reservation.getReservedAt(), reservation.getExpiresAt())).toList());
    }

    /** An entry of an account's history: its event and the account's balances after it ({@code after}). */
    public static byte[] encodeEntry(LedgerEvent event, Account after) {
        StableBalance stable = after.stable();
        return ENTRIES.encode(new AccountEntryRecord(LedgerEventCodec.toRecord(event), balance(after.attention()),
            stable.amount().micros(), stable.lastEntryMillis(), stable.entryCount()));
    }

    /**
     * An entry of an account's history; one written before entries kept the balances (a bare ledger
     * event) reads without them.
     */
    public static AccountEntry decodeEntry(long sequence, byte[] bytes) {
        if (!AvroSerde.looksLikeSingleObject(bytes) || !ENTRY_FINGERPRINTS.contains(
            ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong())) {
            return new AccountEntry(sequence, EVENTS.decode(bytes), null, null);
        }
        AccountEntryRecord record = ENTRIES.decode(bytes);
        return new AccountEntry(sequence, LedgerEventCodec.fromRecord(record.getEvent()), balance(record.getAttention()),
            new StableBalance(new Amount(record.getStableMicros()), record.getStableLastEntryMillis(),
                record.getStableEntryCount()));
    }

    /** A standing order as the orders store keeps it: its terms and how far it has run. */
    public static byte[] encodeOrder(StandingOrder order) {
        return ORDERS.encode(LedgerEventCodec.orderRecord(order));
    }

    public static StandingOrder decodeOrder(byte[] bytes) {
        return LedgerEventCodec.order(ORDERS.decode(bytes));
    }

    /** A partition's unsettled fees, with how many settlements it has made (for the next settlement's id). */
    public record PartitionFees(FeeAccrual accrual, long settlements) {
        public static final PartitionFees NONE = new PartitionFees(FeeAccrual.EMPTY, 0);
    }

    public static byte[] encodeFees(PartitionFees fees) {
        return FEES.encode(new FeeAccrualRecord(balance(fees.accrual().attention()), fees.accrual().stable().micros(),
            fees.settlements()));
    }

    public static PartitionFees decodeFees(byte[] bytes) {
        FeeAccrualRecord record = FEES.decode(bytes);
        return new PartitionFees(new FeeAccrual(balance(record.getAttention()), new Amount(record.getStableMicros())),
            record.getSettlements());
    }

    /** A partition's attention supply: the sum of its accounts' attention postings, in landmark form. */
    public static byte[] encodeSupply(DecayingSum supply) {
        return SUPPLY.encode(new PartitionSupplyRecord(supply.landmarkMillis(), supply.forwardMicros(), supply.lastMillis()));
    }

    public static DecayingSum decodeSupply(byte[] bytes) {
        PartitionSupplyRecord record = SUPPLY.decode(bytes);
        return new DecayingSum(record.getLandmarkMillis(), record.getForwardMicros(), record.getLastMillis());
    }

    public static byte[] encodeRateBook(RateBook book) {
        List<SupplyReadingRecord> readings = new ArrayList<>(book.readings().size());
        book.readings().values().forEach(reading -> readings.add(RateCodec.reading(reading)));
        return RATE_BOOKS.encode(new RateBookRecord(book.rate().toString(), book.sequence(), readings,
            book.supplies().stream().map(Amount::micros).toList()));
    }

    public static RateBook decodeRateBook(byte[] bytes) {
        RateBookRecord record = RATE_BOOKS.decode(bytes);
        Map<Integer, SupplyReading> readings = new TreeMap<>();
        record.getReadings().forEach(reading -> readings.put(reading.getPartition(), RateCodec.reading(reading)));
        return new RateBook(ExchangeRate.parse(record.getRate()), record.getSequence(), readings,
            record.getSuppliesMicros().stream().map(Amount::new).toList());
    }

    private static DecayingBalanceRecord balance(DecayingBalance balance) {
        BigDecimal owed = balance.owedMicros();
        return new DecayingBalanceRecord(balance.landmarkMillis(),
            ByteBuffer.wrap(balance.forwardSum().unscaledValue().toByteArray()), balance.forwardSum().scale(),
            balance.lastEntryMillis(), balance.entryCount(),
            ByteBuffer.wrap(owed.signum() == 0 ? new byte[0] : owed.unscaledValue().toByteArray()), owed.scale(),
            balance.owedSinceMillis());
    }

    private static DecayingBalance balance(DecayingBalanceRecord record) {
        return new DecayingBalance(record.getLandmarkMillis(),
            decimal(record.getForwardSumUnscaled(), record.getForwardSumScale()), record.getLastEntryMillis(),
            record.getEntryCount(), decimal(record.getOwedUnscaled(), record.getOwedScale()), record.getOwedSinceMillis());
    }

    /** An exact decimal from its unscaled two's-complement bytes; no bytes is zero. */
    private static BigDecimal decimal(ByteBuffer unscaled, int scale) {
        ByteBuffer buffer = unscaled.duplicate();
        if (!buffer.hasRemaining()) {
            return BigDecimal.ZERO;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new BigDecimal(new BigInteger(bytes), scale);
    }
}
