package io.timebank.api;

import io.timebank.ledger.BalanceCurve;
import io.timebank.ledger.FieldError;
import io.timebank.ledger.Statement;
import io.timebank.stream.LedgerSettings;
import io.timebank.stream.LedgerStores;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An account's attention balance over a period and its decay ahead ({@link BalanceCurve}), for a chart. */
@Singleton
class BalanceCurves {

    private final LedgerSettings settings;
    private final Peers peers;
    private final EntryLog entryLog;

    BalanceCurves(LedgerRuntime runtime, Peers peers, EntryLog entryLog) {
        this.settings = runtime.settings();
        this.peers = peers;
        this.entryLog = entryLog;
    }

    /** {@code account}'s curve over [from, to] and (to, to + ahead]; empty when there is no such account. */
    Optional<Views.CurveView> curve(String account, Instant from, Instant to, Duration ahead, int samples,
                                    boolean forwarded) {
        if (!from.isBefore(to)) {
            throw invalid("to", "must be after from (" + from + "), was " + to);
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(Statement.DAYS_MAX)) > 0) {
            throw invalid("to", "must be at most " + Statement.DAYS_MAX + " days after from");
        }
        return peers.route(LedgerStores.ACCOUNTS, account, forwarded, "/v1/accounts/" + account + "/curve?from=" + from
                + "&to=" + to + "&ahead=" + ahead + "&samples=" + samples, Views.CurveView.class,
            () -> entryLog.period(account, from, to).map(period -> view(account, BalanceCurve.of(from, to, ahead, samples,
                period.before(), period.entries(), settings.decay()))));
    }

    private Views.CurveView view(String account, BalanceCurve curve) {
        return new Views.CurveView(account, curve.from(), curve.to(), curve.until(),
            settings.decay().meanLifetime().toString(),
            curve.points().stream().map(point -> new Views.CurvePoint(point.at(), point.balance().toPlainString(),
                point.projected())).toList(),
            curve.deposits().stream().map(deposit -> new Views.DepositMark(deposit.sequence(), deposit.at(),
                deposit.bookedAt(), deposit.amount().toString(), deposit.platform().value())).toList());
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.invalid("bad query parameter", List.of(new FieldError(field, message)));
    }
}
