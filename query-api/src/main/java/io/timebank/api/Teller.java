package io.timebank.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.http.HttpStatus;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.CommandKey;
import io.timebank.ledger.CreditLimitRequest;
import io.timebank.ledger.DirectDebitRequest;
import io.timebank.ledger.ExchangeRequest;
import io.timebank.ledger.FieldError;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.LoanRequest;
import io.timebank.ledger.Metadata;
import io.timebank.ledger.OpenAccountRequest;
import io.timebank.ledger.PendingTransferRequest;
import io.timebank.ledger.RejectionReason;
import io.timebank.ledger.ReserveFundingRequest;
import io.timebank.ledger.StandingOrderRequest;
import io.timebank.ledger.TermDepositRequest;
import io.timebank.ledger.TransferRequest;
import io.timebank.ledger.Validated;
import io.timebank.schemas.LedgerCommandCodec;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.schemas.avro.CommandOutcomeRecord;
import io.timebank.schemas.avro.CommandStatus;
import io.timebank.stream.LedgerSettings;
import io.timebank.stream.LedgerStores;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Takes transfers and exchanges and tells their outcome. A command is known by its idempotency key,
 * its sender's account together with its id ({@link CommandKey}): a retry with the same key and the
 * same request answers the first outcome; the same key with another request is refused
 * ({@code COMMAND_ID_REUSED}); another sender's command with the same id is another command.
 *
 * <p>A request waits for its command's outcome without polling: it registers with {@link Outcomes}
 * before the command is sent, and is woken the moment the ledger commits the final event.
 */
@Singleton
public class Teller {

    private final LedgerRuntime runtime;
    private final BankConfiguration configuration;
    private final LedgerSettings settings;
    private final Peers peers;
    private final Outcomes outcomes;
    private final Timer answeredSettled;
    private final Timer answeredInFlight;
    private final Clock clock = Clock.systemUTC();
    private final LedgerCommandCodec commands = new LedgerCommandCodec();

    public Teller(LedgerRuntime runtime, BankConfiguration configuration, Peers peers,
                  @io.micronaut.core.annotation.Nullable MeterRegistry registry) {
        this.runtime = runtime;
        this.configuration = configuration;
        this.settings = runtime.settings();
        this.peers = peers;
        this.outcomes = runtime.outcomes();
        MeterRegistry meters = registry == null ? new SimpleMeterRegistry() : registry;
        this.answeredSettled = answerTimer(meters, "true");
        this.answeredInFlight = answerTimer(meters, "false");
    }

    /** How long a command took from its request to its answer: settled (a final outcome) or still in flight (202). */
    private static Timer answerTimer(MeterRegistry registry, String settled) {
        return Timer.builder("timebank.command.answer").tag("settled", settled)
            .description("from a command's request to its answer, with its final outcome or still in flight")
            .publishPercentileHistogram().register(registry);
    }

    /** A command's answer: its outcome so far, and whether that outcome is final. */
    record CommandAnswer(Views.OutcomeView outcome, boolean settled) {
    }

    /** Submits a transfer and waits briefly for its committed outcome. */
    CommandAnswer transfer(Views.TransferBody body) {
        return submit(validated(body, clock.instant()));
    }

    /** A transfer as sent: an immediate one (to one receiver or several), or one created pending. */
    private Validated<? extends LedgerCommand> validated(Views.TransferBody body, Instant now) {
        if (!Boolean.TRUE.equals(body.pending())) {
            if (body.timeout() != null) {
                throw ProblemException.invalid("the command was not accepted", List.of(new FieldError("timeout",
                    "is for a pending transfer (\"pending\": true)")));
            }
            return request(body).validate(now, settings.limits());
        }
        if (body.legs() != null || body.metadata() != null) {
            throw ProblemException.invalid("the command was not accepted", List.of(new FieldError(
                body.legs() != null ? "legs" : "metadata", "is not for a pending transfer: one receiver, no metadata")));
        }
        return new PendingTransferRequest(body.commandId(), body.from(), body.to(), body.asset(), body.amount(),
            body.memo(), body.timeout()).validate(now, settings.limits());
    }

