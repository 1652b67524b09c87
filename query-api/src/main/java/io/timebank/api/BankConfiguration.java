package io.timebank.api;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.DailyCap;
import io.timebank.ledger.DailyCaps;
import io.timebank.ledger.Decay;
import io.timebank.ledger.ExchangeRate;
import io.timebank.ledger.FeeSchedule;
import io.timebank.ledger.InputLimits;
import io.timebank.ledger.PlatformId;
import io.timebank.ledger.QualityRule;
import io.timebank.ledger.RateRule;
import io.timebank.ledger.ScoringRule;
import io.timebank.stream.FloatingRate;
import io.timebank.stream.LedgerSettings;
import io.timebank.stream.PopulationWindow;
import io.timebank.stream.LedgerTopics;
import io.timebank.stream.OrderSettings;
import io.timebank.ledger.TermTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything an operator sets, under {@code timebank.*} in application.yml or as environment
 * variables ({@code TIMEBANK_KAFKA_BOOTSTRAP_SERVERS=…}). Defaults are documented in
 * docs/OPERATIONS.md and checked when the ledger's settings are built.
 */
@ConfigurationProperties("timebank")
public class BankConfiguration {

    /** Prefix of every topic name. */
    private String topicPrefix = "timebank.";
    /** Partitions of every topic: the unit of parallelism; fixed once topics exist. */
    private int partitions = 4;
    /** Kafka Streams application id: instances with the same id share the work. */
    private String applicationId = "timebank";
    /** Kafka bootstrap servers; empty starts the embedded broker. */
    private String bootstrapServers = "";
    /**
     * Extra Kafka client settings for every client (Streams, producer, admin), flat:
     * timebank.kafka.security.protocol=SASL_SSL, timebank.kafka.sasl.mechanism=SCRAM-SHA-512, … —
     * how the product reaches a cluster with TLS or SASL.
     */
    private Map<String, String> kafka = new HashMap<>();
    /** Replication factor of the product's topics (1 on the embedded broker, 3 in production). */
    private int replicationFactor = 1;
    /**
     * Kafka Streams' commit interval under exactly-once: each of a transfer's two hops (the debit on
     * the sender's partition, the credit on the receiver's) waits up to this long for its commit, so it
     * bounds transfer latency; shorter costs more transactions (docs/OPERATIONS.md has the figures).
     */
    private Duration commitInterval = Duration.ofMillis(25);
    /**
     * Kafka Streams' processing guarantee: exactly_once_v2, the only setting under which the ledger
     * keeps its promises. at_least_once exists so the bank test can show what breaks without it.
     */
    private String processingGuarantee = "exactly_once_v2";
    /** Where the embedded broker keeps its log, and Kafka Streams its state. */
    private Path dataDirectory = Path.of("data");
    /** The host other instances reach this one at; empty: the HTTP server's own host. */
    private String advertisedHost = "";
    /** The embedded broker's port on 127.0.0.1. */
    private int embeddedBrokerPort = 9092;
    /** τ, the mean lifetime of attention. Set this or halfLife. */
    private Duration meanLifetime = Duration.ofHours(100);
    /** The half-life of attention (τ · ln 2); overrides meanLifetime when set. */
    private Duration halfLife;
    /** Transfer fee rate, a decimal in [0, 1). */
    private String feeRate = "0.001";
    /** Minimum transfer fee. */
    private String feeMinimum = "0.000001";
    /** The bank's account fees settle into. */
    private String feeAccount = "bank-fees";
    /**
     * The other accounts the bank owns (reserves, funds), besides the fee account: no platform may
     * open or credit them, no member token is minted for them, no transfer may name them.
     */
    private List<String> systemAccounts = new ArrayList<>();
    /** How often each partition settles its fees. */
    private Duration feeSettlementInterval = Duration.ofSeconds(10);
    /** Units of the stable asset one unit of attention buys: the rate, or the first rate when it floats. */
    private String exchangeRate = "1";
    /**
     * How the rate is set: "fixed" (exchangeRate, always) or "reserve-ratio" (it floats with the
     * bank's supply against its reserve, docs/ECONOMICS.md).
     */
    private String rateFormula = "fixed";
    /** reserve-ratio: the share of the supply's value the reserve backs, in (0, 1]. */
    private String rateWeight = "0.5";
    /** reserve-ratio: the largest move per interval, a fraction of the rate in (0, 1). */
    private String rateMaxStep = "0.05";
    /** reserve-ratio: the lowest and the highest rate. */
    private String rateFloor = "0.001";
    private String rateCeiling = "1000";
    /** reserve-ratio: how many recent supply readings the median is taken over. */
    private int rateSamples = 5;
    /** reserve-ratio: how often a rate is published. */
    private Duration rateInterval = Duration.ofMinutes(1);
    /** The bank's account that holds its stable reserve (reserved, like the fee account). */
    private String reserveAccount = "bank-reserve";
    /** f, g, h for platforms without their own, as "f, g, h". */
    private String defaultScoring = "identity, identity, identity";
    /** Per platform: "f, g, h", e.g. forum: "log1p, sqrt, saturating:10". */
    private Map<String, String> platformScoring = new HashMap<>();
    /**
     * The daily cap for platforms without their own (docs/ECONOMICS.md): "none", or a curve and its
     * parameters, e.g. "convergent, soft=100, cap=150, interval=10m".
     */
    private String defaultCap = "none";
    /** Per platform, a daily cap written like defaultCap: TIMEBANK_PLATFORM_CAPS_FORUM="hard, cap=500". */
    private Map<String, String> platformCaps = new HashMap<>();
    /** Percentile scoring ranks a measure against the platform's measures of this many days, on every partition. */
    private int populationDays = 7;
    /** How often each partition publishes its counts of measures to the others (percentile scoring). */
    private Duration populationInterval = Duration.ofMinutes(1);
    /**
     * The incentive for sustained quality: "off", or the transfer fee multiplied by a factor from
     * highest (quality 0) to lowest (quality 1), e.g. "window=20, minimum=5, lowest=0.8, highest=1.2".
     */
    private String qualityFee = "off";
    /** How often each partition runs the standing orders' occurrences that fell due. */
    private Duration schedulerInterval = Duration.ofSeconds(1);
    /** The most standing orders one account may have at a time. */
    private int standingOrdersMax = 100;
    /** After this many failed occurrences in a row, a standing order cancels itself. */
    private int standingOrderFailuresMax = 3;
    /** The term deposits offered: term=τ hours, e.g. "P30D=200h, P90D=400h" (each τ above the bank's); "none" for none. */
    private String terms = "P30D=200h, P90D=400h, P365D=1000h";
    /** The bank's payout funds: members contribute to them; operators place payout plans on them. */
    private List<String> payoutFunds = List.of("bank-payouts");
    /** How long a transfer or exchange request waits for its outcome before answering 202. */
    private Duration commandTimeout = Duration.ofSeconds(5);
    /** The most activities one POST may carry. */
    private int activityBatchMax = 1_000;
    /** The most transfers one POST /v1/transfers/batch may carry. */
    private int transferBatchMax = 500;
    /**
     * The secret that signs members' and operators' tokens (HS256, at least 32 characters). Empty:
     * a random one is made at start and an operator token written to data-directory/operator.token,
     * for a laptop. Set it (TIMEBANK_JWT_SECRET) anywhere else. Never in the repository.
     */
    private String jwtSecret = "";
    /** Each platform's API key (X-Api-Key): platform → key, e.g. TIMEBANK_PLATFORM_KEYS_FORUM=… */
    private Map<String, String> platformKeys = new HashMap<>();
    /** How long a member token minted by POST /v1/tokens is valid. */
    private Duration memberTokenLifetime = Duration.ofHours(1);
    /** Entries per page of an account's history, at most. */
    private int entriesPageMax = 500;
    /**
     * How old an activity may be and still be credited (and how long ids are remembered, a day and the
     * clock skew beyond it): 7 days to 366 days. Longer lets a platform load months of history (the demo).
     */
    private Duration eventAgeMax = InputLimits.DEFAULT.eventAgeMax();

