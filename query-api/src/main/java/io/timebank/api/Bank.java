package io.timebank.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpStatus;
import io.timebank.ledger.Account;
import io.timebank.ledger.Activity;
import io.timebank.ledger.ActivityInput;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.DailyCap;
import io.timebank.ledger.Decay;
import io.timebank.ledger.Posting;
import io.timebank.ledger.QualityRule;
import io.timebank.ledger.Score;
import io.timebank.ledger.InputLimits;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Measure;
import io.timebank.ledger.Validated;
import io.timebank.schemas.ActivityCodec;
import io.timebank.schemas.ActivityJson;
import io.timebank.schemas.LedgerEventCodec;
import io.timebank.schemas.StateCodec;
import io.timebank.schemas.UndecodableRecordException;
import io.timebank.stream.AccountHistory;
import io.timebank.stream.LedgerSettings;
import io.timebank.stream.LedgerStores;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What the HTTP API can ask of the bank. Validation and every rule are the core's; this class
 * turns requests into records on the input topics and reads the answers from the ledger's stores.
 */
@Singleton
public class Bank {

    private final LedgerRuntime runtime;
    private final BankConfiguration configuration;
    private final LedgerSettings settings;
    private final InputLimits limits;
    private final Clock clock = Clock.systemUTC();
    private final ActivityCodec activities = new ActivityCodec();
    private final LedgerEventCodec events = new LedgerEventCodec();

    private final Peers peers;

    public Bank(LedgerRuntime runtime, BankConfiguration configuration, Peers peers) {
        this.runtime = runtime;
        this.peers = peers;
        this.configuration = configuration;
        this.settings = runtime.settings();
        this.limits = settings.limits();
    }

