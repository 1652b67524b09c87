package io.timebank.stream;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.DailyCaps;
import io.timebank.ledger.Decay;
import io.timebank.ledger.DirectDebits;
import io.timebank.ledger.ExchangeRate;
import io.timebank.ledger.FeeSchedule;
import io.timebank.ledger.InputLimits;
import io.timebank.ledger.Ledger;
import io.timebank.ledger.Loans;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.QualityRule;
import io.timebank.ledger.ScoringFunction;
import io.timebank.ledger.ScoringRule;
import io.timebank.ledger.StandingOrders;
import io.timebank.ledger.TermDeposits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the topology needs to know about the bank, typed and checked.
 *
 * @param partitions             partitions of every internal topic: the unit of parallelism
 * @param feeAccount             the bank's account that fees settle into
 * @param rules                  scoring rules per platform; others use {@code defaultRule}
 * @param populations            the population percentile scoring ranks against: days, publication interval
 * @param feeSettlementInterval  how often each partition settles its accrued fees (wall-clock)
 * @param systemAccounts         the accounts the bank owns (the fee account always among them)
 * @param caps                   each platform's daily cap on what its activities credit a member
 * @param quality                the incentive for sustained quality (a fee factor per member); null for none
 * @param floatingRate           how the rate floats; null for the fixed {@code exchangeRate}, which is
 *                               otherwise the rate in force until the first one is published
 * @param orders                 how standing orders run
 */