    /** The most {@link #eventAgeMax} may be; its least is the default, which pending transfers' timeouts rely on. */
    static final Duration EVENT_AGE_MAX_CEILING = Duration.ofDays(366);

    public LedgerSettings ledgerSettings() {
        Decay decay = decay();
        Map<PlatformId, ScoringRule> rules = new LinkedHashMap<>();
        platformScoring.forEach((platform, spec) -> rules.put(platform(platform, "platform-scoring"),
            setting("platform-scoring." + platform, () -> rule(spec))));
        AccountId reserve = setting("reserve-account", () -> AccountId.of(reserveAccount));
        Map<PlatformId, DailyCap> caps = new LinkedHashMap<>();
        platformCaps.forEach((platform, spec) -> caps.put(platform(platform, "platform-caps"),
            setting("platform-caps." + platform, () -> DailyCap.parse(spec))));
        return new LedgerSettings(LedgerTopics.withPrefix(topicPrefix), partitions, decay,
            new FeeSchedule(new BigDecimal(feeRate), Amount.parse(feeMinimum)), AccountId.of(feeAccount),
            ExchangeRate.parse(exchangeRate), setting("event-age-max", this::limits),
            setting("default-scoring", () -> rule(defaultScoring)),
            rules, setting("population-days", () -> new PopulationWindow(populationDays, populationInterval)),
            feeSettlementInterval,
            setting("system-accounts", () -> ownedAccounts(reserve)),
            new DailyCaps(setting("default-cap", () -> DailyCap.parse(defaultCap)), caps),
            setting("quality-fee", () -> QualityRule.parse(qualityFee)), floatingRate(reserve),
            orderSettings());
    }

