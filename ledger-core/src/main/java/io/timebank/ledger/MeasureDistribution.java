package io.timebank.ledger;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

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
    }

    /** Adds another part's counts to these. */
    public void merge(MeasureDistribution other) {
        counts.add(other.counts);
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
        long micros = Math.max(0, Math.round(x * FixedPoint.ONE));
        long atOrBelow = micros > counts.getMaxValue() ? total : counts.getCountBetweenValues(0, micros);
        long equal = micros > counts.getMaxValue() ? 0 : counts.getCountAtValue(micros);
        return ((atOrBelow - equal) + equal / 2.0) / total;
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