    /** Posts {@code account}'s pending transfer {@code transfer}: the command {@code <transfer>::post}. */
    CommandAnswer postTransfer(String account, String transfer) {
        return submit(PendingTransferRequest.post(account, transfer, clock.instant()));
    }

    /** Voids {@code account}'s pending transfer {@code transfer}: the command {@code <transfer>::void}. */
    CommandAnswer voidTransfer(String account, String transfer) {
        return submit(PendingTransferRequest.cancel(account, transfer, clock.instant()));
    }

    private static TransferRequest request(Views.TransferBody body) {
        return new TransferRequest(body.commandId(), body.from(), body.to(), body.asset(), body.amount(), body.memo(),
            legRequests(body.legs()), body.metadata() == null ? null : body.metadata().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, field -> field.getValue() == null
                    ? new Metadata.FieldRequest(null, null)
                    : new Metadata.FieldRequest(field.getValue().type(), field.getValue().value()))));
    }

    private static List<TransferRequest.LegRequest> legRequests(List<Views.LegBody> legs) {
        return legs == null ? null : legs.stream().map(leg -> leg == null ? null
            : new TransferRequest.LegRequest(leg.to(), leg.amount(), leg.memo())).toList();
    }

    CommandAnswer exchange(Views.ExchangeBody body) {
        return submit(new ExchangeRequest(body.commandId(), body.account(), body.amount())
            .validate(clock.instant(), settings.limits()));
    }

    /** Places a standing order; its answer is the placing's outcome (its occurrences have their own). */
    CommandAnswer placeStandingOrder(Views.StandingOrderBody body) {
        return submit(new StandingOrderRequest(body.commandId(), body.from(), body.to(), body.asset(), body.amount(),
            body.memo(), body.first(), body.interval(), body.count(), body.until(), legRequests(body.legs()))
            .validate(clock.instant(), settings.limits(), settings.orders().failuresMax()));
    }

    /** Places a payout plan on a fund (the caller is an operator): a standing order the fund pays by. */
    CommandAnswer placePayout(Views.PayoutBody body) {
        return submit(new StandingOrderRequest(body.commandId(), body.fund(), null, body.asset(), null, body.memo(),
            body.first(), body.interval(), body.count(), body.until(), legRequests(body.legs()),
            body.shares() == null ? null : body.shares().stream().map(share -> share == null ? null
                : new StandingOrderRequest.ShareRequest(share.to(), share.weight())).toList(), body.portion())
            .validate(clock.instant(), settings.limits(), settings.orders().failuresMax()));
    }

    /** Locks attention in a term deposit. */
    CommandAnswer openTermDeposit(Views.TermDepositBody body) {
        return submit(new TermDepositRequest(body.commandId(), body.account(), body.amount(), body.term())
            .validate(clock.instant(), settings.limits(), settings.orders().terms()));
    }

    /** Withdraws {@code account}'s term deposit {@code deposit} early: the command {@code <deposit>::withdraw}. */
    CommandAnswer withdrawTermDeposit(String account, String deposit) {
        return submit(TermDepositRequest.withdrawal(account, deposit, clock.instant()));
    }

    /** Grants a loan (the caller is an operator): the principal leaves the lender for the borrower. */
    CommandAnswer grantLoan(Views.LoanBody body) {
        return submit(new LoanRequest(body.commandId(), body.lender(), body.borrower(), body.amount(), body.rate(),
            body.count(), body.interval(), body.first()).validate(clock.instant(), settings.limits()));
    }

    /** Pays {@code borrower}'s loan {@code loan} off now. */
    CommandAnswer repayLoan(String borrower, String loan, Views.RepaymentBody body) {
        return submit(LoanRequest.repayment(body == null ? null : body.commandId(), borrower, loan, clock.instant()));
    }

    /** Opens a collection into {@code body.to()} from each leg's payer, all legs or none. */
    CommandAnswer collect(Views.CollectionBody body) {
        return submit(DirectDebitRequest.collection(body.commandId(), body.to(), body.asset(), body.legs() == null ? null
            : body.legs().stream().map(leg -> leg == null ? null
                : new DirectDebitRequest.ContributionRequest(leg.from(), leg.amount(), leg.memo())).toList(),
            clock.instant(), settings.limits()));
    }

    /** Gives a mandate: its collector may collect from its payer, up to its maximum at once. */
    CommandAnswer grantMandate(Views.MandateBody body) {
        return submit(DirectDebitRequest.mandate(body.commandId(), body.payer(), body.collector(), body.max(),
            clock.instant(), settings.limits()));
    }

    /** Withdraws {@code payer}'s mandate to {@code collector}. */
    CommandAnswer revokeMandate(String payer, String collector, Views.CommandBody body) {
        return submit(DirectDebitRequest.revocation(body == null ? null : body.commandId(), payer, collector,
            clock.instant()));
    }

    /** Cancels {@code account}'s standing order {@code order}: the command {@code <order>::cancel}, so a retry is the same. */
    CommandAnswer cancelStandingOrder(String account, String order) {
        return submit(StandingOrderRequest.cancellation(account, order, clock.instant()));
    }

    /** Opens an account with a credit limit (the caller is an operator). */
    CommandAnswer openAccount(Views.OpenAccountBody body) {
        return submit(new OpenAccountRequest(body.commandId(), body.account(), body.platform(), body.creditLimit())
            .validate(clock.instant(), settings.limits()));
    }

    /** Sets {@code account}'s credit limit (the caller is an operator). */
    CommandAnswer changeCreditLimit(String account, Views.LimitsBody body) {
        return submit(new CreditLimitRequest(body == null ? null : body.commandId(), account,
            body == null ? null : body.creditLimit()).validate(clock.instant(), settings.limits()));
    }

    /** Adds stable to the bank's reserve account: the treasury's command (the caller is an operator). */
    CommandAnswer fundReserve(Views.ReserveFundingBody body) {
        return submit(new ReserveFundingRequest(body.commandId(), body.amount())
            .validate(AccountId.of(configuration.getReserveAccount()), clock.instant(), settings.limits()));
    }

    /** The outcome of {@code sender}'s command {@code commandId}; never anyone else's. */
    Optional<Views.OutcomeView> outcome(String sender, String commandId, boolean forwarded) {
        String key = sender + "/" + commandId;
        return peers.route(LedgerStores.COMMAND_OUTCOMES, key, forwarded, path(sender, commandId),
            Views.OutcomeView.class, () -> localOutcome(key).map(Teller::view));
    }

    /**
     * The outcome store's answer, or what this instance's ledger tail folded when that is further on:
     * the store is one hop behind the ledger, and a read right after an answer must see the answer.
     */
    private Optional<CommandOutcomeRecord> localOutcome(String key) {
        CommandOutcomeRecord stored = storedOutcome(key);
        if (stored != null && Outcomes.isFinal(stored)) {
            return Optional.of(stored);
        }
        Optional<CommandOutcomeRecord> recent = outcomes.recent(key);
        if (recent.isPresent() && (stored == null || Outcomes.isFinal(recent.get()))) {
            return recent;
        }
        return Optional.ofNullable(stored);
    }

    static String path(String sender, String commandId) {
        return "/v1/accounts/" + sender + "/commands/" + commandId;
    }

    private CommandAnswer submit(Validated<? extends LedgerCommand> request) {
        Submission submission = prepare(command(request));
        try {
            runtime.awaitSent(submission.sent() == null ? List.of() : List.of(submission.sent()));
        } catch (RuntimeException brokerDown) {
            submission.forget();
            throw brokerDown;
        }
        return submission.answer(System.nanoTime() + configuration.getCommandTimeout().toNanos());
    }

    /**
     * Transfers sent together: each is validated, sent and answered on its own (its own id, its own
     * outcome or problem), all sent before any is waited for, all waited for until one deadline.
     * {@code authorize} throws a problem for an item the caller may not send.
     */
    List<Views.BatchItem> transferAll(List<Views.TransferBody> bodies, Consumer<Views.TransferBody> authorize) {
        if (bodies == null || bodies.isEmpty() || bodies.size() > configuration.getTransferBatchMax()) {
            throw new ProblemException(Problem.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode(), "Batch size",
                "a batch holds 1 to " + configuration.getTransferBatchMax() + " transfers, this one "
                    + (bodies == null ? 0 : bodies.size())));
        }
        Instant now = clock.instant();
        List<Object> prepared = new ArrayList<>(bodies.size());
        for (Views.TransferBody body : bodies) {
            try {
                if (body == null) {
                    throw ProblemException.invalid("no transfer", List.of(new FieldError("transfer", "is required")));
                }
                authorize.accept(body);
                prepared.add(prepare(command(validated(body, now))));
            } catch (ProblemException refused) {
                prepared.add(refused.problem());
            }
        }
        List<Submission> submissions = prepared.stream().filter(Submission.class::isInstance).map(Submission.class::cast)
            .toList();
        try {
            runtime.awaitSent(submissions.stream().map(Submission::sent).filter(Objects::nonNull)
                .<Future<?>>map(sent -> sent).toList());
        } catch (RuntimeException brokerDown) {
            submissions.forEach(Submission::forget);
            throw brokerDown;
        }
        long deadline = System.nanoTime() + configuration.getCommandTimeout().toNanos();
        List<Views.BatchItem> items = new ArrayList<>(bodies.size());
        for (int index = 0; index < prepared.size(); index++) {
            Object item = prepared.get(index);
            if (item instanceof Submission submission) {
                try {
                    CommandAnswer answer = submission.answer(deadline);
                    HttpStatus status = status(answer);
                    items.add(new Views.BatchItem(index, status.getCode(), answer.outcome(),
                        status.getCode() >= 400 ? refusal(answer.outcome(), status) : null));
                } catch (ProblemException refused) {
                    items.add(new Views.BatchItem(index, refused.problem().status(), null, refused.problem()));
                }
            } else {
                Problem problem = (Problem) item;
                items.add(new Views.BatchItem(index, problem.status(), null, problem));
            }
        }
        return items;
    }

    /** The problem a refused command is answered with: its status, the ledger's reason and detail. */
    static Problem refusal(Views.OutcomeView outcome, HttpStatus status) {
        return new Problem("about:blank", "Command " + outcome.status().toLowerCase(), status.getCode(),
            outcome.detail(), null, outcome.reason(), outcome.commandId());
    }

    /** The HTTP status a command's answer is given: 200 completed, 202 in flight, 409 or 422 refused. */
    static HttpStatus status(CommandAnswer answer) {
        if (!answer.settled()) {
            return HttpStatus.ACCEPTED;
        }
        if ("COMPLETED".equals(answer.outcome().status())) {
            return HttpStatus.OK;
        }
        return RejectionReason.valueOf(answer.outcome().reason()).conflictsWithState() ? HttpStatus.CONFLICT
            : HttpStatus.UNPROCESSABLE_ENTITY;
    }

    private static LedgerCommand command(Validated<? extends LedgerCommand> request) {
        return switch (request) {
            case Validated.Valid<? extends LedgerCommand> valid -> valid.value();
            case Validated.Invalid<? extends LedgerCommand> invalid -> throw ProblemException.invalid(
                "the command was not accepted", invalid.errors());
        };
    }

    /**
     * One command on its way: answered already from what is known, or registered for its outcome and
     * (unless already in flight) handed to the broker.
     *
     * @param sent the broker's acknowledgement to wait for, or null when nothing was sent
     */
    private record Submission(Teller teller, CommandKey key, long content, Optional<Views.OutcomeView> known,
                              CompletableFuture<CommandOutcomeRecord> decided, Future<?> sent, long startedNanos) {

        /** Stops waiting for the outcome (the request gives up). */
        void forget() {
            if (decided != null) {
                teller.outcomes.forget(key, decided);
            }
        }

        /** Waits until {@code deadlineNanos} at most for the final outcome, without polling; timed from the request. */
        CommandAnswer answer(long deadlineNanos) {
            CommandAnswer answer = await(deadlineNanos);
            (answer.settled() ? teller.answeredSettled : teller.answeredInFlight)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
            return answer;
        }

        private CommandAnswer await(long deadlineNanos) {
            if (decided == null) {
                return new CommandAnswer(known.orElseThrow(), true);
            }
            try {
                Views.OutcomeView outcome = view(decided.get(Math.max(0, deadlineNanos - System.nanoTime()),
                    TimeUnit.NANOSECONDS));
                requireSameRequest(key, content, Optional.of(outcome));
                return new CommandAnswer(outcome, true);
            } catch (TimeoutException stillInFlight) {
                Optional<Views.OutcomeView> outcome = teller.outcome(key.sender().value(), key.id().value(), false);
                requireSameRequest(key, content, outcome);
                Views.OutcomeView view = outcome.orElseGet(() -> new Views.OutcomeView(key.id().value(), "PENDING",
                    key.sender().value(), null, null, digest(content), List.of()));
                return new CommandAnswer(view, settled(outcome));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
            } catch (ExecutionException impossible) {
                throw new IllegalStateException("an outcome future never fails", impossible);
            } finally {
                forget();
            }
        }
    }

    /** Checks what is known of the command's key, registers for its outcome, and sends it when it is new. */
    private Submission prepare(LedgerCommand command) {
        long startedNanos = System.nanoTime();
        CommandKey key = CommandKey.of(command).orElseThrow(() -> new IllegalArgumentException("not a client command"));
        long content = CommandKey.contentOf(command);
        Optional<Views.OutcomeView> known = outcome(key.sender().value(), key.id().value(), false);
        requireSameRequest(key, content, known);
        if (settled(known)) {
            return new Submission(this, key, content, known, null, null, startedNanos);
        }
        CompletableFuture<CommandOutcomeRecord> decided = outcomes.await(key);
        try {
            // A key already in flight is not sent again: the ledger applies a key once, and answers it.
            Future<?> sent = known.isEmpty()
                ? runtime.send(settings.topics().commands(), key.sender().value(), commands.encode(command)) : null;
            return new Submission(this, key, content, known, decided, sent, startedNanos);
        } catch (RuntimeException unsent) {
            outcomes.forget(key, decided);
            throw unsent;
        }
    }

    /** An outcome recorded for another request under the same key is not this request's answer. */
    private static void requireSameRequest(CommandKey key, long content, Optional<Views.OutcomeView> outcome) {
        String recorded = outcome.map(Views.OutcomeView::requestDigest).orElse(null);
        if (recorded != null && !CommandKey.sameContent(HexFormat.fromHexDigitsToLong(recorded), content)) {
            throw new ProblemException(new Problem("about:blank", "Command id reused", HttpStatus.CONFLICT.getCode(),
                key.sender() + " already used command id " + key.id() + " for a different request; "
                    + "a retry must repeat the request exactly, a new request needs a new id",
                null, RejectionReason.COMMAND_ID_REUSED.name(), key.id().value()));
        }
    }

    static String digest(long content) {
        return HexFormat.of().toHexDigits(content);
    }

    private static boolean settled(Optional<Views.OutcomeView> outcome) {
        return outcome.map(view -> !view.status().equals(CommandStatus.PENDING.name())
            && !view.status().equals(CommandStatus.UNKNOWN.name())).orElse(false);
    }

    private CommandOutcomeRecord storedOutcome(String key) {
        ReadOnlyKeyValueStore<String, CommandOutcomeRecord> store = runtime.streams().store(
            StoreQueryParameters.fromNameAndType(LedgerStores.COMMAND_OUTCOMES, QueryableStoreTypes.keyValueStore()));
        return store.get(key);
    }

    static Views.OutcomeView view(CommandOutcomeRecord outcome) {
        List<Views.EventView> events = outcome.getEvents().stream()
            .map(LedgerEventCodec::fromRecord).map(Teller::view).toList();
        return new Views.OutcomeView(outcome.getCommandId(), outcome.getStatus().name(), outcome.getAccount(),
            outcome.getReason() == null ? null : outcome.getReason().name(),
            outcome.getDetail().isEmpty() ? null : outcome.getDetail(), digest(outcome.getContent()), events);
    }

    static Views.EventView view(LedgerEvent event) {
        String type = event.getClass().getSimpleName();
        return switch (event) {
            case LedgerEvent.TransferDebited e -> new Views.EventView(type, e.from().value(), e.at(), e.amount().toString(),
                e.fee().toString(), e.to().value(), null, null, null, e.feeFactor() == null ? null : e.feeFactor().toString());
            case LedgerEvent.TransferCredited e -> new Views.EventView(type, e.to().value(), e.at(), e.amount().toString(),
                null, e.from().value(), null);
            case LedgerEvent.TransferRefunded e -> new Views.EventView(type, e.from().value(), e.at(),
                e.amount().toString(), null, e.to().value(), e.reason().name());
            case LedgerEvent.Exchanged e -> new Views.EventView(type, e.account().value(), e.at(), e.attention().toString(),
                null, null, null, e.stable().toString(), e.rate().toString(), null);
            case LedgerEvent.ReserveFunded e -> new Views.EventView(type, e.account().value(), e.at(), null, null, null,
                null, e.amount().toString(), null, null);
            case LedgerEvent.CommandRejected e -> new Views.EventView(type, e.account().value(), e.at(), null, null, null,
                e.reason().name());
            case LedgerEvent.LegsDebited e -> new Views.EventView(type, e.from().value(), e.at(), e.amount().toString(),
                e.fee().toString(), String.join(",", e.legs().stream().map(leg -> leg.to().value()).toList()), null, null,
                null, e.feeFactor() == null ? null : e.feeFactor().toString());
            case LedgerEvent.LegHeld e -> new Views.EventView(type, e.to().value(), e.at(), e.amount().toString(), null,
                e.from().value(), null);
            case LedgerEvent.LegRefused e -> new Views.EventView(type, e.to().value(), e.at(), null, null, e.from().value(),
                e.reason().name());
            case LedgerEvent.LegsRefunded e -> new Views.EventView(type, e.from().value(), e.at(), e.amount().toString(),
                null, e.refusal().to().value(), e.refusal().refusal().name());
            case LedgerEvent.LoanGranted e -> new Views.EventView(type, e.lender().value(), e.at(),
                e.principal().toString(), null, e.borrower().value(), null);
            case LedgerEvent.LoanPaid e -> new Views.EventView(type, e.borrower().value(), e.at(), e.paid().toString(),
                null, e.lender().value(), null);
            case LedgerEvent.CollectionOpened e -> new Views.EventView(type, e.to().value(), e.at(), e.amount().toString(),
                null, String.join(",", e.legs().stream().map(leg -> leg.from().value()).toList()), null);
            case LedgerEvent.CollectionLegDebited e -> new Views.EventView(type, e.from().value(), e.at(),
                e.amount().toString(), null, e.to().value(), null);
            case LedgerEvent.CollectionLegRefused e -> new Views.EventView(type, e.from().value(), e.at(), null, null,
                e.to().value(), e.reason().name());
            case LedgerEvent.CollectionSettled e -> new Views.EventView(type, e.to().value(), e.at(), e.amount().toString(),
                null, null, null);
            case LedgerEvent.CollectionRefunded e -> new Views.EventView(type, e.to().value(), e.at(), null, null,
                e.refusal().to().value(), e.refusal().refusal().name());
            case LedgerEvent.CollectionLegReturned e -> new Views.EventView(type, e.from().value(), e.at(),
                e.amount().toString(), null, e.to().value(), null);
            case LedgerEvent.MandateGranted e -> new Views.EventView(type, e.payer().value(), e.at(), e.max().toString(),
                null, e.collector().value(), null);
            case LedgerEvent.AccountOpened e -> new Views.EventView(type, e.account().value(), e.at(),
                e.creditLimit().toString(), null, null, null);
            case LedgerEvent.TransferReserved e -> new Views.EventView(type, e.from().value(), e.at(), e.amount().toString(),
                e.fee().toString(), e.to().value(), null);
            case LedgerEvent.TransferPosted e -> new Views.EventView(type, e.from().value(), e.at(), e.amount().toString(),
                e.fee().toString(), e.to().value(), null);
            case LedgerEvent.TransferVoided e -> new Views.EventView(type, e.from().value(), e.voidedAt(),
                e.amount().toString(), e.fee().toString(), e.to().value(),
                e.refusal() == null ? e.cause().name() : e.cause().name() + ": " + e.refusal().name());
            case LedgerEvent.CreditLimitChanged e -> new Views.EventView(type, e.account().value(), e.at(),
                e.after().toString(), null, null, null);
            default -> new Views.EventView(type, event.account().value(), event.at(), null, null, null, null);
        };
    }
}
