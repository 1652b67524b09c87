package io.timebank.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAmount;
import java.util.List;

/**
 * A standing order as a client sent it; {@link #validate} names every bad field. The order's id is
 * its {@code commandId}: a retry places it once. One receiver ({@code to}, {@code amount},
 * {@code memo}) or several ({@code legs}, as a multi-leg transfer's: each occurrence all or none). {@code first} and {@code until} are ISO-8601
 * instants, {@code interval} an ISO-8601 duration ({@code PT1H}) or period ({@code P1M}); without
 * {@code count} or {@code until} the order runs until cancelled.
 */
public record StandingOrderRequest(String commandId, String from, String to, String asset, String amount, String memo,
                                   String first, String interval, Long count, String until,
                                   List<TransferRequest.LegRequest> legs, List<ShareRequest> shares, String portion) {

    /** A member's weight in a payout plan, as a client sent it. */
    public record ShareRequest(String to, Long weight) {
    }

    /** A standing order to one receiver or to legs (no shares: those are payout plans'). */
    public StandingOrderRequest(String commandId, String from, String to, String asset, String amount, String memo,
                                String first, String interval, Long count, String until,
                                List<TransferRequest.LegRequest> legs) {
        this(commandId, from, to, asset, amount, memo, first, interval, count, until, legs, null, null);
    }

    /** @param failuresMax the bank's number of failed occurrences in a row after which an order cancels itself */
    public Validated<LedgerCommand.PlaceStandingOrder> validate(Instant acceptedAt, InputLimits limits, int failuresMax) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.clientId("commandId", commandId, StandingOrder.ID_LENGTH_MAX);
        AccountId payer = checks.parse("from", from, AccountId::new);
        Asset parsedAsset = asset == null ? Asset.ATTENTION : checks.parse("asset", asset, Asset::parse);
        AccountId receiver = null;
        Amount parsedAmount = null;
        List<Leg> parsedLegs = List.of();
        PayoutShares payout = null;
        if (shares != null) {
            checks.require(to == null && amount == null && legs == null, "shares",
                "come instead of to, amount or legs: the plan divides a portion of its fund");
            TransferRequest.checkMemo(checks, "memo", memo, limits);
            payout = shares(checks, payer);
        } else if (portion != null) {
            checks.reject("portion", "goes with shares: the part of the fund each occurrence divides among them");
        }
        if (shares != null) {
            // legs, to and amount were refused above
        } else if (legs != null) {
            checks.require(to == null, "to", "must be absent when legs are given: each leg names its receiver");
            checks.require(amount == null, "amount", "must be absent when legs are given: each leg has its amount");
            checks.require(memo == null, "memo", "must be absent when legs are given: each leg has its memo");
            parsedLegs = TransferRequest.legs(checks, legs, payer, limits);
        } else {
            receiver = checks.parse("to", to, AccountId::new);
            if (payer != null && payer.equals(receiver)) {
                checks.reject("to", "must differ from 'from': cannot transfer from an account to itself");
            }
            parsedAmount = RequestAmount.parse(checks, "amount", amount, limits);
            TransferRequest.checkMemo(checks, "memo", memo, limits);
        }
        Instant firstDue = checks.parse("first", first, StandingOrderRequest::instant);
        if (firstDue != null && firstDue.isBefore(acceptedAt.minus(limits.clockSkewMax()))) {
            checks.reject("first", "is in the past: the first occurrence must fall due from now on");
        }
        if (firstDue != null && firstDue.isAfter(Schedule.LAST_DUE)) {
            checks.reject("first", "must be before the year 10000");
        }
        TemporalAmount every = interval(checks, interval);
        if (count != null && (count < 1 || count > Schedule.COUNT_MAX)) {
            checks.reject("count", "must be within [1, " + Schedule.COUNT_MAX + "] (leave it out for no limit), was " + count);
        }
        Instant end = until == null ? null : checks.parse("until", until, StandingOrderRequest::instant);
        if (end != null && firstDue != null && end.isBefore(firstDue)) {
            checks.reject("until", "is before the first occurrence " + firstDue);
        }
        if (end != null && end.isAfter(Schedule.LAST_DUE)) {
            checks.reject("until", "must be before the year 10000");
        }
        AccountId single = receiver;
        Amount singleAmount = parsedAmount;
        List<Leg> several = parsedLegs;
        PayoutShares divided = payout;
        return checks.result(() -> {
            Schedule schedule = new Schedule(firstDue, every, count == null ? 0 : count, end);
            StandingOrder order = divided != null ? StandingOrder.ofShares(id, parsedAsset, divided, memo, schedule,
                failuresMax)
                : several.isEmpty() ? StandingOrder.of(id, single, parsedAsset, singleAmount, memo, schedule, failuresMax)
                : StandingOrder.ofLegs(id, parsedAsset, several, schedule, failuresMax);
            return new LedgerCommand.PlaceStandingOrder(payer, order, acceptedAt);
        });
    }

    private PayoutShares shares(FieldChecks checks, AccountId payer) {
        Measure part = checks.parse("portion", portion, text -> {
            if (text == null) {
                throw new IllegalArgumentException("is required with shares: the part of the fund each occurrence pays out");
            }
            Measure parsed = Measure.parse(text);
            if (parsed.micros() <= 0 || parsed.micros() > FixedPoint.ONE) {
                throw new IllegalArgumentException("must be above 0 and at most 1, was " + text);
            }
            return parsed;
        });
        if (shares.isEmpty() || shares.size() > Leg.MAX_PER_TRANSFER) {
            checks.reject("shares", "must hold from 1 to " + Leg.MAX_PER_TRANSFER + " members, held " + shares.size());
            return null;
        }
        List<PayoutShares.Share> parsed = new java.util.ArrayList<>();
        java.util.Set<AccountId> members = new java.util.HashSet<>();
        for (int i = 0; i < shares.size(); i++) {
            ShareRequest share = shares.get(i);
            String field = "shares[" + i + "]";
            if (share == null) {
                checks.reject(field, "is required");
                continue;
            }
            AccountId member = checks.parse(field + ".to", share.to(), AccountId::new);
            if (share.weight() == null || share.weight() < 1 || share.weight() > 1_000_000) {
                checks.reject(field + ".weight", "must be a whole number from 1 to 1000000");
            } else if (member != null && (member.equals(payer) || !members.add(member))) {
                checks.reject(field + ".to", member.equals(payer) ? "must differ from 'from'" : member + " already has a share");
            } else if (member != null) {
                parsed.add(new PayoutShares.Share(member, share.weight()));
            }
        }
        return checks.hasErrors() || part == null ? null : new PayoutShares(part, parsed);
    }

    /** The cancellation of {@code account}'s order {@code order}, as named in a request's path. */
    public static Validated<LedgerCommand.CancelStandingOrder> cancellation(String account, String order, Instant acceptedAt) {
        FieldChecks checks = new FieldChecks();
        AccountId payer = checks.parse("account", account, AccountId::new);
        CommandId id = checks.clientId("order", order, StandingOrder.ID_LENGTH_MAX);
        return checks.result(() -> new LedgerCommand.CancelStandingOrder(payer, id, acceptedAt));
    }

    /** A schedule's interval: an ISO-8601 duration of at least {@link Schedule#INTERVAL_MIN}, or a positive period. */
    static TemporalAmount interval(FieldChecks checks, String interval) {
        TemporalAmount every = checks.parse("interval", interval, Schedule::interval);
        if (every instanceof Duration duration && duration.compareTo(Schedule.INTERVAL_MIN) < 0) {
            checks.reject("interval", "must be at least " + Schedule.INTERVAL_MIN + ", was " + interval);
        }
        if (every instanceof java.time.Period period && (period.isNegative() || period.isZero())) {
            checks.reject("interval", "must be a positive period, was " + interval);
        }
        return every;
    }

    static Instant instant(String text) {
        if (text == null) {
            throw new IllegalArgumentException("is required: an ISO-8601 instant such as 2026-12-01T08:00:00Z");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException bad) {
            throw new IllegalArgumentException("is not an ISO-8601 instant such as 2026-12-01T08:00:00Z: " + text);
        }
    }
}
