package io.timebank.schemas;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.Contribution;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.Leg;
import io.timebank.ledger.LoanPlan;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.Schedule;
import io.timebank.ledger.StandingOrder;
import io.timebank.ledger.TermDeposits;
import io.timebank.schemas.avro.CancelStandingOrderCommand;
import io.timebank.schemas.avro.ChangeCreditLimitCommand;
import io.timebank.schemas.avro.CollectionCommand;
import io.timebank.schemas.avro.ExchangeCommand;
import io.timebank.schemas.avro.FundReserveCommand;
import io.timebank.schemas.avro.GrantLoanCommand;
import io.timebank.schemas.avro.GrantMandateCommand;
import io.timebank.schemas.avro.LedgerCommandRecord;
import io.timebank.schemas.avro.MultiLegTransferCommand;
import io.timebank.schemas.avro.OpenAccountCommand;
import io.timebank.schemas.avro.OpenTermDepositCommand;
import io.timebank.schemas.avro.PlaceStandingOrderCommand;
import io.timebank.schemas.avro.PostTransferCommand;
import io.timebank.schemas.avro.RepayLoanCommand;
import io.timebank.schemas.avro.ReserveTransferCommand;
import io.timebank.schemas.avro.RevokeMandateCommand;
import io.timebank.schemas.avro.TransferCommand;
import io.timebank.schemas.avro.VoidTransferCommand;
import io.timebank.schemas.avro.WithdrawTermDepositCommand;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Client commands on the commands topic: domain ↔ Avro {@link LedgerCommandRecord}. Deposits are
 * not client commands (they come from scored activities) and have no form here.
 */
public final class LedgerCommandCodec implements Serde<LedgerCommand> {

    private final AvroSerde<LedgerCommandRecord> avro = new AvroSerde<>(LedgerCommandRecord.class);

    /**
     * Whether {@code bytes} are a command in JSON ({@link CommandJson}, a client without Avro) rather than
     * Avro: not Avro's single-object header, and a JSON object within the size an input may have.
     */
    public static boolean isJson(byte[] bytes) {
        return bytes != null && bytes.length > 0 && bytes.length <= ActivityCodec.RECORD_SIZE_MAX
            && !AvroSerde.looksLikeSingleObject(bytes) && ActivityCodec.firstNonBlank(bytes) == '{';
    }

    public byte[] encode(LedgerCommand command) {
        return avro.encode(toRecord(command));
    }

    /**
     * Decodes the wire form. Identifiers are checked by the domain types' constructors; a bad one
     * surfaces as {@link UndecodableRecordException} naming the field.
     */
    public LedgerCommand decode(byte[] bytes) {
        LedgerCommandRecord record = avro.decode(bytes);
        try {
            return fromRecord(record);
        } catch (IllegalArgumentException invalid) {
            throw new UndecodableRecordException("invalid command " + record.getCommandId() + ": " + invalid.getMessage(),
                invalid);
        }
    }

    @Override
    public Serializer<LedgerCommand> serializer() {
        return (topic, command) -> command == null ? null : encode(command);
    }

