package io.timebank.api;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.micronaut.http.HttpStatus;
import io.timebank.ledger.AccountEntry;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.FieldError;
import io.timebank.ledger.Metadata;
import io.timebank.ledger.Statement;
import io.timebank.schemas.StateCodec;
import io.timebank.stream.AccountHistory;
import io.timebank.stream.LedgerSettings;
import io.timebank.stream.LedgerStores;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Statements of an account for a period, per asset ({@link Statement}), as JSON or CSV. The entries
 * store keeps each entry with the balances after it, in booking order, and the time entries were
 * booked never falls from one to the next: the period's first entry is found by bisecting the
 * sequences (a few reads), and the statement reads the entries of the period only.
 */
@Singleton
class Statements {

    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema CSV_SCHEMA = CSV.schemaFor(Views.StatementRow.class).withHeader();

    private final LedgerRuntime runtime;
    private final LedgerSettings settings;
    private final Peers peers;
    private final Clock clock = Clock.systemUTC();

    private final EntryLog entryLog;

    Statements(LedgerRuntime runtime, Peers peers, EntryLog entryLog) {
        this.runtime = runtime;
        this.settings = runtime.settings();
        this.peers = peers;
        this.entryLog = entryLog;
    }

    /** A statement filter: only the lines whose transfer's metadata holds {@code key} = {@code value}. */
    record Filter(String key, String value) {

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    /**
     * {@code account}'s statement of each asset for (from, to], of the lines {@code filter} keeps (null:
     * all); empty when there is no such account.
     */
    Optional<Views.StatementView> statement(String account, Instant from, Instant to, Filter filter, boolean forwarded) {
        if (!from.isBefore(to)) {
            throw invalid("to", "must be after from (" + from + "), was " + to);
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(Statement.DAYS_MAX)) > 0) {
            throw invalid("to", "must be at most " + Statement.DAYS_MAX + " days after from: ask a longer period in parts");
        }
        String query = "from=" + from + "&to=" + to + (filter == null ? ""
            : "&metadata." + filter.key() + "=" + URLEncoder.encode(filter.value(), StandardCharsets.UTF_8));
        return peers.route(LedgerStores.ACCOUNTS, account, forwarded, "/v1/accounts/" + account + "/statement?" + query,
            Views.StatementView.class, () -> local(account, from, to, filter));
    }

    /** The statement as CSV: a row for the opening, one per entry, one for the decay and one for the closing, per asset. */
    static String csv(Views.StatementView statement) {
        List<Views.StatementRow> rows = new ArrayList<>();
        for (Views.AssetStatement asset : statement.assets()) {
            rows.add(new Views.StatementRow(asset.asset(), "opening", null, null, statement.from().toString(), null,
                asset.opening(), null, null, null, null, null));
            for (Views.StatementLine line : asset.lines()) {
                rows.add(new Views.StatementRow(asset.asset(), "entry", line.sequence(), line.type(),
                    line.at().toString(), line.bookedAt().toString(), line.amount(), line.fee(), line.counterparty(),
                    line.reference(), text(line.memo()), metadata(line.metadata())));
            }
            rows.add(new Views.StatementRow(asset.asset(), "decay", null, null, statement.to().toString(), null,
                new BigDecimal(asset.decay()).negate().toPlainString(), null, null, null, null, null));
            rows.add(new Views.StatementRow(asset.asset(), "closing", null, null, statement.to().toString(), null,
                asset.closing(), null, null, null, null, null));
        }
        try {
            return CSV.writer(CSV_SCHEMA).writeValueAsString(rows);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException("a statement row could not be written as CSV", impossible);
        }
    }

    private Optional<Views.StatementView> local(String account, Instant from, Instant to, Filter filter) {
        Optional<EntryLog.Period> read = entryLog.period(account, from, to);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        AccountEntry before = read.get().before();
        List<AccountEntry> period = read.get().entries();
        Map<Long, AccountEntry> bySequence = new HashMap<>();
        period.forEach(entry -> bySequence.put(entry.sequence(), entry));
        List<Views.AssetStatement> assets = new ArrayList<>();
        for (Asset asset : Asset.values()) {
            Statement statement = Statement.of(asset, from, to, before, period,
                settings.ledger());
            if (filter != null) {
                statement = statement.onlyWith(filter.key(), filter.value());
            }
            assets.add(new Views.AssetStatement(asset.name(), decimal(statement.opening()), decimal(statement.totalIn()),
                decimal(statement.totalOut()), decimal(statement.decay()), decimal(statement.closing()),
                statement.lines().stream().map(line -> line(line, bySequence.get(line.sequence()))).toList()));
        }
        Instant settled = clock.instant().minus(settings.limits().eventAgeMax()).minus(settings.limits().clockSkewMax());
        byte[] state = runtime.partitionStore(LedgerStores.ACCOUNTS, account).get(account);
        String chainHead = state == null ? null : StateCodec.decodeAccount(state).chainHead();
        return Optional.of(new Views.StatementView(account, from, to, to.isAfter(settled),
            chainHead == null || chainHead.isEmpty() ? null : chainHead, filter == null ? null : filter.toString(), assets));
    }

    private Views.StatementLine line(Statement.Line line, AccountEntry entry) {
        Views.EntryView shown = EntryViews.entry(entry, settings.ledger());
        return new Views.StatementLine(line.sequence(), shown.type(), line.event().at(), line.bookedAt(),
            decimal(line.amount()), shown.fee(), shown.counterparty(), shown.reference(), EntryViews.memo(line.event()),
            EntryViews.view(Metadata.of(line.event())));
    }

    /** Metadata in one CSV cell: key=value; key=value, in key order. */
    private static String metadata(Map<String, Views.MetadataField> fields) {
        return fields == null ? null : text(String.join("; ", fields.entrySet().stream()
            .map(field -> field.getKey() + "=" + field.getValue().value()).toList()));
    }

    /**
     * Free text another party wrote (a memo, metadata) as a CSV cell a spreadsheet will not run: one that
     * starts like a formula is quoted with a leading apostrophe.
     */
    static String text(String cell) {
        return cell != null && !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }

    private static String decimal(BigDecimal value) {
        return value.setScale(Amount.SCALE, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.invalid("bad query parameter", List.of(new FieldError(field, message)));
    }
}