    /** The input limits: the defaults, with the event age configured. */
    private InputLimits limits() {
        InputLimits defaults = InputLimits.DEFAULT;
        if (eventAgeMax.compareTo(defaults.eventAgeMax()) < 0 || eventAgeMax.compareTo(EVENT_AGE_MAX_CEILING) > 0) {
            throw new IllegalArgumentException("must be between " + defaults.eventAgeMax() + " and "
                + EVENT_AGE_MAX_CEILING + ", was " + eventAgeMax);
        }
        return new InputLimits(defaults.clockSkewMax(), eventAgeMax, defaults.measureMax(), defaults.scoreMax(),
            defaults.amountMax(), defaults.balanceMax(), defaults.memoLengthMax(), defaults.metadataEntriesMax(),
            defaults.metadataLengthMax());
    }

    private Decay decay() {
        return halfLife != null ? Decay.ofHalfLife(halfLife) : Decay.ofMeanLifetime(meanLifetime);
    }

    /** The standing orders' settings, each checked under its own name. */
    private OrderSettings orderSettings() {
        OrderSettings defaults = OrderSettings.DEFAULT;
        setting("scheduler-interval", () -> new OrderSettings(schedulerInterval, defaults.perAccountMax(),
            defaults.failuresMax(), Set.of()));
        setting("standing-orders-max", () -> new OrderSettings(defaults.schedulerInterval(), standingOrdersMax,
            defaults.failuresMax(), Set.of()));
        setting("standing-order-failures-max", () -> new OrderSettings(defaults.schedulerInterval(),
            defaults.perAccountMax(), standingOrderFailuresMax, Set.of()));
        Set<AccountId> funds = new HashSet<>();
        for (String fund : payoutFunds) {
            funds.add(setting("payout-funds", () -> AccountId.of(fund)));
        }
        return new OrderSettings(schedulerInterval, standingOrdersMax, standingOrderFailuresMax, funds,
            setting("terms", () -> TermTable.parse(terms, decay())));
    }

    /** The accounts the bank owns besides its fee account: those configured, and its reserve. */
    private Set<AccountId> ownedAccounts(AccountId reserve) {
        Set<AccountId> owned = new HashSet<>();
        systemAccounts.forEach(account -> owned.add(AccountId.of(account)));
        owned.add(reserve);
        return owned;
    }

    private FloatingRate floatingRate(AccountId reserve) {
        return switch (rateFormula) {
            case "fixed" -> null;
            case "reserve-ratio" -> {
                BigDecimal weight = setting("rate-weight", () -> new BigDecimal(rateWeight));
                BigDecimal maxStep = setting("rate-max-step", () -> new BigDecimal(rateMaxStep));
                ExchangeRate floor = setting("rate-floor", () -> ExchangeRate.parse(rateFloor));
                ExchangeRate ceiling = setting("rate-ceiling", () -> ExchangeRate.parse(rateCeiling));
                RateRule rule;
                try {
                    rule = new RateRule(1, weight, maxStep, floor, ceiling, rateSamples);
                } catch (IllegalArgumentException wrong) {
                    // The rule names its parameter first: weight, maxStep, floor (against the ceiling) or samples.
                    String parameter = wrong.getMessage().split(" ")[0];
                    throw new IllegalArgumentException("timebank." + switch (parameter) {
                        case "weight" -> "rate-weight";
                        case "maxStep" -> "rate-max-step";
                        case "samples" -> "rate-samples";
                        default -> "rate-floor";
                    } + ": " + wrong.getMessage(), wrong);
                }
                setting("exchange-rate", () -> rule.requireWithin(ExchangeRate.parse(exchangeRate)));
                yield setting("rate-interval", () -> new FloatingRate(rule, rateInterval, reserve));
            }
            default -> throw new IllegalArgumentException("timebank.rate-formula: unknown formula \"" + rateFormula
                + "\": fixed or reserve-ratio");
        };
    }

