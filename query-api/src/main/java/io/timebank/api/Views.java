package io.timebank.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the API answers. Amounts are exact decimal strings with six places, never JSON numbers. */
final class Views {

    private Views() {
    }

    @Serdeable
    /**
     * One asset's balance; {@code available}: the largest amount one transfer can send now with its fee
     * (the fee rule inverted, rounded so that amount + fee never exceeds what can be spent).
     */
    record Balance(String asset, String amount, String available, Instant lastEntryAt, long entries) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(example = ApiExamples.ACCOUNT)
    record AccountView(String account, String platform, Instant at, Instant openedAt, String creditLimit,
                       List<Balance> balances, QualityView quality, List<TermDepositView> termDeposits,
                       List<MandateView> mandates, List<PendingView> pending, List<IncomingView> incoming) {
    }

    /** A pending transfer the account sent: amount and fee reserved since {@code reservedAt}, until posted, voided or {@code expiresAt}. */
    @Serdeable
    record PendingView(String transfer, String to, String asset, String amount, String fee, Instant reservedAt,
                       Instant expiresAt) {
    }

    /** Value on its way to the account: a pending transfer's amount, or a multi-leg transfer's leg, held until it settles. */
    @Serdeable
    record IncomingView(String reference, String from, String asset, String amount) {
    }

    /** A mandate the account gave: {@code collector} may collect up to {@code max} from it at once. */
    @Serdeable
    record MandateView(String collector, String max) {
    }

    /** A mandate as its payer gives it. */
    @Serdeable
    @Schema(example = ApiExamples.MANDATE_BODY)
    record MandateBody(String commandId, String payer, String collector, String max) {
    }

    /** A collection's leg as a client sends it: who pays, how much, the leg's memo. */
    @Serdeable
    record ContributionBody(String from, String amount, String memo) {
    }

    /** A collection as its collector sends it: into {@code to}, from each leg's payer, all legs or none. */
    @Serdeable
    @Schema(example = ApiExamples.COLLECTION_BODY)
    record CollectionBody(String commandId, String to, String asset, List<ContributionBody> legs) {
    }

    /** A command whose only field is its own id (the rest is in the path). */
    @Serdeable
    @Schema(example = ApiExamples.COMMAND_BODY)
    record CommandBody(String commandId) {
    }

    /**
     * A term deposit: locked {@code principal}, its value at the read time and at maturity (both at
     * the term's τ), and what withdrawing it now would pay (re-valued at the bank's τ).
     */
    @Serdeable
    record TermDepositView(String id, String principal, Instant openedAt, Instant maturity, String meanLifetime,
                           String valueNow, String valueAtMaturity, String withdrawalNow) {
    }

    /** A term deposit as a client opens it: the deposit's id is its commandId; term one of the bank's (P30D…). */
    @Serdeable
    @Schema(example = ApiExamples.TERM_DEPOSIT_BODY)
    record TermDepositBody(String commandId, String account, String amount, String term) {
    }

    /**
     * A loan as an operator grants it: {@code amount} from {@code lender} to {@code borrower}, repaid in
     * {@code count} installments every {@code interval} from {@code first} (one interval after the
     * grant when left out), with interest {@code rate} per installment on what is outstanding.
     */
    @Serdeable
    @Schema(example = ApiExamples.LOAN_BODY)
    record LoanBody(String commandId, String lender, String borrower, String amount, String rate, Integer count,
                    String interval, String first) {
    }

    /** A payoff of a loan: its own command id (a payoff refused for want of funds may be asked again under another). */
    @Serdeable
    @Schema(example = ApiExamples.COMMAND_BODY)
    record RepaymentBody(String commandId) {
    }

    /** One installment of a loan's plan: when it falls due, its principal part and interest, and whether it was collected. */
    @Serdeable
    record InstallmentView(int n, Instant due, String principal, String interest, String amount, boolean collected) {
    }

