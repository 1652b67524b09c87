package io.timebank.ledger;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * How a platform's members scored on one measure: counts of the measure's fixed-point values in
 * buckets of 1 % ({@link Histogram}, two significant digits). Partitions each count what they
 * credit, per day; the platform's population is their {@link #merge}, which only adds counts, so
 * it is the same whatever order the parts arrive in — deterministic, unlike sketches whose result
 * depends on order or chance. Mutable, like the histogram it wraps: each owner keeps its own.
 */
public final class MeasureDistribution implements Population {

    private static final int SIGNIFICANT_DIGITS = 2;

    private final Histogram counts;
    /** The non-empty buckets' lowest values, ascending, and the counts below each: built on the first rank after a change. */
    private long[] buckets;
    private long[] below;

    private MeasureDistribution(Histogram counts) {
        this.counts = counts;
    }

    public static MeasureDistribution empty() {
        Histogram counts = new Histogram(SIGNIFICANT_DIGITS);
        counts.setAutoResize(true);
        return new MeasureDistribution(counts);
    }

    /** Counts one value of the measure. */
    public void record(Measure measure) {
        counts.recordValue(Math.max(0, measure.micros()));
        buckets = null;
    }

    /** Adds another part's counts to these. */
    public void merge(MeasureDistribution other) {
        counts.add(other.counts);
        buckets = null;
    }

    public long size() {
        return counts.getTotalCount();
    }

    /** The mid-rank of {@code x} among the counted values, at the resolution of one bucket; 0.5 when empty. */
    @Override
    public double rankOf(double x) {
        long total = counts.getTotalCount();
        if (total == 0) {
            return 0.5;
        }
        if (buckets == null) {
            index();
        }
        long bucket = counts.lowestEquivalentValue(Math.max(0, Math.round(x * FixedPoint.ONE)));
        int at = Arrays.binarySearch(buckets, bucket);
        if (at >= 0) {
            long equal = (at + 1 < below.length ? below[at + 1] : total) - below[at];
            return (below[at] + equal / 2.0) / total;
        }
        int insertion = -at - 1;
        return (insertion < below.length ? below[insertion] : total) / (double) total;
    }

    /** One pass over the non-empty buckets, so that each rank is a binary search (merged populations are ranked often). */
    private void index() {
        List<long[]> seen = new ArrayList<>();
        long running = 0;
        for (HistogramIterationValue value : counts.recordedValues()) {
            seen.add(new long[] {counts.lowestEquivalentValue(value.getValueIteratedTo()), running});
            running += value.getCountAtValueIteratedTo();
        }
        long[] lowest = new long[seen.size()];
        long[] counted = new long[seen.size()];
        for (int i = 0; i < lowest.length; i++) {
            lowest[i] = seen.get(i)[0];
            counted[i] = seen.get(i)[1];
        }
        below = counted;
        buckets = lowest;
    }

    /** The counts compressed, as stores and topics hold them. */
    public byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(counts.getNeededByteBufferCapacity());
        int length = counts.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }

    public static MeasureDistribution decode(byte[] bytes) {
        try {
            Histogram counts = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            counts.setAutoResize(true);
            return new MeasureDistribution(counts);
        } catch (DataFormatException | RuntimeException corrupt) {
            throw new IllegalArgumentException("not a measure distribution: " + corrupt.getMessage(), corrupt);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MeasureDistribution distribution && counts.equals(distribution.counts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(counts.getTotalCount());
    }

    @Override
    public String toString() {
        return "MeasureDistribution[size=" + counts.getTotalCount() + "]";
    }
}
