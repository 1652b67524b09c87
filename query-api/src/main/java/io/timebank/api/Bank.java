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
import io.timebank.ledger.Decay;
import io.timebank.ledger.Posting;
import io.timebank.ledger.QualityRule;
import io.timebank.ledger.ValueSources;
import io.timebank.ledger.InputLimits;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Validated;
import io.timebank.schemas.ActivityCodec;
import io.timebank.schemas.ActivityJson;
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
import org.apache.kafka.streams.state.KeyValueIterator;
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
                .map(mandate -> new Views.MandateView(mandate.collector().value(), mandate.max().toString())).toList(),
            account.reservations().isEmpty() ? null : account.reservations().stream()
                .map(reserved -> new Views.PendingView(reserved.transfer().value(), reserved.to().value(),
                    reserved.asset().name(), reserved.amount().toString(), reserved.fee().toString(), reserved.reservedAt(),
                    reserved.expiresAt())).toList(),
            account.holds().isEmpty() ? null : account.holds().stream()
                .map(hold -> new Views.IncomingView(hold.commandId().value(), hold.from().value(), hold.asset().name(),
                    hold.amount().toString())).toList()));
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

    /** The page of entries just before sequence {@code before}, newest first (Long.MAX_VALUE: the newest). */
    Optional<Views.EntriesPage> entriesNewestFirst(String id, long before, int limit, boolean forwarded) {
        return peers.route(LedgerStores.ACCOUNTS, id, forwarded, "/v1/accounts/" + id + "/entries?order=newest"
                + (before == Long.MAX_VALUE ? "" : "&before=" + before) + "&limit=" + limit, Views.EntriesPage.class,
            () -> localEntriesNewestFirst(id, before, limit));
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
                page.add(EntryViews.entry(AccountHistory.decode(entry.key, entry.value), settings.ledger()));
            }
        }
        return Optional.of(new Views.EntriesPage(id, page, nextAfter, null));
    }

    private Optional<Views.EntriesPage> localEntriesNewestFirst(String id, long before, int limit) {
        if (storedAccount(id) == null) {
            return Optional.empty();
        }
        if (before <= 0) {
            return Optional.of(new Views.EntriesPage(id, List.of(), null, null));
        }
        int size = Math.clamp(limit, 1, configuration.getEntriesPageMax());
        List<Views.EntryView> page = new ArrayList<>();
        Long nextBefore = null;
        try (KeyValueIterator<String, byte[]> all = store(LedgerStores.ENTRIES, id).reverseRange(
            AccountHistory.key(id, 0), AccountHistory.key(id, Math.min(before - 1, Long.MAX_VALUE - 1)))) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (page.size() == size) {
                    nextBefore = page.getLast().sequence();
                    break;
                }
                page.add(EntryViews.entry(AccountHistory.decode(entry.key, entry.value), settings.ledger()));
            }
        }
        return Optional.of(new Views.EntriesPage(id, page, null, nextBefore));
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
        List<ValueSources.Weighted> deposits = new ArrayList<>();
        BigDecimal shownMicros = BigDecimal.ZERO;
        long listed = 0;
        try (KeyValueIterator<String, byte[]> all = store(LedgerStores.ENTRIES, id).reverseRange(
            AccountHistory.key(id, 0), AccountHistory.end(id))) {
            while (all.hasNext() && newestFirst.size() < configuration.getEntriesPageMax()) {
                KeyValue<String, byte[]> entry = all.next();
                LedgerEvent event = AccountHistory.decode(entry.key, entry.value).event();
                for (Posting posting : settings.ledger().postings(event)) {
                    if (posting.asset() != Asset.ATTENTION) {
                        continue;
                    }
                    BigDecimal weight = new BigDecimal(decay.weightAfter(readAt.toEpochMilli() - posting.at().toEpochMilli()));
                    BigDecimal micros = BigDecimal.valueOf(posting.amount().micros()).multiply(weight);
                    shownMicros = shownMicros.add(micros);
                    listed++;
                    if (event instanceof LedgerEvent.Deposited deposited) {
                        deposits.add(new ValueSources.Weighted(deposited, weight));
                    }
                    newestFirst.add(new Views.Contribution(AccountHistory.sequence(entry.key),
                        event.getClass().getSimpleName(), posting.at(), posting.amount().toString(),
                        weight.round(new MathContext(15)).toPlainString(), micros(micros, RoundingMode.HALF_EVEN),
                        event instanceof LedgerEvent.Deposited deposited ? EntryViews.score(deposited) : null));
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
            account.exactBalance(Asset.ATTENTION, readAt, decay).toPlainString(), termDeposits(account, readAt),
            ValueSources.of(deposits).sources().stream().map(source -> new Views.SourceView(source.platform().value(),
                source.deposits(), source.credited().toPlainString(), source.value().toPlainString(),
                source.interactionFactor().toPlainString(), source.originalityFactor().toPlainString(),
                source.engagementFactor().toPlainString(), source.score().toPlainString())).toList()));
    }

    private static String micros(BigDecimal micros, RoundingMode mode) {
        return Amount.rounded(micros.movePointLeft(Amount.SCALE), mode).toString();
    }


    private ReadOnlyKeyValueStore<String, byte[]> store(String name, String account) {
        return runtime.partitionStore(name, account);
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
