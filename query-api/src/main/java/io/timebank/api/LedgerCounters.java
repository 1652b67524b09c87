package io.timebank.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.stream.LedgerObserver;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bank's business figures on /prometheus, counted as the ledger books its events (at least once:
 * a transaction retried after a failure counts again): deposits credited, transfers by outcome and
 * reason, commands refused, fees, exchange volume, dead letters by stage and field, and how late
 * the scheduler runs what was due. Units are the assets' units (1 = 1,000,000 micro-units).
 */
@Singleton
@Requires(beans = MeterRegistry.class)
class LedgerCounters implements LedgerObserver {

    /**
     * The field a dead letter's reason names first, to its first dot ("amount: must be above 0" → amount,
     * "metadata.colour.type: …" → metadata), or "other": a client's own names never become labels.
     */
    private static final Pattern FIELD = Pattern.compile("^([A-Za-z][A-Za-z0-9]{0,39})[.:]");
    private static final String TRANSFER = LedgerCommand.Transfer.class.getSimpleName();

    private final MeterRegistry registry;
    private final Counter deposits;
    private final Counter deposited;
    private final Map<Asset, Counter> fees = new EnumMap<>(Asset.class);
    private final Counter exchangedAttention;
    private final Counter exchangedStable;
    private final Counter debited;
    private final Timer schedulerLag;

    LedgerCounters(MeterRegistry registry) {
        this.registry = registry;
        deposits = Counter.builder("timebank.deposits").description("activities credited").register(registry);
        deposited = Counter.builder("timebank.deposits.credited").description("attention credited by deposits, in units")
            .register(registry);
        for (Asset asset : Asset.values()) {
            fees.put(asset, Counter.builder("timebank.fees").tag("asset", asset.name())
                .description("fees charged on transfers, postings and collections, in units of each asset").register(registry));
        }
        exchangedAttention = Counter.builder("timebank.exchanged").tag("asset", "ATTENTION")
            .description("exchange volume, in units of each asset").register(registry);
        exchangedStable = Counter.builder("timebank.exchanged").tag("asset", "STABLE")
            .description("exchange volume, in units of each asset").register(registry);
        debited = transfers("debited", "none");
        schedulerLag = Timer.builder("timebank.scheduler.lag")
            .description("how long after its due time the scheduler ran an occurrence, a maturity or an expiry")
            .publishPercentileHistogram().register(registry);
    }

    @Override
    public void booked(List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            switch (event) {
                case LedgerEvent.Deposited deposit -> {
                    deposits.increment();
                    deposited.increment(units(deposit.credited()));
                }
                case LedgerEvent.TransferDebited debit -> {
                    debited.increment();
                    fees.get(debit.asset()).increment(units(debit.fee()));
                }
                case LedgerEvent.LegsDebited debit -> {
                    debited.increment();
                    fees.get(debit.asset()).increment(units(debit.fee()));
                }
                case LedgerEvent.TransferPosted posted -> fees.get(posted.asset()).increment(units(posted.fee()));
                case LedgerEvent.CollectionSettled settled -> fees.get(settled.asset()).increment(units(settled.fee()));
                case LedgerEvent.TransferRefunded refunded -> transfers("refunded", refunded.reason().name()).increment();
                case LedgerEvent.Exchanged exchanged -> {
                    exchangedAttention.increment(units(exchanged.attention()));
                    exchangedStable.increment(units(exchanged.stable()));
                }
                case LedgerEvent.CommandRejected rejected -> {
                    if (rejected.command().equals(TRANSFER)) {
                        transfers("rejected", rejected.reason().name()).increment();
                    }
                    Counter.builder("timebank.commands.rejected").tag("command", rejected.command())
                        .tag("reason", rejected.reason().name()).description("commands the ledger refused, by reason")
                        .register(registry).increment();
                }
                default -> {
                }
            }
        }
    }

    @Override
    public void deadLetter(String stage, String reason) {
        Matcher field = FIELD.matcher(reason == null ? "" : reason);
        Counter.builder("timebank.dead.letters").tag("stage", stage).tag("field", field.find() ? field.group(1) : "other")
            .description("records sent to the dead-letter topic, by stage and the field their reason names")
            .register(registry).increment();
    }

    @Override
    public void scheduled(Duration lag) {
        schedulerLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    private Counter transfers(String outcome, String reason) {
        return Counter.builder("timebank.transfers").tag("outcome", outcome).tag("reason", reason)
            .description("transfers debited, refunded by their receiver or refused, by reason").register(registry);
    }

    private static double units(Amount amount) {
        return amount.micros() / 1_000_000.0;
    }
}
