package io.timebank.api;

import io.micronaut.http.HttpStatus;
import io.timebank.ledger.CommandKey;
import io.timebank.ledger.ExchangeRequest;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.RejectionReason;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private final Clock clock = Clock.systemUTC();
    private final LedgerCommandCodec commands = new LedgerCommandCodec();

    public Teller(LedgerRuntime runtime, BankConfiguration configuration, Peers peers) {
        this.runtime = runtime;
        this.configuration = configuration;
        this.settings = runtime.settings();
        this.peers = peers;
        this.outcomes = runtime.outcomes();
    }

    /** A command's answer: its outcome so far, and whether that outcome is final. */
    record CommandAnswer(Views.OutcomeView outcome, boolean settled) {
    }

    /** Submits a transfer and waits briefly for its committed outcome. */
    CommandAnswer transfer(Views.TransferBody body) {
        return submit(new TransferRequest(body.commandId(), body.from(), body.to(), body.asset(), body.amount(),
            body.memo()).validate(clock.instant(), settings.limits()));
    }

    CommandAnswer exchange(Views.ExchangeBody body) {
        return submit(new ExchangeRequest(body.commandId(), body.account(), body.amount())
            .validate(clock.instant(), settings.limits()));
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
        LedgerCommand command = switch (request) {
            case Validated.Valid<? extends LedgerCommand> valid -> valid.value();
            case Validated.Invalid<? extends LedgerCommand> invalid -> throw ProblemException.invalid(
                "the command was not accepted", invalid.errors());
        };
        CommandKey key = CommandKey.of(command).orElseThrow(() -> new IllegalArgumentException("not a client command"));
        String content = digest(CommandKey.contentOf(command));
        Optional<Views.OutcomeView> known = outcome(key.sender().value(), key.id().value(), false);
        requireSameRequest(key, content, known);
        if (settled(known)) {
            return new CommandAnswer(known.get(), true);
        }
        CompletableFuture<CommandOutcomeRecord> decided = outcomes.await(key);
        try {
            if (known.isEmpty()) {
                // A key already in flight is not sent again: the ledger applies a key once, and answers it.
                Bank.awaitAll(List.of(runtime.send(settings.topics().commands(), key.sender().value(),
                    commands.encode(command))));
            }
            Views.OutcomeView outcome = view(decided.get(configuration.getCommandTimeout().toNanos(), TimeUnit.NANOSECONDS));
            requireSameRequest(key, content, Optional.of(outcome));
            return new CommandAnswer(outcome, true);
        } catch (TimeoutException stillInFlight) {
            Optional<Views.OutcomeView> outcome = outcome(key.sender().value(), key.id().value(), false);
            requireSameRequest(key, content, outcome);
            Views.OutcomeView view = outcome.orElseGet(() -> new Views.OutcomeView(key.id().value(), "PENDING",
                key.sender().value(), null, null, content, List.of()));
            return new CommandAnswer(view, settled(outcome));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
        } catch (ExecutionException impossible) {
            throw new IllegalStateException("an outcome future never fails", impossible);
        } finally {
            outcomes.forget(key, decided);
        }
    }

    /** An outcome recorded for another request under the same key is not this request's answer. */
    private static void requireSameRequest(CommandKey key, String content, Optional<Views.OutcomeView> outcome) {
        if (outcome.isPresent() && !sameRequest(outcome.get().requestDigest(), content)) {
            throw new ProblemException(new Problem("about:blank", "Command id reused", HttpStatus.CONFLICT.getCode(),
                key.sender() + " already used command id " + key.id() + " for a different request; "
                    + "a retry must repeat the request exactly, a new request needs a new id",
                null, RejectionReason.COMMAND_ID_REUSED.name(), key.id().value()));
        }
    }

    private static boolean sameRequest(String recorded, String content) {
        return recorded == null || recorded.equals(digest(CommandKey.CONTENT_UNKNOWN)) || recorded.equals(content);
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
                e.fee().toString(), e.to().value(), null);
            case LedgerEvent.TransferCredited e -> new Views.EventView(type, e.to().value(), e.at(), e.amount().toString(),
                null, e.from().value(), null);
            case LedgerEvent.TransferRefunded e -> new Views.EventView(type, e.from().value(), e.at(),
                e.amount().toString(), null, e.to().value(), e.reason().name());
            case LedgerEvent.Exchanged e -> new Views.EventView(type, e.account().value(), e.at(), e.attention().toString(),
                null, null, null);
            case LedgerEvent.CommandRejected e -> new Views.EventView(type, e.account().value(), e.at(), null, null, null,
                e.reason().name());
            default -> new Views.EventView(type, event.account().value(), event.at(), null, null, null, null);
        };
    }
}
