package io.timebank.ledger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * How a payout plan divides its fund: at each occurrence, {@code portion} of the fund's balance at
 * the due time (rounded down to the micro-unit, and at most the largest amount a transfer may move),
 * divided among the members by weight with {@link Shares#allocate} — the parts sum to the whole,
 * each within a micro-unit of its exact share. A member whose part rounds to nothing gets no leg.
 *
 * @param portion in (0, 1]: the part of the fund each occurrence pays out (fees come on top, so a
 *                portion above 1 − the fee rate cannot be paid when the fund holds nothing else)
 */
public record PayoutShares(Measure portion, List<Share> shares) {

    /** A member's weight in the plan. */
    public record Share(AccountId to, long weight) {
        public Share {
            if (to == null || weight < 1) {
                throw new IllegalArgumentException("a share needs a member and a weight of at least 1");
            }
        }
    }

    public PayoutShares {
        shares = List.copyOf(shares);
        if (portion == null || portion.micros() <= 0 || portion.micros() > FixedPoint.ONE) {
            throw new IllegalArgumentException("the portion paid out is within (0, 1], was " + portion);
        }
        if (shares.isEmpty() || shares.size() > Leg.MAX_PER_TRANSFER
            || shares.stream().map(Share::to).distinct().count() != shares.size()) {
            throw new IllegalArgumentException("a plan has 1 to " + Leg.MAX_PER_TRANSFER + " shares, one per member");
        }
    }

    /** The legs of one occurrence when the fund holds {@code balance}: its portion, at most {@code max}, by weight. */
    public List<Leg> legs(Amount balance, Amount max, String memo) {
        if (!balance.isPositive()) {
            return List.of();
        }
        long paid = BigInteger.valueOf(balance.micros()).multiply(BigInteger.valueOf(portion.micros()))
            .divide(BigInteger.valueOf(FixedPoint.ONE)).longValueExact(); // ≤ balance: rounded down
        Amount total = new Amount(Math.min(paid, max.micros()));
        List<Amount> parts = Shares.allocate(total, shares.stream().map(Share::weight).toList());
        List<Leg> legs = new ArrayList<>(shares.size());
        for (int i = 0; i < shares.size(); i++) {
            if (parts.get(i).isPositive()) {
                legs.add(new Leg(shares.get(i).to(), parts.get(i), memo));
            }
        }
        return legs;
    }
}
