package io.timebank.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.timebank.ledger.Account;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.ActivityId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.CommandKey;
import io.timebank.ledger.Contribution;
import io.timebank.ledger.DailyCap;
import io.timebank.ledger.DecayingBalance;
import io.timebank.ledger.ExchangeRate;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Leg;
import io.timebank.ledger.LoanPlan;
import io.timebank.ledger.Mandate;
import io.timebank.ledger.Measure;
import io.timebank.ledger.Measures;
import io.timebank.ledger.PayoutShares;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.QualityRule;
import io.timebank.ledger.RejectionReason;
import io.timebank.ledger.Schedule;
import io.timebank.ledger.Score;
import io.timebank.ledger.StableBalance;
import io.timebank.ledger.StandingOrder;
import io.timebank.ledger.TermDeposit;
import io.timebank.schemas.avro.AccountStateRecord;
import io.timebank.schemas.avro.CancelStandingOrderCommand;
import io.timebank.schemas.avro.LedgerCommandRecord;
import io.timebank.schemas.avro.LedgerEventRecord;
import io.timebank.schemas.avro.TransferCommand;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class LedgerCodecTest {

    static final Instant AT = Instant.parse("2026-02-03T04:05:06.789Z");
    static final AccountId ALICE = AccountId.of("alice");
    static final AccountId BOB = AccountId.of("bob");
    static final CommandId COMMAND = CommandId.of("cmd-1");
    static final AccountId CAROL = AccountId.of("carol");
    static final List<Leg.Priced> LEGS = List.of(new Leg.Priced(BOB, Amount.parse("2.5"), Amount.parse("0.025"), "rent"),
        new Leg.Priced(CAROL, Amount.parse("1"), Amount.parse("0.01"), ""));

    static final TermDeposit SAVE = new TermDeposit(CommandId.of("save"),
        Amount.parse("13"), AT, AT.plus(java.time.Duration.ofDays(30)), java.time.Duration.ofHours(2000));
    static final StandingOrder SPLIT = StandingOrder.ofLegs(CommandId.of("split"), Asset.ATTENTION, List.of(
        new Leg(BOB, Amount.parse("2.5"), "rent"), new Leg(CAROL, Amount.parse("1"), "")),
        new Schedule(AT, Schedule.interval("P1W"), 0, null), 3);
    /** A loan of 100 from bob to alice, 1.25 % an installment, 3 monthly installments. */
    static final StandingOrder LOAN = StandingOrder.ofLoan(CommandId.of("loan"), BOB, new LoanPlan(
        Amount.parse("100"), new java.math.BigDecimal("0.0125"), 3), new Schedule(AT, Schedule.interval("P1M"), 0, null));
    static final StandingOrder MONTHLY = StandingOrder.of(CommandId.of("rent"), BOB, Asset.ATTENTION, Amount.parse("25"),
        "rent", new Schedule(AT, Schedule.interval("P1M"), 12, null), 3);

    /** A collection's legs: alice and carol pay bob. */
    static final List<Contribution> DUES = List.of(
        new Contribution(ALICE, Amount.parse("2.5"), "dues"),
        new Contribution(CAROL, Amount.parse("1"), ""));

    static final io.timebank.ledger.Metadata METADATA = new io.timebank.ledger.Metadata(new java.util.TreeMap<>(Map.of(
        "category", new io.timebank.ledger.Metadata.Field(io.timebank.ledger.Metadata.Type.TEXT, "rent"),
        "total", new io.timebank.ledger.Metadata.Field(io.timebank.ledger.Metadata.Type.DECIMAL, "12.5"))));

    static final List<LedgerEvent> EVENTS = List.of(
            new LedgerEvent.AccountOpened(ALICE, PlatformId.of("forum"), Amount.parse("10"), AT),
            new LedgerEvent.Deposited(ALICE, PlatformId.of("forum"), ActivityId.of("e-1"), AT, Measures.of(4, 2, 4),
                new Score(Measure.parse("1.386294"), Measure.of(2), Measure.parse("0.5"), Amount.parse("1.386294"))),
            new LedgerEvent.Deposited(ALICE, PlatformId.of("forum"), ActivityId.of("e-3"), AT, Measures.of(4, 2, 4),
                new Score(Measure.of(4), Measure.of(2), Measure.of(4), Amount.parse("32")),
                new DailyCap.Applied(Measure.parse("0.2"), Measure.parse("0.164511"), Amount.parse("5.264352")),
                new LedgerEvent.Ranked(Measure.parse("0.9"), Measure.parse("0.71"))),
            new LedgerEvent.TransferDebited(COMMAND, ALICE, BOB, Asset.ATTENTION, Amount.parse("100"),
                Amount.parse("0.08"), "", AT, Measure.parse("0.8")),
            new LedgerEvent.DepositRejected(ALICE, PlatformId.of("other"), ActivityId.of("e-2"),
                RejectionReason.PLATFORM_MISMATCH, "belongs to forum", AT),
            new LedgerEvent.TransferDebited(COMMAND, ALICE, BOB, Asset.ATTENTION, Amount.parse("5.5"),
                Amount.parse("0.01"), "thanks", AT),
            new LedgerEvent.TransferCredited(COMMAND, BOB, ALICE, Asset.ATTENTION, Amount.parse("5.5"), AT),
            new LedgerEvent.TransferRefunded(COMMAND, ALICE, BOB, Asset.STABLE, Amount.parse("5.5"),
                RejectionReason.UNKNOWN_ACCOUNT, AT),
            new LedgerEvent.FeeSettled("fees:3:1", AccountId.of("bank-fees"), Asset.ATTENTION, Amount.parse("0.000001"), AT),
            new LedgerEvent.Exchanged(COMMAND, ALICE, Amount.parse("100"), Amount.parse("2.5"),
                ExchangeRate.parse("0.025"), AT),
            new LedgerEvent.CommandRejected(COMMAND, ALICE, "Transfer", RejectionReason.INSUFFICIENT_FUNDS, "needs 6", AT, 42L),
            new LedgerEvent.ReserveFunded(COMMAND, AccountId.of("bank-reserve"), Amount.parse("10000"), AT),
            new LedgerEvent.LegsDebited(COMMAND, ALICE, Asset.ATTENTION, LEGS, AT, Measure.parse("0.9")),
            new LedgerEvent.LegsDebited(COMMAND, ALICE, Asset.STABLE, LEGS, AT, null),
            new LedgerEvent.LegHeld(COMMAND, BOB, ALICE, Asset.ATTENTION, Amount.parse("2.5"), AT),
            new LedgerEvent.LegRefused(COMMAND, CAROL, ALICE, RejectionReason.UNKNOWN_ACCOUNT, AT),
            new LedgerEvent.LegAnswered(COMMAND, ALICE, new Leg.Answer(BOB, null), AT),
            new LedgerEvent.LegAnswered(COMMAND, ALICE, new Leg.Answer(CAROL, RejectionReason.BALANCE_LIMIT), AT),
            new LedgerEvent.LegsSettled(COMMAND, ALICE, Asset.ATTENTION, LEGS, AT),
            new LedgerEvent.LegsRefunded(COMMAND, ALICE, Asset.ATTENTION, Amount.parse("3.5"),
                new Leg.Answer(CAROL, RejectionReason.UNKNOWN_ACCOUNT), List.of(BOB), AT),
            new LedgerEvent.LegReleased(COMMAND, BOB, ALICE, AT),
            new LedgerEvent.StandingOrderPlaced(ALICE, MONTHLY, AT),
            new LedgerEvent.StandingOrderPlaced(ALICE, new StandingOrder(CommandId.of("gym"), BOB, Asset.STABLE,
                Amount.parse("0.5"), "", new Schedule(AT, java.time.Duration.ofHours(36), 0, AT.plusSeconds(86_400 * 30)),
                1, 7, 1, true, List.of(), null), AT),
            new LedgerEvent.StandingOrderPlaced(AccountId.of("bank-payouts"), StandingOrder.ofShares(CommandId.of("pension"),
                Asset.ATTENTION, new PayoutShares(Measure.parse("0.25"), List.of(
                    new PayoutShares.Share(BOB, 2), new PayoutShares.Share(CAROL, 1))),
                "pension", new Schedule(AT, Schedule.interval("P1M"), 0, null), 3), AT),
            new LedgerEvent.StandingOrderPlaced(ALICE, SPLIT, AT),
            new LedgerEvent.StandingOrderCancelled(CommandId.of("rent::cancel"), ALICE, CommandId.of("rent"),
                "cancelled by its payer", AT),
            new LedgerEvent.TermDepositOpened(CommandId.of("save"), ALICE, SAVE, java.time.Duration.ofDays(30), AT),
            new LedgerEvent.TermDepositReturned(CommandId.of("save::withdraw"), ALICE, CommandId.of("save"),
                Amount.parse("12.5"), Amount.parse("0.25"), AT),
            new LedgerEvent.LoanGranted(BOB, ALICE, LOAN, AT),
            new LedgerEvent.LoanTaken(ALICE, BOB, LOAN, AT),
            new LedgerEvent.LoanPaid(CommandId.of("loan::2"), ALICE, BOB, CommandId.of("loan"), Amount.parse("20"),
                Amount.parse("1"), new LoanPlan.Standing(3, Amount.parse("14.333334"),
                    Amount.parse("0.5"), Amount.parse("19"), Amount.parse("1")), AT),
            new LedgerEvent.MandateGranted(COMMAND, ALICE, BOB, Amount.parse("25"), AT),
            new LedgerEvent.MandateRevoked(COMMAND, ALICE, BOB, AT),
            new LedgerEvent.CollectionOpened(COMMAND, BOB, Asset.ATTENTION, DUES, AT),
            new LedgerEvent.CollectionLegDebited(COMMAND, ALICE, BOB, Asset.ATTENTION, Amount.parse("2.5"), "dues", AT),
            new LedgerEvent.CollectionLegRefused(COMMAND, CAROL, BOB, RejectionReason.UNKNOWN_MANDATE, AT),
            new LedgerEvent.CollectionSettled(COMMAND, BOB, Asset.ATTENTION, Amount.parse("3.5"), Amount.parse("0.02"), AT),
            new LedgerEvent.CollectionRefunded(COMMAND, BOB, Asset.ATTENTION,
                new Leg.Answer(CAROL, RejectionReason.INSUFFICIENT_FUNDS), List.of(DUES.getFirst()), AT),
            new LedgerEvent.CollectionLegReturned(COMMAND, ALICE, BOB, Asset.ATTENTION, Amount.parse("2.5"), AT),
            new LedgerEvent.AccountOpened(ALICE, PlatformId.of("forum"), Amount.parse("10"), AT, COMMAND),
            new LedgerEvent.CreditLimitChanged(COMMAND, ALICE, Amount.parse("10"), Amount.parse("2.5"), AT),
            new LedgerEvent.TransferDebited(COMMAND, ALICE, BOB, Asset.ATTENTION, Amount.parse("7.123456"),
                Amount.parse("0.07"), "all of it", AT, null, true),
            new LedgerEvent.TransferDebited(COMMAND, ALICE, BOB, Asset.ATTENTION, Amount.parse("7"),
                Amount.parse("0.07"), "rent", AT, null, false, METADATA),
            new LedgerEvent.TransferCredited(COMMAND, BOB, ALICE, Asset.ATTENTION, Amount.parse("7"), AT, METADATA),
            new LedgerEvent.TransferRefunded(COMMAND, ALICE, BOB, Asset.ATTENTION, Amount.parse("7"),
                RejectionReason.UNKNOWN_ACCOUNT, AT, METADATA),
            new LedgerEvent.TransferReserved(COMMAND, ALICE, BOB, Asset.ATTENTION, Amount.parse("7"), Amount.parse("0.07"),
                "held", AT, java.time.Duration.ofHours(2), AT.plusSeconds(7_200), Measure.parse("0.9")),
            new LedgerEvent.ReservationHeld(CommandId.of("cmd-1::post"), BOB, ALICE, Asset.ATTENTION, Amount.parse("7"), AT),
            new LedgerEvent.ReservationRefused(COMMAND, BOB, ALICE, RejectionReason.BALANCE_LIMIT, AT),
            new LedgerEvent.ReservationReleased(CommandId.of("cmd-1::post"), BOB, ALICE, AT),
            new LedgerEvent.TransferPosted(CommandId.of("cmd-1::post"), ALICE, BOB, Asset.ATTENTION, Amount.parse("7"),
                Amount.parse("0.07"), AT, AT.plusSeconds(60)),
            new LedgerEvent.TransferVoided(CommandId.of("cmd-1::void"), ALICE, BOB, Asset.ATTENTION, Amount.parse("7"),
                Amount.parse("0.07"), LedgerEvent.VoidCause.REFUSED, RejectionReason.UNKNOWN_ACCOUNT, AT, AT.plusSeconds(5)));

    @Test
    void anEntryKeepsItsEventAndTheBalancesAfterItAndABareEventReadsWithoutThem() {
        Account account = new Account(ALICE, PlatformId.of("forum"), Amount.ZERO, AT,
            new DecayingBalance(AT.toEpochMilli(), new java.math.BigDecimal("12345678.123456789012345"),
                AT.toEpochMilli() + 5, 3), new StableBalance(Amount.parse("7.5"), AT.toEpochMilli() + 9, 2), List.of(),
            QualityRule.Quality.NONE, List.of(), List.of(), List.of());
        LedgerEvent event = EVENTS.get(1);

        io.timebank.ledger.AccountEntry entry = StateCodec.decodeEntry(5, StateCodec.encodeEntry(event, account));
        io.timebank.ledger.AccountEntry bare = StateCodec.decodeEntry(6, new LedgerEventCodec().encode(event));

        assertThat(entry).isEqualTo(new io.timebank.ledger.AccountEntry(5, event, account.attention(), account.stable()));
        assertThat(entry.bookedAt()).isEqualTo(AT.plusMillis(9));
        assertThat(bare.event()).isEqualTo(event);
        assertThat(bare.hasBalances()).isFalse();
    }

    @Test
    void everyLedgerEventRoundTripsExactly() {
        LedgerEventCodec codec = new LedgerEventCodec();

        for (LedgerEvent event : EVENTS) {
            assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void aCommandsEventsAreToldFromTheOthersWithoutDecodingThem() {
        LedgerEventCodec codec = new LedgerEventCodec();

        for (LedgerEvent event : EVENTS) {
            assertThat(LedgerEventCodec.mayConcernCommand(codec.encode(event))).as(event.getClass().getSimpleName())
                .isEqualTo(CommandKey.of(event).isPresent());
            assertThat(codec.commandEventDeserializer().deserialize("ledger", codec.encode(event)))
                .isEqualTo(CommandKey.of(event).isPresent() ? event : null);
        }
        byte[] deposit = codec.encode(EVENTS.get(1));
        byte[] otherSchema = deposit.clone();
        otherSchema[2] ^= 1; // another fingerprint: only the full decode can tell what it holds
        assertThat(LedgerEventCodec.mayConcernCommand(otherSchema)).isTrue();
        assertThat(LedgerEventCodec.mayConcernCommand("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
        assertThat(LedgerEventCodec.mayConcernCommand(java.util.Arrays.copyOf(deposit, 11))).isTrue();
    }

    @Test
    void aDepositWrittenBeforeCapsReadsAsCreditedInFull() throws Exception {
        LedgerEvent.Deposited deposited = (LedgerEvent.Deposited) EVENTS.get(1);
        byte[] v2 = asReleased(LedgerEventRecord.class, 2, new LedgerEventCodec().encode(deposited));

        LedgerEvent.Deposited read = (LedgerEvent.Deposited) new LedgerEventCodec().decode(v2);

        assertThat(read).isEqualTo(deposited);
        assertThat(read.capped()).isNull();
        assertThat(read.credited()).isEqualTo(deposited.score().value());
    }

    @Test
    void anAccountRoundTripsWithItsCappedDaysAndOneStoredBeforeThemHasNone() throws Exception {
        Account account = new Account(ALICE, PlatformId.of("forum"), Amount.parse("1"), AT, DecayingBalance.EMPTY,
            StableBalance.EMPTY, List.of(
                new DailyCap.Day(LocalDate.of(2026, 2, 2), 7_000_000, 6_500_000, null),
                new DailyCap.Day(LocalDate.of(2026, 2, 3), 2_000_000, 2_000_000, AT)));

        assertThat(StateCodec.decodeAccount(StateCodec.encodeAccount(account))).isEqualTo(account);
        Account withoutDays = new Account(ALICE, PlatformId.of("forum"), Amount.parse("1"), AT, DecayingBalance.EMPTY,
            StableBalance.EMPTY);
        assertThat(StateCodec.decodeAccount(asReleased(AccountStateRecord.class, 2,
            StateCodec.encodeAccount(withoutDays)))).isEqualTo(withoutDays);
    }

    @Test
    void anAccountRoundTripsWithItsHoldsAndPendingLegsAndOneStoredBeforeThemHasNone() throws Exception {
        Account account = new Account(ALICE, PlatformId.of("forum"), Amount.parse("1"), AT, DecayingBalance.EMPTY,
            StableBalance.EMPTY, List.of(), QualityRule.Quality.NONE,
            List.of(new Account.Hold(COMMAND, BOB, Asset.STABLE, Amount.parse("4"))),
            List.of(new Account.PendingLegs(COMMAND, Asset.ATTENTION, LEGS, List.of(
                new Leg.Answer(BOB, null), new Leg.Answer(CAROL, RejectionReason.UNKNOWN_ACCOUNT)))));

        assertThat(StateCodec.decodeAccount(StateCodec.encodeAccount(account))).isEqualTo(account);
        Account before = new Account(ALICE, PlatformId.of("forum"), Amount.parse("1"), AT, DecayingBalance.EMPTY,
            StableBalance.EMPTY);
        assertThat(StateCodec.decodeAccount(asReleased(AccountStateRecord.class, 3, StateCodec.encodeAccount(before))))
            .isEqualTo(before);
    }

    @Test
    void anAccountRoundTripsWithItsTermDepositsAndOneStoredBeforeThemHasNone() throws Exception {
        Account account = new Account(ALICE, PlatformId.of("forum"), Amount.parse("1"), AT, DecayingBalance.EMPTY,
            StableBalance.EMPTY, List.of(), QualityRule.Quality.NONE, List.of(), List.of(), List.of(SAVE));

        assertThat(StateCodec.decodeAccount(StateCodec.encodeAccount(account))).isEqualTo(account);
        Account before = new Account(ALICE, PlatformId.of("forum"), Amount.parse("1"), AT, DecayingBalance.EMPTY,
            StableBalance.EMPTY);
        assertThat(StateCodec.decodeAccount(asReleased(AccountStateRecord.class, 4, StateCodec.encodeAccount(before))))
            .isEqualTo(before);
    }

    @Test
    void anAccountRoundTripsWithItsMandatesAndOneStoredBeforeThemHasNone() throws Exception {
        Account account = new Account(ALICE, PlatformId.of("forum"), Amount.parse("1"), AT, DecayingBalance.EMPTY,
            StableBalance.EMPTY, List.of(), QualityRule.Quality.NONE, List.of(), List.of(), List.of(SAVE),
            List.of(new Mandate(BOB, Amount.parse("25"), COMMAND)));
        Account withoutMandates = new Account(ALICE, PlatformId.of("forum"), Amount.parse("1"), AT, DecayingBalance.EMPTY,
            StableBalance.EMPTY, List.of(), QualityRule.Quality.NONE, List.of(), List.of(), List.of(SAVE));

        assertThat(StateCodec.decodeAccount(StateCodec.encodeAccount(account))).isEqualTo(account);
        assertThat(StateCodec.decodeAccount(asReleased(AccountStateRecord.class, 6, StateCodec.encodeAccount(account))))
            .isEqualTo(withoutMandates);
    }

    /** {@code current} (single-object encoded with the current schema) as version {@code version} would have written it. */
    static byte[] asReleased(Class<?> type, int version, byte[] current) throws Exception {
        Schema now = SpecificData.get().getSchema(type);
        Schema released = AvroSerde.history(type).get(version - 1);
        GenericRecord record = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), now).decode(current);
        GenericRecord old = new GenericDatumReader<GenericRecord>(now, released).read(null,
            DecoderFactory.get().binaryDecoder(encode(now, record), null));
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released).encode(old);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        return bytes;
    }

    private static byte[] encode(Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void everyClientCommandRoundTripsExactly() {
        List<LedgerCommand> commands = List.of(
            new LedgerCommand.OpenAccount(COMMAND, ALICE, PlatformId.of("forum"), Amount.parse("25"), AT),
            new LedgerCommand.Transfer(COMMAND, ALICE, BOB, Asset.STABLE, Amount.parse("0.000001"), "memo", AT),
            new LedgerCommand.Transfer(COMMAND, ALICE, BOB, Asset.ATTENTION, Amount.ZERO, "all", AT, true),
            new LedgerCommand.ChangeCreditLimit(COMMAND, ALICE, Amount.parse("40"), AT),
            new LedgerCommand.Transfer(COMMAND, ALICE, BOB, Asset.ATTENTION, Amount.parse("3"), "", AT, false, METADATA),
            new LedgerCommand.ReserveTransfer(COMMAND, ALICE, BOB, Asset.STABLE, Amount.parse("3"), "hold", java.time.Duration.ofMinutes(90), AT),
            new LedgerCommand.PostTransfer(CommandId.of("cmd-1::post"), ALICE, COMMAND, AT),
            new LedgerCommand.VoidTransfer(CommandId.of("cmd-1::void"), ALICE, COMMAND, AT),
            new LedgerCommand.Exchange(COMMAND, ALICE, Amount.parse("999999.999999"), AT),
            new LedgerCommand.FundReserve(COMMAND, AccountId.of("bank-reserve"), Amount.parse("10000"), AT),
            new LedgerCommand.MultiLegTransfer(COMMAND, ALICE, Asset.ATTENTION, List.of(
                new Leg(BOB, Amount.parse("2.5"), "rent"), new Leg(CAROL, Amount.parse("1"), "")), AT),
            new LedgerCommand.PlaceStandingOrder(ALICE, MONTHLY, AT),
            new LedgerCommand.PlaceStandingOrder(ALICE, SPLIT, AT),
            new LedgerCommand.CancelStandingOrder(ALICE, CommandId.of("rent"), AT),
            new LedgerCommand.OpenTermDeposit(CommandId.of("save"), ALICE, Amount.parse("13"), java.time.Duration.ofDays(30), AT),
            new LedgerCommand.WithdrawTermDeposit(ALICE, CommandId.of("save"), AT),
            new LedgerCommand.GrantLoan(BOB, ALICE, LOAN, AT),
            new LedgerCommand.RepayLoan(COMMAND, ALICE, CommandId.of("loan"), AT),
            new LedgerCommand.Collection(COMMAND, BOB, Asset.ATTENTION, DUES, AT),
            new LedgerCommand.GrantMandate(COMMAND, ALICE, BOB, Amount.parse("25"), AT),
            new LedgerCommand.RevokeMandate(COMMAND, ALICE, BOB, AT));
        LedgerCommandCodec codec = new LedgerCommandCodec();

        for (LedgerCommand command : commands) {
            assertThat(codec.decode(codec.encode(command))).isEqualTo(command);
        }
    }

    @Test
    void aCancellationMustCarryItsOrdersCancellationId() {
        LedgerCommandRecord record = new LedgerCommandRecord("rent::1", AT,
            new CancelStandingOrderCommand("alice", "rent"));
        byte[] bytes = new AvroSerde<>(LedgerCommandRecord.class).encode(record);

        assertThatThrownBy(() -> new LedgerCommandCodec().decode(bytes))
            .isInstanceOf(UndecodableRecordException.class)
            .hasMessageContaining("rent::cancel");
    }

    @Test
    void aStoredOrderRoundTripsWithItsProgress() {
        StandingOrder progressed = MONTHLY.debited().refunded(1).refused();
        StandingOrder loan = LOAN.withLoan(new LoanPlan.Standing(2, Amount.parse("3"),
            Amount.parse("1.25"), Amount.parse("31.333334"), Amount.ZERO));

        assertThat(StateCodec.decodeOrder(StateCodec.encodeOrder(progressed))).isEqualTo(progressed);
        assertThat(StateCodec.decodeOrder(StateCodec.encodeOrder(loan))).isEqualTo(loan);
    }

    @Test
    void aCommandWithAnInvalidAccountIdNamesTheField() {
        LedgerCommandRecord record = new LedgerCommandRecord("cmd-2", AT,
            TransferCommand.newBuilder().setFrom("alice").setTo("bob; DROP TABLE")
                .setAsset(io.timebank.schemas.avro.Asset.ATTENTION).setAmountMicros(1L).build());
        byte[] bytes = new AvroSerde<>(LedgerCommandRecord.class).encode(record);

        assertThatThrownBy(() -> new LedgerCommandCodec().decode(bytes))
            .isInstanceOf(UndecodableRecordException.class)
            .hasMessageContaining("to: may only contain");
    }
}
