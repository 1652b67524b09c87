package io.timebank.stream;

import io.timebank.ledger.CommandKey;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.StandingOrder;
import io.timebank.schemas.AvroSerde;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.schemas.avro.AccountOpenedEvent;
import io.timebank.schemas.avro.CollectionOpenedEvent;
import io.timebank.schemas.avro.CommandOutcomeRecord;
import io.timebank.schemas.avro.CommandRejectedEvent;
import io.timebank.schemas.avro.CommandStatus;
import io.timebank.schemas.avro.CreditLimitChangedEvent;
import io.timebank.schemas.avro.ExchangedEvent;
import io.timebank.schemas.avro.LedgerEventRecord;
import io.timebank.schemas.avro.LegsDebitedEvent;
import io.timebank.schemas.avro.LoanGrantedEvent;
import io.timebank.schemas.avro.LoanPaidEvent;
import io.timebank.schemas.avro.MandateGrantedEvent;
import io.timebank.schemas.avro.MandateRevokedEvent;
import io.timebank.schemas.avro.RejectionReason;
import io.timebank.schemas.avro.ReserveFundedEvent;
import io.timebank.schemas.avro.StandingOrderPlacedEvent;
import io.timebank.schemas.avro.TermDepositOpenedEvent;
import io.timebank.schemas.avro.TermDepositReturnedEvent;
import io.timebank.schemas.avro.TransferDebitedEvent;
import io.timebank.schemas.avro.TransferPostedEvent;
import io.timebank.schemas.avro.TransferReservedEvent;
import io.timebank.schemas.avro.TransferVoidedEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where a transfer or exchange stands, folded from its ledger events: debited → PENDING; credited
 * (every leg, for a multi-leg transfer) or exchanged → COMPLETED; refunded → REFUNDED; refused →
 * REJECTED — read from all the events so far, so the order they arrive in does not matter.
 */
public final class CommandOutcomes {

    private CommandOutcomes() {
    }

    /**
     * Folds the command events of {@code ledger} into the queryable command-outcomes store, keyed by
     * the command's idempotency key {@code sender/commandId} ({@link CommandKey#value}).
     */
    static void materialize(KStream<String, LedgerEvent> ledger, LedgerEventCodec events) {
        ledger
            .filter((account, event) -> event != null && CommandKey.of(event).isPresent(), Named.as("command-events"))
            .selectKey((account, event) -> CommandKey.of(event).orElseThrow().value(), Named.as("key-by-command"))
            .groupByKey(Grouped.with("outcomes-by-command", Serdes.String(), events))
            .aggregate(CommandOutcomes::none, CommandOutcomes::fold, Named.as("fold-outcome"),
                Materialized.<String, CommandOutcomeRecord, KeyValueStore<Bytes, byte[]>>as(LedgerStores.COMMAND_OUTCOMES)
                    .withKeySerde(Serdes.String()).withValueSerde(new AvroSerde<>(CommandOutcomeRecord.class)));
    }

    public static CommandOutcomeRecord none() {
        return new CommandOutcomeRecord("", CommandStatus.UNKNOWN, "", null, "", CommandKey.CONTENT_UNKNOWN, List.of());
    }

    /**
     * Whether {@code event} is the whole of its command: an exchange, a funding, an order placed, a
     * deposit opened or returned, a loan's installment of which nothing could be paid, a mandate given or withdrawn,
     * an account opened or its credit limit changed by an operator, a pending transfer reserved or voided.
     */
    private static boolean completesItsCommand(LedgerEvent event) {
        return event instanceof LedgerEvent.Exchanged || event instanceof LedgerEvent.ReserveFunded
            || event instanceof LedgerEvent.StandingOrderPlaced || event instanceof LedgerEvent.TermDepositOpened
            || event instanceof LedgerEvent.TermDepositReturned
            || event instanceof LedgerEvent.LoanPaid paid && !paid.paid().isPositive()
            || event instanceof LedgerEvent.MandateGranted || event instanceof LedgerEvent.MandateRevoked
            || event instanceof LedgerEvent.AccountOpened || event instanceof LedgerEvent.CreditLimitChanged
            || event instanceof LedgerEvent.TransferReserved || event instanceof LedgerEvent.TransferVoided;
    }