    @Override
    public Deserializer<LedgerCommand> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    public static LedgerCommandRecord toRecord(LedgerCommand command) {
        return switch (command) {
            case LedgerCommand.OpenAccount c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new OpenAccountCommand(c.account().value(), c.platform().value(), c.creditLimit().micros()));
            case LedgerCommand.ChangeCreditLimit c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new ChangeCreditLimitCommand(c.account().value(), c.creditLimit().micros()));
            case LedgerCommand.ReserveTransfer c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new ReserveTransferCommand(c.from().value(), c.to().value(), LedgerEventCodec.asset(c.asset()),
                    c.amount().micros(), c.memo(), c.timeout().toString()));
            case LedgerCommand.PostTransfer c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new PostTransferCommand(c.from().value(), c.transfer().value()));
            case LedgerCommand.VoidTransfer c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new VoidTransferCommand(c.from().value(), c.transfer().value()));
            case LedgerCommand.Transfer c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new TransferCommand(c.from().value(), c.to().value(), LedgerEventCodec.asset(c.asset()),
                    c.amount().micros(), c.memo(), c.available(), LedgerEventCodec.metadataRecords(c.metadata())));
            case LedgerCommand.Exchange c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new ExchangeCommand(c.account().value(), c.amount().micros()));
            case LedgerCommand.FundReserve c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new FundReserveCommand(c.account().value(), c.amount().micros()));
            case LedgerCommand.MultiLegTransfer c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new MultiLegTransferCommand(c.from().value(), LedgerEventCodec.asset(c.asset()),
                    LedgerEventCodec.askedLegRecords(c.legs())));
            case LedgerCommand.PlaceStandingOrder c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new PlaceStandingOrderCommand(c.from().value(), LedgerEventCodec.orderRecord(c.order())));
            case LedgerCommand.CancelStandingOrder c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new CancelStandingOrderCommand(c.from().value(), c.order().value()));
            case LedgerCommand.OpenTermDeposit c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new OpenTermDepositCommand(c.account().value(), c.amount().micros(), c.term().toString()));
            case LedgerCommand.WithdrawTermDeposit c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new WithdrawTermDepositCommand(c.account().value(), c.deposit().value()));
            case LedgerCommand.GrantLoan c -> {
                LoanPlan plan = c.order().loan().plan();
                yield new LedgerCommandRecord(c.id().value(), c.acceptedAt(), new GrantLoanCommand(
                    c.lender().value(), c.borrower().value(), plan.principal().micros(), plan.rate().toPlainString(),
                    plan.count(), c.order().schedule().first(), c.order().schedule().interval().toString()));
            }
            case LedgerCommand.RepayLoan c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new RepayLoanCommand(c.borrower().value(), c.loan().value()));
            case LedgerCommand.Collection c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new CollectionCommand(c.to().value(), LedgerEventCodec.asset(c.asset()),
                    LedgerEventCodec.contributionRecords(c.legs())));
            case LedgerCommand.GrantMandate c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new GrantMandateCommand(c.payer().value(), c.collector().value(),
                    c.max().micros()));
            case LedgerCommand.RevokeMandate c -> new LedgerCommandRecord(c.id().value(), c.acceptedAt(),
                new RevokeMandateCommand(c.payer().value(), c.collector().value()));
            case LedgerCommand.Deposit d -> throw new IllegalArgumentException(
                "deposits come from the activities topic, not the commands topic");
        };
    }

    public static LedgerCommand fromRecord(LedgerCommandRecord record) {
        CommandId id = field("commandId", () -> CommandId.of(record.getCommandId()));
        return switch (record.getCommand()) {
            case OpenAccountCommand c -> new LedgerCommand.OpenAccount(id, field("account", () -> AccountId.of(c.getAccount())),
                field("platform", () -> PlatformId.of(c.getPlatform())), new Amount(c.getCreditLimitMicros()),
                record.getAcceptedAt());
            case TransferCommand c -> new LedgerCommand.Transfer(id, field("from", () -> AccountId.of(c.getFrom())),
                field("to", () -> AccountId.of(c.getTo())), LedgerEventCodec.asset(c.getAsset()),
                new Amount(c.getAmountMicros()), c.getMemo(), record.getAcceptedAt(), c.getAvailable(),
                field("metadata", () -> LedgerEventCodec.metadata(c.getMetadata())));
            case ChangeCreditLimitCommand c -> new LedgerCommand.ChangeCreditLimit(id,
                field("account", () -> AccountId.of(c.getAccount())), new Amount(c.getCreditLimitMicros()),
                record.getAcceptedAt());
            case ReserveTransferCommand c -> new LedgerCommand.ReserveTransfer(id,
                field("from", () -> AccountId.of(c.getFrom())), field("to", () -> AccountId.of(c.getTo())),
                LedgerEventCodec.asset(c.getAsset()), new Amount(c.getAmountMicros()), c.getMemo(),
                field("timeout", () -> java.time.Duration.parse(c.getTimeout())), record.getAcceptedAt());
            case PostTransferCommand c -> new LedgerCommand.PostTransfer(id, field("from", () -> AccountId.of(c.getFrom())),
                field("transfer", () -> CommandId.of(c.getTransfer())), record.getAcceptedAt());
            case VoidTransferCommand c -> new LedgerCommand.VoidTransfer(id, field("from", () -> AccountId.of(c.getFrom())),
                field("transfer", () -> CommandId.of(c.getTransfer())), record.getAcceptedAt());
            case ExchangeCommand c -> new LedgerCommand.Exchange(id, field("account", () -> AccountId.of(c.getAccount())),
                new Amount(c.getAmountMicros()), record.getAcceptedAt());
            case FundReserveCommand c -> new LedgerCommand.FundReserve(id, field("account", () -> AccountId.of(c.getAccount())),
                new Amount(c.getAmountMicros()), record.getAcceptedAt());
            case MultiLegTransferCommand c -> new LedgerCommand.MultiLegTransfer(id,
                field("from", () -> AccountId.of(c.getFrom())), LedgerEventCodec.asset(c.getAsset()),
                c.getLegs().stream().map(leg -> new Leg(field("legs.to", () -> AccountId.of(leg.getTo())),
                    new Amount(leg.getAmountMicros()), leg.getMemo())).toList(), record.getAcceptedAt());
            case PlaceStandingOrderCommand c -> {
                StandingOrder order = LedgerEventCodec.order(c.getOrder());
                if (!order.id().equals(id)) {
                    throw new IllegalArgumentException("order.id: must be the command's id " + id + ", was " + order.id());
                }
                // A new order starts at its first occurrence, whatever the record says of its progress.
                StandingOrder fresh = order.shares() != null
                    ? StandingOrder.ofShares(order.id(), order.asset(), order.shares(), order.memo(), order.schedule(),
                        order.failuresMax())
                    : order.multiLeg() ? StandingOrder.ofLegs(order.id(), order.asset(), order.legs(), order.schedule(),
                        order.failuresMax())
                    : StandingOrder.of(order.id(), order.to(), order.asset(), order.amount(), order.memo(),
                        order.schedule(), order.failuresMax());
                yield new LedgerCommand.PlaceStandingOrder(field("from", () -> AccountId.of(c.getFrom())), fresh,
                    record.getAcceptedAt());
            }
            case CancelStandingOrderCommand c -> {
                CommandId order = field("order", () -> CommandId.of(c.getOrder()));
                if (!StandingOrder.cancellationId(order).equals(id)) {
                    throw new IllegalArgumentException("commandId: a cancellation's id is " + StandingOrder.cancellationId(order)
                        + ", was " + id);
                }
                yield new LedgerCommand.CancelStandingOrder(field("from", () -> AccountId.of(c.getFrom())), order,
                    record.getAcceptedAt());
            }
            case OpenTermDepositCommand c -> new LedgerCommand.OpenTermDeposit(id,
                field("account", () -> AccountId.of(c.getAccount())), new Amount(c.getAmountMicros()),
                field("term", () -> java.time.Duration.parse(c.getTerm())), record.getAcceptedAt());
            case WithdrawTermDepositCommand c -> {
                CommandId deposit = field("deposit", () -> CommandId.of(c.getDeposit()));
                if (!TermDeposits.withdrawalId(deposit).equals(id)) {
                    throw new IllegalArgumentException("commandId: a withdrawal's id is " + TermDeposits.withdrawalId(deposit)
                        + ", was " + id);
                }
                yield new LedgerCommand.WithdrawTermDeposit(field("account", () -> AccountId.of(c.getAccount())), deposit,
                    record.getAcceptedAt());
            }
            case GrantLoanCommand c -> {
                AccountId lender = field("lender", () -> AccountId.of(c.getLender()));
                java.math.BigDecimal rate = field("rate", () -> new java.math.BigDecimal(c.getRate()));
                LoanPlan plan = field("loan", () -> new LoanPlan(
                    new Amount(c.getPrincipalMicros()), rate, c.getCount()));
                Schedule schedule = field("interval", () -> new Schedule(
                    c.getFirst(), Schedule.interval(c.getInterval()), 0, null));
                yield new LedgerCommand.GrantLoan(lender, field("borrower", () -> AccountId.of(c.getBorrower())),
                    field("commandId", () -> StandingOrder.ofLoan(id, lender, plan, schedule)), record.getAcceptedAt());
            }
            case RepayLoanCommand c -> {
                CommandId loan = field("loan", () -> CommandId.of(c.getLoan()));
                yield new LedgerCommand.RepayLoan(id, field("borrower", () -> AccountId.of(c.getBorrower())), loan,
                    record.getAcceptedAt());
            }
            case CollectionCommand c -> new LedgerCommand.Collection(id,
                field("to", () -> AccountId.of(c.getTo())), LedgerEventCodec.asset(c.getAsset()),
                c.getLegs().stream().map(leg -> new Contribution(
                    field("legs.from", () -> AccountId.of(leg.getFrom())), new Amount(leg.getAmountMicros()),
                    leg.getMemo())).toList(), record.getAcceptedAt());
            case GrantMandateCommand c -> new LedgerCommand.GrantMandate(id,
                field("payer", () -> AccountId.of(c.getPayer())), field("collector", () -> AccountId.of(c.getCollector())),
                new Amount(c.getMaxMicros()), record.getAcceptedAt());
            case RevokeMandateCommand c -> new LedgerCommand.RevokeMandate(id,
                field("payer", () -> AccountId.of(c.getPayer())), field("collector", () -> AccountId.of(c.getCollector())),
                record.getAcceptedAt());
            default -> throw new UndecodableRecordException("unknown command type " + record.getCommand().getClass().getName());
        };
    }

    private static <T> T field(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | java.time.DateTimeException invalid) {
            throw new IllegalArgumentException(name + ": " + invalid.getMessage(), invalid);
        }
    }
}