    /**
     * A loan as its borrower owes it: the plan, the installments (collected so far: what the borrower
     * could pay of them; the rest is {@code arrears}, which do not decay), what was paid, and what
     * paying it off now would take.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(example = ApiExamples.LOAN)
    record LoanView(String id, String lender, String borrower, String principal, String rate, int count, String interval,
                    int nextInstallment, Instant nextDue, String arrears, String arrearsInterest, String principalPaid,
                    String interestPaid, String payoff, List<InstallmentView> installments) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS) // no loans is an empty list, not a missing one
    @Schema(example = ApiExamples.LOANS)
    record LoansView(String account, List<LoanView> loans) {
    }

    /**
     * The member's quality for the fee incentive: the moving average of their scores' ranks, the
     * ranked deposits behind it, and the factor their transfer fees are multiplied by.
     */
    @Serdeable
    record QualityView(String quality, int deposits, String feeFactor) {
    }

    @Serdeable
    record ItemProblem(int index, String eventId, List<Problem.FieldProblem> errors) {
    }

    @Serdeable
    @Schema(example = ApiExamples.ACTIVITY_RECEIPT)
    record ActivityReceipt(int accepted, List<ItemProblem> rejected) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventView(String type, String account, Instant at, String amount, String fee, String counterparty,
                     String reason, String stable, String rate, String feeFactor) {

        EventView(String type, String account, Instant at, String amount, String fee, String counterparty, String reason) {
            this(type, account, at, amount, fee, counterparty, reason, null, null, null);
        }
    }

    /**
     * @param account       the sender: the command's idempotency key is (account, commandId)
     * @param requestDigest a hash of what the command asked; a retry under the same key must match it
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(example = ApiExamples.OUTCOME)
    record OutcomeView(String commandId, String status, String account, String reason, String detail,
                       String requestDigest, List<EventView> events) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    /**
     * A deposit's score and what its platform's daily cap made of it: {@code score} is S as scored
     * (raw), {@code spacing} the factor for coming too soon after the member's last full activity,
     * {@code factor} credited ÷ score, and {@code credited} what the deposit added (all 1 and S when
     * the platform has no cap).
     */
    record Score(String interaction, String originality, String engagement, String interactionFactor,
                 String originalityFactor, String engagementFactor, String score, String spacing, String factor,
                 String credited) {
    }

    /** One booked entry; {@code amount} is signed as it changed this account. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EntryView(long sequence, String type, Instant at, String asset, String amount, String fee,
                     String counterparty, String reference, Score score, Map<String, MetadataField> metadata) {

        EntryView(long sequence, String type, Instant at, String asset, String amount, String fee,
                  String counterparty, String reference, Score score) {
            this(sequence, type, at, asset, amount, fee, counterparty, reference, score, null);
        }
    }

    /** A page of entries: with {@code nextAfter}, the next page in booking order; with {@code nextBefore}, newest first. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(example = ApiExamples.ENTRIES)
    record EntriesPage(String account, List<EntryView> entries, Long nextAfter, Long nextBefore) {
    }

    /** An account's statement for (from, to], one part per asset. */
    /**
     * With {@code filter} (key=value on the entries' metadata), only the matching lines are listed and the
     * totals are theirs; the balances and the decay stay the account's, so the identity holds only unfiltered.
     * {@code provisional}: the period ends so recently that an activity reported late may still be booked
     * into it (within the oldest event time accepted, and the clock skew allowed). {@code chainHead}: the
     * head of the account's hash chain when the statement was made (the hash of its last event on the
     * ledger topic), which a verification of the topic must reach.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(example = ApiExamples.STATEMENT)
    record StatementView(String account, Instant from, Instant to, boolean provisional, String chainHead, String filter,
                         List<AssetStatement> assets) {
    }

    /**
     * One asset's part: opening + totalIn − totalOut − decay = closing, exactly; the decay is what the
     * identity leaves once both balances are rounded down to the micro-unit as the account view shows them.
     */
    @Serdeable
    record AssetStatement(String asset, String opening, String totalIn, String totalOut, String decay, String closing,
                          List<StatementLine> lines) {
    }