public record LedgerSettings(LedgerTopics topics, int partitions, Decay decay, FeeSchedule fees, AccountId feeAccount,
                             ExchangeRate exchangeRate, InputLimits limits, ScoringRule defaultRule,
                             Map<PlatformId, ScoringRule> rules, PopulationWindow populations,
                             Duration feeSettlementInterval, Set<AccountId> systemAccounts, DailyCaps caps,
                             QualityRule quality, FloatingRate floatingRate, OrderSettings orders) {

    public static final int PARTITIONS_MAX = 1024;

    public LedgerSettings {
        if (partitions < 1 || partitions > PARTITIONS_MAX) {
            throw new IllegalArgumentException("partitions must be in [1, " + PARTITIONS_MAX + "], was " + partitions);
        }
        if (feeSettlementInterval.isNegative() || feeSettlementInterval.isZero()) {
            throw new IllegalArgumentException("feeSettlementInterval must be positive");
        }
        if (caps == null) {
            throw new IllegalArgumentException("caps are required (DailyCaps.NONE for none)");
        }
        new Ledger(decay, fees, Ledger.BANK, limits, Set.of()); // checks the rules against the limits
        if (exchangeRate.stablePerAttention().compareTo(ExchangeRate.MAX) > 0) {
            throw new IllegalArgumentException("the exchange rate " + exchangeRate + " is above " + ExchangeRate.MAX);
        }
        if (orders == null) {
            throw new IllegalArgumentException("the standing orders' settings are required (OrderSettings.DEFAULT)");
        }
        if (populations == null) {
            throw new IllegalArgumentException("the population window is required");
        }
        rules = Map.copyOf(rules);
        Set<AccountId> owned = new TreeSet<>(java.util.Comparator.comparing(AccountId::value));
        owned.addAll(systemAccounts);
        owned.add(feeAccount);
        owned.addAll(orders.funds());
        if (floatingRate != null) {
            floatingRate.rule().requireWithin(exchangeRate);
            owned.add(floatingRate.reserve());
        }
        systemAccounts = Set.copyOf(owned);
    }

    /** τ = 100 h, 0.1 % fee (minimum 0.000001), exchange 1:1, identity scoring, 4 partitions. */
    public static LedgerSettings defaults(String topicPrefix) {
        return new LedgerSettings(LedgerTopics.withPrefix(topicPrefix), 4, Decay.ofMeanLifetime(Duration.ofHours(100)),
            new FeeSchedule(new BigDecimal("0.001"), Amount.parse("0.000001")),
            AccountId.of("bank-fees"), ExchangeRate.parse("1"), InputLimits.DEFAULT, ScoringRule.IDENTITY, Map.of(),
            new PopulationWindow(7, Duration.ofMinutes(1)), Duration.ofSeconds(10), Set.of(), DailyCaps.NONE, null, null,
            OrderSettings.DEFAULT);
    }

    public Ledger ledger() {
        return new Ledger(decay, fees, Ledger.BANK, limits, systemAccounts, caps, quality, orders.funds());
    }

    public ScoringRule ruleFor(PlatformId platform) {
        return rules.getOrDefault(platform, defaultRule);
    }

    /** Whether the platform's scores are counted: for the quality incentive, which ranks each score. */
    public boolean ranksScores() {
        return quality != null;
    }

    /** Whether any dimension of the platform's rule ranks against the platform's recent measures. */
    public boolean ranksMeasures(PlatformId platform) {
        ScoringRule rule = ruleFor(platform);
        return rule.interaction() instanceof ScoringFunction.PercentileRank
            || rule.originality() instanceof ScoringFunction.PercentileRank
            || rule.engagement() instanceof ScoringFunction.PercentileRank;
    }

    /**
     * How long activity and command ids are remembered. Longer than the oldest event accepted, so an
     * id can never be forgotten while a retry of it could still be credited.
     */
    public Duration deduplicationRetention() {
        return limits.eventAgeMax().plus(limits.clockSkewMax().multipliedBy(2)).plus(Duration.ofDays(1));
    }

    /** The partition that holds {@code account}: its inputs, its state and its ledger events (Kafka's default partitioner). */
    public int partitionOf(String account) {
        return InputDecoder.partitionOf(account, partitions);
    }

    public LedgerSettings withPartitions(int count) {
        return new LedgerSettings(topics, count, decay, fees, feeAccount, exchangeRate, limits, defaultRule, rules,
            populations, feeSettlementInterval, systemAccounts, caps, quality, floatingRate, orders);
    }

    public LedgerSettings withFeeSettlementInterval(Duration interval) {
        return new LedgerSettings(topics, partitions, decay, fees, feeAccount, exchangeRate, limits, defaultRule, rules,
            populations, interval, systemAccounts, caps, quality, floatingRate, orders);
    }

    public LedgerSettings withRules(Map<PlatformId, ScoringRule> platformRules) {
        return new LedgerSettings(topics, partitions, decay, fees, feeAccount, exchangeRate, limits, defaultRule,
            platformRules, populations, feeSettlementInterval, systemAccounts, caps, quality, floatingRate, orders);
    }

    public LedgerSettings withLimits(InputLimits inputLimits) {
        return new LedgerSettings(topics, partitions, decay, fees, feeAccount, exchangeRate, inputLimits, defaultRule,
            rules, populations, feeSettlementInterval, systemAccounts, caps, quality, floatingRate, orders);
    }

    public LedgerSettings withSystemAccounts(Set<AccountId> accounts) {
        return new LedgerSettings(topics, partitions, decay, fees, feeAccount, exchangeRate, limits, defaultRule,
            rules, populations, feeSettlementInterval, accounts, caps, quality, floatingRate, orders);
    }

    public LedgerSettings withCaps(DailyCaps dailyCaps) {
        return new LedgerSettings(topics, partitions, decay, fees, feeAccount, exchangeRate, limits, defaultRule,
            rules, populations, feeSettlementInterval, systemAccounts, dailyCaps, quality, floatingRate, orders);
    }

    public LedgerSettings withFloatingRate(FloatingRate floating) {
        return new LedgerSettings(topics, partitions, decay, fees, feeAccount, exchangeRate, limits, defaultRule,
            rules, populations, feeSettlementInterval, systemAccounts, caps, quality, floating, orders);
    }

    public LedgerSettings withExchangeRate(ExchangeRate rate) {
        return new LedgerSettings(topics, partitions, decay, fees, feeAccount, rate, limits, defaultRule,
            rules, populations, feeSettlementInterval, systemAccounts, caps, quality, floatingRate, orders);
    }

    public LedgerSettings withPopulations(PopulationWindow window) {
        return new LedgerSettings(topics, partitions, decay, fees, feeAccount, exchangeRate, limits, defaultRule,
            rules, window, feeSettlementInterval, systemAccounts, caps, quality, floatingRate, orders);
    }

    public LedgerSettings withOrders(OrderSettings orderSettings) {
        return new LedgerSettings(topics, partitions, decay, fees, feeAccount, exchangeRate, limits, defaultRule,
            rules, populations, feeSettlementInterval, systemAccounts, caps, quality, floatingRate, orderSettings);
    }

    /** The rules of term deposits, with this bank's ledger and terms. */
    public TermDeposits termDeposits() {
        return new TermDeposits(ledger(), orders.terms(), TermDeposits.PER_ACCOUNT_MAX);
    }

    /** The rules of collections and the mandates they need, with this bank's ledger. */
    public DirectDebits directDebits() {
        return new DirectDebits(ledger());
    }

    /** The rules of loans, with this bank's ledger; a borrower's loans count among its standing orders. */
    public Loans loans() {
        return new Loans(ledger(), orders.perAccountMax());
    }

    /** The rules of standing orders, with this bank's ledger and limit of orders per account. */
    public StandingOrders standingOrders() {
        return new StandingOrders(ledger(), orders.perAccountMax());
    }

    public LedgerSettings withQuality(QualityRule rule) {
        return new LedgerSettings(topics, partitions, decay, fees, feeAccount, exchangeRate, limits, defaultRule,
            rules, populations, feeSettlementInterval, systemAccounts, caps, rule, floatingRate, orders);
    }
}