    /** A setting's value, or a start that stops with a message naming the setting and what is wrong with it. */
    private static <T> T setting(String name, Supplier<T> parsed) {
        try {
            return parsed.get();
        } catch (IllegalArgumentException wrong) {
            throw new IllegalArgumentException("timebank." + name + ": " + wrong.getMessage(), wrong);
        }
    }

    private static PlatformId platform(String name, String setting) {
        return setting(setting + "." + name, () -> PlatformId.of(name));
    }

    private static ScoringRule rule(String spec) {
        String[] parts = spec.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("scoring must be \"f, g, h\", was \"" + spec + "\"");
        }
        return ScoringRule.parse(parts[0].strip(), parts[1].strip(), parts[2].strip());
    }

    public boolean embeddedBroker() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }

    public List<String> getSystemAccounts() { return systemAccounts; }
    public void setSystemAccounts(List<String> systemAccounts) { this.systemAccounts = systemAccounts; }
    public int getTransferBatchMax() { return transferBatchMax; }
    public void setTransferBatchMax(int transferBatchMax) { this.transferBatchMax = transferBatchMax; }
    public String getTopicPrefix() { return topicPrefix; }
    public void setTopicPrefix(String topicPrefix) { this.topicPrefix = topicPrefix; }
    public int getPartitions() { return partitions; }
    public void setPartitions(int partitions) { this.partitions = partitions; }
    public String getApplicationId() { return applicationId; }
    public void setApplicationId(String applicationId) { this.applicationId = applicationId; }
    public String getBootstrapServers() { return bootstrapServers; }
    public void setBootstrapServers(String bootstrapServers) { this.bootstrapServers = bootstrapServers; }
    public Map<String, String> getKafka() { return kafka; }
    public void setKafka(@io.micronaut.core.convert.format.MapFormat(
        transformation = io.micronaut.core.convert.format.MapFormat.MapTransformation.FLAT) Map<String, String> kafka) {
        this.kafka = kafka;
    }
    public int getReplicationFactor() { return replicationFactor; }
    public void setReplicationFactor(int replicationFactor) { this.replicationFactor = replicationFactor; }
    public Duration getCommitInterval() { return commitInterval; }
    public void setCommitInterval(Duration commitInterval) { this.commitInterval = commitInterval; }
    public String getProcessingGuarantee() { return processingGuarantee; }
    public void setProcessingGuarantee(String processingGuarantee) {
        if (!List.of("exactly_once_v2", "at_least_once").contains(processingGuarantee)) {
            throw new IllegalArgumentException(
                "timebank.processing-guarantee must be exactly_once_v2 or at_least_once, was " + processingGuarantee);
        }
        this.processingGuarantee = processingGuarantee;
    }
    public Path getDataDirectory() { return dataDirectory; }
    public void setDataDirectory(Path dataDirectory) { this.dataDirectory = dataDirectory; }
    public String getAdvertisedHost() { return advertisedHost; }
    public void setAdvertisedHost(String advertisedHost) { this.advertisedHost = advertisedHost; }

    /** The host to advertise to other instances: advertisedHost, or else the server's host. */
    public String advertisedHost(String serverHost) {
        return advertisedHost == null || advertisedHost.isBlank() ? serverHost : advertisedHost;
    }

    public int getEmbeddedBrokerPort() { return embeddedBrokerPort; }
    public void setEmbeddedBrokerPort(int embeddedBrokerPort) { this.embeddedBrokerPort = embeddedBrokerPort; }
    public Duration getMeanLifetime() { return meanLifetime; }
    public void setMeanLifetime(Duration meanLifetime) { this.meanLifetime = meanLifetime; }
    public Duration getHalfLife() { return halfLife; }
    public void setHalfLife(Duration halfLife) { this.halfLife = halfLife; }
    public String getFeeRate() { return feeRate; }
    public void setFeeRate(String feeRate) { this.feeRate = feeRate; }
    public String getFeeMinimum() { return feeMinimum; }
    public void setFeeMinimum(String feeMinimum) { this.feeMinimum = feeMinimum; }
    public String getFeeAccount() { return feeAccount; }
    public void setFeeAccount(String feeAccount) { this.feeAccount = feeAccount; }
    public Duration getFeeSettlementInterval() { return feeSettlementInterval; }
    public void setFeeSettlementInterval(Duration feeSettlementInterval) { this.feeSettlementInterval = feeSettlementInterval; }
    public String getExchangeRate() { return exchangeRate; }
    public void setExchangeRate(String exchangeRate) { this.exchangeRate = exchangeRate; }
    public String getDefaultScoring() { return defaultScoring; }
    public void setDefaultScoring(String defaultScoring) { this.defaultScoring = defaultScoring; }
    public Map<String, String> getPlatformScoring() { return platformScoring; }
    public void setPlatformScoring(Map<String, String> platformScoring) { this.platformScoring = platformScoring; }
    public int getPopulationDays() { return populationDays; }
    public void setPopulationDays(int populationDays) { this.populationDays = populationDays; }
    public Duration getSchedulerInterval() { return schedulerInterval; }
    public void setSchedulerInterval(Duration schedulerInterval) { this.schedulerInterval = schedulerInterval; }
    public int getStandingOrdersMax() { return standingOrdersMax; }
    public void setStandingOrdersMax(int standingOrdersMax) { this.standingOrdersMax = standingOrdersMax; }
    public String getTerms() { return terms; }
    public void setTerms(String terms) { this.terms = terms; }
    public List<String> getPayoutFunds() { return payoutFunds; }
    public void setPayoutFunds(List<String> payoutFunds) { this.payoutFunds = payoutFunds; }
    public int getStandingOrderFailuresMax() { return standingOrderFailuresMax; }
    public void setStandingOrderFailuresMax(int standingOrderFailuresMax) { this.standingOrderFailuresMax = standingOrderFailuresMax; }
    public Duration getPopulationInterval() { return populationInterval; }
    public void setPopulationInterval(Duration populationInterval) { this.populationInterval = populationInterval; }
    public String getQualityFee() { return qualityFee; }
    public void setQualityFee(String qualityFee) { this.qualityFee = qualityFee; }
    public String getRateFormula() { return rateFormula; }
    public void setRateFormula(String rateFormula) { this.rateFormula = rateFormula; }
    public String getRateWeight() { return rateWeight; }
    public void setRateWeight(String rateWeight) { this.rateWeight = rateWeight; }
    public String getRateMaxStep() { return rateMaxStep; }
    public void setRateMaxStep(String rateMaxStep) { this.rateMaxStep = rateMaxStep; }
    public String getRateFloor() { return rateFloor; }
    public void setRateFloor(String rateFloor) { this.rateFloor = rateFloor; }
    public String getRateCeiling() { return rateCeiling; }
    public void setRateCeiling(String rateCeiling) { this.rateCeiling = rateCeiling; }
    public int getRateSamples() { return rateSamples; }
    public void setRateSamples(int rateSamples) { this.rateSamples = rateSamples; }
    public Duration getRateInterval() { return rateInterval; }
    public void setRateInterval(Duration rateInterval) { this.rateInterval = rateInterval; }
    public String getReserveAccount() { return reserveAccount; }
    public void setReserveAccount(String reserveAccount) { this.reserveAccount = reserveAccount; }
    public String getDefaultCap() { return defaultCap; }
    public void setDefaultCap(String defaultCap) { this.defaultCap = defaultCap; }
    public Map<String, String> getPlatformCaps() { return platformCaps; }
    public void setPlatformCaps(Map<String, String> platformCaps) { this.platformCaps = platformCaps; }
    public Duration getCommandTimeout() { return commandTimeout; }
    public void setCommandTimeout(Duration commandTimeout) { this.commandTimeout = commandTimeout; }
    public int getActivityBatchMax() { return activityBatchMax; }
    public void setActivityBatchMax(int activityBatchMax) { this.activityBatchMax = activityBatchMax; }
    public String getJwtSecret() { return jwtSecret; }
    public void setJwtSecret(String jwtSecret) { this.jwtSecret = jwtSecret; }
    public Map<String, String> getPlatformKeys() { return platformKeys; }
    public void setPlatformKeys(Map<String, String> platformKeys) { this.platformKeys = platformKeys; }
    public Duration getMemberTokenLifetime() { return memberTokenLifetime; }
    public void setMemberTokenLifetime(Duration memberTokenLifetime) { this.memberTokenLifetime = memberTokenLifetime; }
    public Duration getEventAgeMax() { return eventAgeMax; }
    public void setEventAgeMax(Duration eventAgeMax) { this.eventAgeMax = eventAgeMax; }
    public int getEntriesPageMax() { return entriesPageMax; }
    public void setEntriesPageMax(int entriesPageMax) { this.entriesPageMax = entriesPageMax; }
}