    /** One activity (a JSON object) or a batch (an array): the valid ones go to the ledger, the others are named. */
    Views.ActivityReceipt submitActivities(String body, java.util.function.Consumer<String> mayPostFor) {
        JsonNode root;
        try {
            root = ActivityCodec.JSON.readTree(body);
        } catch (JsonProcessingException malformed) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "malformed JSON: " + malformed.getOriginalMessage());
        }
        boolean batch = root != null && root.isArray();
        List<JsonNode> items = new ArrayList<>();
        if (batch) {
            root.forEach(items::add);
        } else if (root != null && root.isObject()) {
            items.add(root);
        } else {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "expected an activity object or an array of them");
        }
        if (items.isEmpty() || items.size() > configuration.getActivityBatchMax()) {
            throw new ProblemException(Problem.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode(), "Batch size",
                "a batch holds 1 to " + configuration.getActivityBatchMax() + " activities, this one " + items.size()));
        }
        Instant now = clock.instant();
        List<Views.ItemProblem> rejected = new ArrayList<>();
        List<Future<?>> sent = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            JsonNode item = items.get(index);
            String eventId = item.path("eventId").isTextual() ? item.path("eventId").asText() : null;
            List<Problem.FieldProblem> problems = new ArrayList<>();
            try {
                ActivityInput input = ActivityCodec.JSON.treeToValue(item, ActivityJson.class).toInput();
                if (input.platform() != null) {
                    mayPostFor.accept(input.platform());
                }
                switch (Activity.validate(input, now, limits)) {
                    case Validated.Valid<Activity> valid when settings.systemAccounts().contains(valid.value().account()) ->
                        problems.add(new Problem.FieldProblem("account", "is the bank's own account: no platform may "
                            + "credit it"));
                    case Validated.Valid<Activity> valid -> sent.add(runtime.send(settings.topics().activities(),
                        valid.value().account().value(), activities.encode(ActivityCodec.toAvro(valid.value()))));
                    case Validated.Invalid<Activity> invalid -> invalid.errors()
                        .forEach(error -> problems.add(new Problem.FieldProblem(error.field(), error.message())));
                }
            } catch (JsonMappingException mapping) {
                problems.add(new Problem.FieldProblem(ActivityCodec.path(mapping), mapping.getOriginalMessage()));
            } catch (UndecodableRecordException | JsonProcessingException undecodable) {
                String message = undecodable.getMessage();
                int colon = message.indexOf(": ");
                problems.add(colon > 0 ? new Problem.FieldProblem(message.substring(0, colon), message.substring(colon + 2))
                    : new Problem.FieldProblem("body", message));
            }
            if (!problems.isEmpty()) {
                rejected.add(new Views.ItemProblem(index, eventId, problems));
            }
        }
        runtime.awaitSent(sent);
        if (!batch && !rejected.isEmpty()) {
            throw new ProblemException(new Problem("about:blank", "Invalid activity", 422,
                "the activity was not accepted", rejected.getFirst().errors(), null, null));
        }
        return new Views.ActivityReceipt(sent.size(), rejected);
    }

    Optional<Views.AccountView> account(String id, Instant at, boolean forwarded) {
        return peers.route(LedgerStores.ACCOUNTS, id, forwarded, "/v1/accounts/" + id + (at == null ? "" : "?at=" + at),
            Views.AccountView.class, () -> localAccount(id, at));
    }

    private Optional<Views.AccountView> localAccount(String id, Instant at) {
        Account account = storedAccount(id);
        if (account == null) {
            return Optional.empty();
        }
        Instant readAt = readTime(account, at);
        List<Views.Balance> balances = new ArrayList<>();
        for (Asset asset : Asset.values()) {
            Instant last = account.lastEntryAt(asset);
            long entries = asset == Asset.ATTENTION ? account.attention().entryCount() : account.stable().entryCount();
            balances.add(new Views.Balance(asset.name(), account.exactBalance(asset, readAt, settings.decay()).toPlainString(),
                settings.ledger().available(account, asset, readAt).toString(), last, entries));
        }
        QualityRule rule = settings.quality();
        Views.QualityView quality = rule == null ? null : new Views.QualityView(account.quality().mean().toString(),
            account.quality().deposits(), rule.feeFactor(account.quality()).toString());
        return Optional.of(new Views.AccountView(account.id().value(), account.platform().value(), readAt,
            account.openedAt(), account.creditLimit().toString(), balances, quality, termDeposits(account, readAt),
            account.mandates().isEmpty() ? null : account.mandates().stream()
                .map(mandate -> new Views.MandateView(mandate.collector().value(), mandate.max().toString())).toList()));
    }

    /** The account's term deposits as read at {@code readAt}: value now, at maturity, and if withdrawn now; null for none. */
    private List<Views.TermDepositView> termDeposits(Account account, Instant readAt) {
        return account.terms().isEmpty() ? null : account.terms().stream()
            .map(deposit -> new Views.TermDepositView(deposit.id().value(), deposit.principal().toString(),
                deposit.openedAt(), deposit.maturity(), deposit.meanLifetime().toString(),
                deposit.valueAt(readAt).toString(), deposit.valueAt(deposit.maturity()).toString(),
                deposit.withdrawalValue(readAt, settings.decay()).toString())).toList();
    }

    /** A page of the account's entries in booking order, after sequence {@code after}. */
    Optional<Views.EntriesPage> entries(String id, long after, int limit, boolean forwarded) {
        return peers.route(LedgerStores.ACCOUNTS, id, forwarded,
            "/v1/accounts/" + id + "/entries?after=" + after + "&limit=" + limit, Views.EntriesPage.class,
            () -> localEntries(id, after, limit));
    }

    private Optional<Views.EntriesPage> localEntries(String id, long after, int limit) {
        if (storedAccount(id) == null) {
            return Optional.empty();
        }
        int size = Math.clamp(limit, 1, configuration.getEntriesPageMax());
        List<Views.EntryView> page = new ArrayList<>();
        Long nextAfter = null;
        try (KeyValueIterator<String, byte[]> all = store(LedgerStores.ENTRIES, id).range(
            AccountHistory.key(id, after + 1), AccountHistory.end(id))) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (page.size() == size) {
                    nextAfter = page.getLast().sequence();
                    break;
                }
                page.add(entryView(AccountHistory.sequence(entry.key), events.decode(entry.value)));
            }
        }
        return Optional.of(new Views.EntriesPage(id, page, nextAfter));
    }

    /**
     * Each attention entry's contribution to the balance at {@code at} (default now), newest
     * {@code entriesPageMax} listed, older ones summed in one line.
     */
    Optional<Views.ExplainView> explain(String id, Instant at, boolean forwarded) {
        return peers.route(LedgerStores.ACCOUNTS, id, forwarded,
            "/v1/accounts/" + id + "/explain" + (at == null ? "" : "?at=" + at), Views.ExplainView.class,
            () -> localExplain(id, at));
    }

    private Optional<Views.ExplainView> localExplain(String id, Instant at) {
        Account account = storedAccount(id);
        if (account == null) {
            return Optional.empty();
        }
        Instant readAt = readTime(account, at);
        Decay decay = settings.decay();
        List<Views.Contribution> newestFirst = new ArrayList<>();
        BigDecimal shownMicros = BigDecimal.ZERO;
        long listed = 0;
        try (KeyValueIterator<String, byte[]> all = store(LedgerStores.ENTRIES, id).reverseRange(
            AccountHistory.key(id, 0), AccountHistory.end(id))) {
            while (all.hasNext() && newestFirst.size() < configuration.getEntriesPageMax()) {
                KeyValue<String, byte[]> entry = all.next();
                LedgerEvent event = events.decode(entry.value);
                for (Posting posting : settings.ledger().postings(event)) {
                    if (posting.asset() != Asset.ATTENTION) {
                        continue;
                    }
                    BigDecimal weight = new BigDecimal(decay.weightAfter(readAt.toEpochMilli() - posting.at().toEpochMilli()));
                    BigDecimal micros = BigDecimal.valueOf(posting.amount().micros()).multiply(weight);
                    shownMicros = shownMicros.add(micros);
                    listed++;
                    newestFirst.add(new Views.Contribution(AccountHistory.sequence(entry.key),
                        event.getClass().getSimpleName(), posting.at(), posting.amount().toString(),
                        weight.round(new MathContext(15)).toPlainString(), micros(micros, RoundingMode.HALF_EVEN),
                        event instanceof LedgerEvent.Deposited deposited ? score(deposited) : null));
                }
            }
        }
        List<Views.Contribution> contributions = newestFirst.reversed();
        BigDecimal exact = account.attention().microsAt(readAt, decay);
        long earlierEntries = account.attention().entryCount() - listed;
        BigDecimal earlier = exact.subtract(shownMicros);
        BigDecimal total = contributions.stream().map(c -> new BigDecimal(c.value()))
            .reduce(BigDecimal.ZERO, BigDecimal::add)
            .add(earlierEntries > 0 ? new BigDecimal(micros(earlier, RoundingMode.HALF_EVEN)) : BigDecimal.ZERO);
        return Optional.of(new Views.ExplainView(id, readAt, decay.meanLifetime().toString(), contributions,
            earlierEntries > 0 ? earlierEntries : null,
            earlierEntries > 0 ? micros(earlier, RoundingMode.HALF_EVEN) : null,
            total.setScale(Amount.SCALE, RoundingMode.UNNECESSARY).toPlainString(),
            account.exactBalance(Asset.ATTENTION, readAt, decay).toPlainString(), termDeposits(account, readAt)));
    }

    private static String micros(BigDecimal micros, RoundingMode mode) {
        return Amount.rounded(micros.movePointLeft(Amount.SCALE), mode).toString();
    }

    private static final String ONE = Measure.of(1).toString();

    private static Views.Score score(LedgerEvent.Deposited deposited) {
        Score score = deposited.score();
        DailyCap.Applied capped = deposited.capped();
        return new Views.Score(deposited.measures().interaction().toString(), deposited.measures().originality().toString(),
            deposited.measures().engagement().toString(), score.interactionFactor().toString(),
            score.originalityFactor().toString(), score.engagementFactor().toString(), score.value().toString(),
            capped == null ? ONE : capped.spacing().toString(), capped == null ? ONE : capped.factor().toString(),
            deposited.credited().toString());
    }

    private Views.EntryView entryView(long sequence, LedgerEvent event) {
        List<Posting> postings = settings.ledger().postings(event);
        Posting first = postings.isEmpty() ? null : postings.getFirst();
        String type = event.getClass().getSimpleName();
        String asset = first == null ? null : first.asset().name();
        String amount = first == null ? null : first.amount().toString();
        return switch (event) {
            case LedgerEvent.Deposited e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null, null,
                e.platform() + ":" + e.activityId(), score(e));
            case LedgerEvent.TransferDebited e -> new Views.EntryView(sequence, type, e.at(), asset, amount,
                e.fee().toString(), e.to().value(), e.commandId().value(), null);
            case LedgerEvent.TransferCredited e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.from().value(), e.commandId().value(), null);
            case LedgerEvent.TransferRefunded e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.to().value(), e.commandId().value(), null);
            case LedgerEvent.Exchanged e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null, null,
                e.commandId().value(), null);
            case LedgerEvent.FeeSettled e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null, null,
                e.settlementId(), null);
            case LedgerEvent.ReserveFunded e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null, null,
                e.commandId().value(), null);
            case LedgerEvent.LegsDebited e -> new Views.EntryView(sequence, type, e.at(), asset, amount, e.fee().toString(),
                String.join(",", e.legs().stream().map(leg -> leg.to().value()).toList()), e.commandId().value(), null);
            case LedgerEvent.LegsRefunded e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.refusal().to().value(), e.commandId().value(), null);
            case LedgerEvent.LoanGranted e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.borrower().value(), e.commandId().value(), null);
            case LedgerEvent.CollectionLegDebited e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.to().value(), e.commandId().value(), null);
            case LedgerEvent.CollectionLegReturned e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.to().value(), e.commandId().value(), null);
            case LedgerEvent.CollectionSettled e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null, null,
                e.commandId().value(), null);
            case LedgerEvent.LoanPaid e -> new Views.EntryView(sequence, type, e.at(), asset, amount, null,
                e.lender().value(), e.commandId().value(), null);
            default -> new Views.EntryView(sequence, type, event.at(), asset, amount, null, null, null, null);
        };
    }

    /**
     * The partition of {@code name} that holds {@code account}: one RocksDB read per look-up (a store
     * over all local partitions would ask each of them in turn until one has the key).
     */
    private ReadOnlyKeyValueStore<String, byte[]> store(String name, String account) {
        return runtime.streams().store(StoreQueryParameters.fromNameAndType(name,
            QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(settings.partitionOf(account)));
    }

    private Instant readTime(Account account, Instant at) {
        Instant readAt = at == null ? clock.instant().truncatedTo(ChronoUnit.MILLIS) : at;
        for (Asset asset : Asset.values()) {
            Instant last = account.lastEntryAt(asset);
            if (last != null && readAt.isBefore(last)) {
                throw ProblemException.invalid("cannot read a balance before its last entry",
                    List.of(new io.timebank.ledger.FieldError("at", "is before the " + asset + " balance's last entry " + last)));
            }
        }
        return readAt;
    }

    private Account storedAccount(String id) {
        byte[] stored = store(LedgerStores.ACCOUNTS, id).get(id);
        return stored == null ? null : StateCodec.decodeAccount(stored);
    }

}