    /**
     * An entry of the period: what it moved in this asset (signed; a debit includes its fee), its
     * event time {@code at} and when it was booked in the account's time ({@code bookedAt}, later for an
     * activity reported late), the fee, counterparty, reference and memo where the entry has one.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatementLine(long sequence, String type, Instant at, Instant bookedAt, String amount, String fee,
                         String counterparty, String reference, String memo, Map<String, MetadataField> metadata) {
    }

    /** A row of a CSV statement: the opening, each entry, the decay (negative) and the closing, per asset. */
    @JsonPropertyOrder({"asset", "row", "sequence", "type", "at", "bookedAt", "amount", "fee", "counterparty",
        "reference", "memo", "metadata"})
    record StatementRow(String asset, String row, Long sequence, String type, String at, String bookedAt,
                        String amount, String fee, String counterparty, String reference, String memo, String metadata) {
    }

    /**
     * The attention balance over [from, to] and its decay ahead to {@code until}: each point the balance the
     * account view shows at its instant, two points at an entry's instant (before and after it), and
     * {@code projected} after {@code to}, where nothing more is booked; {@code deposits} to mark on it.
     */
    @Serdeable
    @Schema(example = ApiExamples.CURVE)
    record CurveView(String account, Instant from, Instant to, Instant until, String meanLifetime,
                     List<CurvePoint> points, List<DepositMark> deposits) {
    }

    @Serdeable
    record CurvePoint(Instant at, String balance, boolean projected) {
    }

    /** A deposit of the period: credited {@code amount} for an activity at {@code at} from {@code platform}, booked at {@code bookedAt}. */
    @Serdeable
    record DepositMark(long sequence, Instant at, Instant bookedAt, String amount, String platform) {
    }

    /**
     * What sending {@code amount} would cost {@code account} now: the {@code fee} (with the quality
     * {@code feeFactor} when the incentive is on), the {@code debit} (amount + fee) and what it can send.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(example = ApiExamples.FEE_QUOTE)
    record FeeQuote(String account, String asset, String amount, String fee, String debit, String feeFactor,
                    String available) {
    }

    /** An attention entry's part of the balance at {@code at}: amount × e^(−(at − entry time)/τ). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Contribution(long sequence, String type, Instant at, String amount, String weight, String value,
                        Score score) {
    }

    /**
     * How an attention balance comes about. {@code earlier} is what the entries before the listed ones
     * are worth now, in one line; {@code total} = Σ values + earlier, each rounded half-even to the
     * micro-unit, and {@code balance} the exact sum rounded down: they differ by rounding only.
     * {@code sources}: the listed deposits by platform, the most valuable first.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(example = ApiExamples.EXPLAIN)
    record ExplainView(String account, Instant at, String meanLifetime, List<Contribution> contributions,
                       Long earlierEntries, String earlier, String total, String balance,
                       List<TermDepositView> termDeposits, List<SourceView> sources) {
    }

    /**
     * A platform's part of the listed deposits: how many, what they credited, what they are worth at the
     * explain view's instant, and their mean score parts f(I), g(O), h(E) and S.
     */
    @Serdeable
    record SourceView(String platform, int deposits, String credited, String value, String interactionFactor,
                      String originalityFactor, String engagementFactor, String score) {
    }

    /**
     * A transfer: to one receiver ({@code to}, {@code amount}, {@code memo}), or to several at once
     * ({@code legs}, up to 100, each with its {@code to}, {@code amount} and {@code memo}; all legs or
     * none, and the outcome completes when every leg is credited).
     */
    @Serdeable
    @Schema(example = ApiExamples.TRANSFER_BODY)
    record TransferBody(String commandId, String from, String to, String asset, String amount, String memo,
                        List<LegBody> legs, Map<String, MetadataField> metadata, Boolean pending, String timeout) {
    }

    /** A typed metadata field: {@code type} text, integer, decimal, date or boolean, and its value as text. */
    @Serdeable
    record MetadataField(String type, String value) {
    }

    @Serdeable
    record LegBody(String to, String amount, String memo) {
    }