    /** 0 for the decision on the sender's partition, 1 for what follows it (legs, answers, credits, refunds). */
    private static int leg(LedgerEventRecord record) {
        return record.getEvent() instanceof TransferDebitedEvent || record.getEvent() instanceof LegsDebitedEvent
            || record.getEvent() instanceof ExchangedEvent || record.getEvent() instanceof ReserveFundedEvent
            || record.getEvent() instanceof CommandRejectedEvent || record.getEvent() instanceof StandingOrderPlacedEvent
            || record.getEvent() instanceof TermDepositOpenedEvent
            || record.getEvent() instanceof TermDepositReturnedEvent
            || record.getEvent() instanceof LoanGrantedEvent
            || record.getEvent() instanceof LoanPaidEvent
            || record.getEvent() instanceof CollectionOpenedEvent
            || record.getEvent() instanceof MandateGrantedEvent
            || record.getEvent() instanceof MandateRevokedEvent
            || record.getEvent() instanceof AccountOpenedEvent
            || record.getEvent() instanceof CreditLimitChangedEvent
            || record.getEvent() instanceof TransferReservedEvent || record.getEvent() instanceof TransferPostedEvent
            || record.getEvent() instanceof TransferVoidedEvent ? 0 : 1;
    }

    /**
     * Adds {@code event} to the command's events and reads where the command stands from all of them:
     * the decision (debit, exchange or rejection) comes first and says what was asked; a second leg
     * read before its debit (they live on different partitions) leaves the command PENDING until the
     * debit is in, so a settled outcome always carries what its command asked.
     */
    public static CommandOutcomeRecord fold(String key, LedgerEvent event, CommandOutcomeRecord current) {
        List<LedgerEventRecord> records = new ArrayList<>(current.getEvents());
        records.add(LedgerEventCodec.toRecord(event));
        records.sort(Comparator.comparingInt(CommandOutcomes::leg));
        CommandStatus status = CommandStatus.PENDING;
        RejectionReason reason = null;
        String detail = "";
        long content = CommandKey.CONTENT_UNKNOWN;
        boolean decided = false;
        int legs = 1;
        int credited = 0;
        boolean loan = false;
        for (LedgerEventRecord record : records) {
            LedgerEvent decoded = LedgerEventCodec.fromRecord(record);
            if (completesItsCommand(decoded)) {
                decided = true;
                content = CommandKey.contentOf(decoded);
                status = CommandStatus.COMPLETED;
                continue;
            }
            switch (decoded) {
                case LedgerEvent.TransferDebited debited -> {
                    decided = true;
                    content = CommandKey.contentOf(debited);
                }
                // A pending transfer posted: complete once its receiver is credited, refunded if it cannot be.
                case LedgerEvent.TransferPosted posted -> {
                    decided = true;
                    content = CommandKey.contentOf(posted);
                }
                case LedgerEvent.LegsDebited debited -> {
                    decided = true;
                    content = CommandKey.contentOf(debited);
                    legs = debited.legs().size();
                }
                // Complete once every leg is credited: a multi-leg transfer's legs arrive one by one.
                case LedgerEvent.TransferCredited leg -> status = decided && ++credited >= legs ? CommandStatus.COMPLETED
                    : status;
                case LedgerEvent.LegsRefunded refunded -> {
                    if (decided) {
                        status = CommandStatus.REFUNDED;
                        reason = RejectionReason.valueOf(refunded.refusal().refusal().name());
                        detail = "leg to " + refunded.refusal().to() + ": " + switch (refunded.refusal().refusal()) {
                            case BALANCE_LIMIT -> "the credit would carry it above its maximum balance";
                            case RESERVED_ACCOUNT -> "the bank's own account";
                            default -> "no such account";
                        } + "; no leg was credited, the amounts were refunded, the fees kept";
                    }
                }
                // A loan's principal, or a payment of it: debited, complete once credited.
                case LedgerEvent.LoanGranted granted -> {
                    decided = true;
                    loan = true;
                    content = CommandKey.contentOf(granted);
                }
                case LedgerEvent.LoanPaid paid -> {
                    decided = true;
                    content = CommandKey.contentOf(paid);
                    detail = "loan " + paid.loan() + ": paid " + paid.paid() + " (interest " + paid.interest()
                        + "); in arrears after it: " + paid.after().arrears();
                }
                case LedgerEvent.LoanTaken taken -> { }
                // A collection: opened on its collector, each payer's answer, then settled or refunded whole.
                case LedgerEvent.CollectionOpened opened -> {
                    decided = true;
                    content = CommandKey.contentOf(opened);
                }
                case LedgerEvent.CollectionRefunded refunded -> {
                    if (decided) {
                        status = CommandStatus.REFUNDED;
                        reason = RejectionReason.valueOf(refunded.refusal().refusal().name());
                        detail = "leg from " + refunded.refusal().to() + ": " + switch (refunded.refusal().refusal()) {
                            case UNKNOWN_MANDATE -> "no mandate to " + refunded.to() + " that covers it";
                            case INSUFFICIENT_FUNDS -> "too little to pay it and its fee";
                            case RESERVED_ACCOUNT -> "the bank's own account";
                            default -> "no such account";
                        } + "; nothing was collected, each leg debited was returned (its fee kept)";
                    }
                }
                case LedgerEvent.CollectionSettled settled -> status = decided ? CommandStatus.COMPLETED : status;
                case LedgerEvent.CollectionLegDebited debited -> { }
                case LedgerEvent.CollectionLegRefused refused -> { }
                case LedgerEvent.CollectionLegReturned returned -> { }
                case LedgerEvent.LegHeld held -> { }
                case LedgerEvent.LegRefused refused -> { }
                case LedgerEvent.LegAnswered answered -> { }
                case LedgerEvent.LegsSettled settled -> { }
                case LedgerEvent.LegReleased released -> { }
                case LedgerEvent.TransferRefunded refunded -> {
                    if (decided) {
                        status = CommandStatus.REFUNDED;
                        reason = RejectionReason.valueOf(refunded.reason().name());
                        detail = switch (refunded.reason()) {
                            case BALANCE_LIMIT -> "the credit would carry " + refunded.to() + " above its maximum balance";
                            case RESERVED_ACCOUNT -> refunded.to() + " is the bank's own account";
                            case ORDER_LIMIT -> refunded.to() + " has as many standing orders and loans as it may";
                            case COMMAND_ID_REUSED -> refunded.to() + " already used the id " + refunded.commandId();
                            default -> "no account " + refunded.to();
                        } + (loan ? "; the principal went back to the lender" : "; the amount was refunded, the fee kept");
                    }
                }
                case LedgerEvent.CommandRejected rejected -> {
                    decided = true;
                    content = rejected.content();
                    status = CommandStatus.REJECTED;
                    reason = RejectionReason.valueOf(rejected.reason().name());
                    detail = rejected.detail();
                }
                case LedgerEvent.StandingOrderCancelled cancelled -> {
                    if (cancelled.commandId().equals(StandingOrder.cancellationId(cancelled.order()))) {
                        decided = true; // the payer's cancellation: its own command
                        content = CommandKey.contentOf(cancelled);
                        status = CommandStatus.COMPLETED;
                    } else { // the occurrence that failed once too often: its outcome says what became of the order
                        detail = detail + (detail.isEmpty() ? "" : "; ") + "standing order " + cancelled.order() + " "
                            + cancelled.detail();
                    }
                }
                default -> throw new IllegalArgumentException("not a command outcome: " + event);
            }
        }
        CommandKey commandKey = CommandKey.of(event).orElseThrow();
        return new CommandOutcomeRecord(commandKey.id().value(), status, commandKey.sender().value(), reason, detail,
            content, records);
    }
}