    /**
     * One transfer of a batch: its HTTP status as if sent alone, and its outcome or its problem.
     *
     * @param index the transfer's place in the request
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BatchItem(int index, int status, OutcomeView outcome, Problem problem) {
    }

    @Serdeable
    @Schema(example = ApiExamples.BATCH_ANSWER)
    record BatchAnswer(List<BatchItem> transfers) {
    }

    @Serdeable
    @Schema(example = ApiExamples.EXCHANGE_BODY)
    record ExchangeBody(String commandId, String account, String amount) {
    }

    /** An account an operator opens, with its credit limit (default 0). */
    @Serdeable
    @Schema(example = ApiExamples.OPEN_ACCOUNT_BODY)
    record OpenAccountBody(String commandId, String account, String platform, String creditLimit) {
    }

    /** An account's new credit limit, set by an operator. */
    @Serdeable
    @Schema(example = ApiExamples.LIMITS_BODY)
    record LimitsBody(String commandId, String creditLimit) {
    }

    /** Stable the treasury adds to the bank's reserve. */
    @Serdeable
    @Schema(example = ApiExamples.RESERVE_FUNDING_BODY)
    record ReserveFundingBody(String commandId, String amount) {
    }

    /**
     * A published rate and what it was computed from: the median supply, the reserve, the target
     * reserve / (weight × supply), the formula and its parameters.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(example = ApiExamples.RATE)
    record RateView(String rate, String previous, Instant at, Long sequence, String formula, Integer formulaVersion,
                    String supply, String reserve, String target, RateParameters parameters, QualityView yours) {

        RateView withYours(QualityView quality) {
            return new RateView(rate, previous, at, sequence, formula, formulaVersion, supply, reserve, target, parameters,
                quality);
        }
    }

    @Serdeable
    record RateParameters(String weight, String maxStep, String floor, String ceiling, int samples, String interval,
                          String reserveAccount) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(example = ApiExamples.RATE_HISTORY)
    record RateHistory(List<RateView> rates, Instant nextFrom) {
    }

    /** A standing order as a client sends it: the order's id is its commandId. */
    @Serdeable
    @Schema(example = ApiExamples.STANDING_ORDER_BODY)
    record StandingOrderBody(String commandId, String from, String to, String asset, String amount, String memo,
                             String first, String interval, Long count, String until, List<LegBody> legs) {
    }

    /**
     * A standing order and how far it has run.
     *
     * @param next     the number of the next occurrence (its transfer's command id is {@code id::next})
     * @param nextDue  when it falls due
     * @param failures the occurrences that failed in a row so far; at failuresMax the order cancels itself
     * @param legs     the receivers of an order to several (then no {@code to}; {@code amount} is their total)
     * @param shares   a payout plan's members and weights, dividing {@code portion} of its fund each time
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StandingOrderView(String id, String from, String to, String asset, String amount, String memo, Instant first,
                             String interval, Long count, Instant until, long next, Instant nextDue, int failures,
                             int failuresMax, List<LegBody> legs, List<ShareBody> shares, String portion) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS) // no orders is an empty list, not a missing one
    @Schema(example = ApiExamples.STANDING_ORDERS)
    record StandingOrdersView(String account, List<StandingOrderView> orders) {
    }

    /**
     * A payout plan as an operator sends it: from a fund, fixed {@code legs}, or {@code shares} of
     * {@code portion} of the fund at each occurrence.
     */
    @Serdeable
    @Schema(example = ApiExamples.PAYOUT_BODY)
    record PayoutBody(String commandId, String fund, String asset, String memo, String first, String interval, Long count,
                      String until, List<LegBody> legs, List<ShareBody> shares, String portion) {
    }

    @Serdeable
    record ShareBody(String to, Long weight) {
    }

    /**
     * A payout coming to a member: the plan, its fund, when it falls due next, and the member's part —
     * a fixed {@code amount}, or {@code weight} of {@code totalWeight} of {@code portion} of the fund.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UpcomingPayoutView(String plan, String fund, Instant nextDue, String amount, Long weight, Long totalWeight,
                              String portion, String interval) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(example = ApiExamples.UPCOMING_PAYOUTS)
    record UpcomingPayoutsView(String account, List<UpcomingPayoutView> payouts) {
    }
}
