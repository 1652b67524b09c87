package io.timebank.ledger;

import java.util.Arrays;

/**
 * The exact oracle for {@link MeasureDistribution} in tests (the ledger ranked against it per
 * partition before populations were merged across partitions): the last {@code capacity} measures, kept sorted for
 * ranking: a bounded, deterministic {@link Population}. Immutable; {@link #with} copies,
 * which is O(capacity) and fine for the few thousand values a window holds.
 *
 * @param sorted   the window's values in ascending order
 * @param arrivals the same values in arrival order (oldest first), to know which one leaves
 */
public record MeasureWindow(int capacity, double[] sorted, double[] arrivals) implements Population {

    public static final int CAPACITY_MAX = 100_000;

    public MeasureWindow {
        if (capacity < 1 || capacity > CAPACITY_MAX) {
            throw new IllegalArgumentException("capacity must be in [1, " + CAPACITY_MAX + "], was " + capacity);
        }
        if (sorted.length != arrivals.length || sorted.length > capacity) {
            throw new IllegalArgumentException("window holds " + sorted.length + " sorted and " + arrivals.length
                + " arrived values, capacity " + capacity);
        }
    }

    public static MeasureWindow empty(int capacity) {
        return new MeasureWindow(capacity, new double[0], new double[0]);
    }

    /** The window after {@code x} arrives; the oldest value leaves once the window is full. */
    public MeasureWindow with(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("measure must be finite, was " + x);
        }
        double[] keptSorted = sorted;
        double[] keptArrivals = arrivals;
        if (arrivals.length == capacity) {
            double leaving = arrivals[0];
            keptArrivals = Arrays.copyOfRange(arrivals, 1, arrivals.length);
            int at = Arrays.binarySearch(sorted, leaving);
            keptSorted = new double[sorted.length - 1];
            System.arraycopy(sorted, 0, keptSorted, 0, at);
            System.arraycopy(sorted, at + 1, keptSorted, at, sorted.length - at - 1);
        }
        double[] nextArrivals = Arrays.copyOf(keptArrivals, keptArrivals.length + 1);
        nextArrivals[keptArrivals.length] = x;
        int insertAt = lowerBound(keptSorted, x);
        double[] nextSorted = new double[keptSorted.length + 1];
        System.arraycopy(keptSorted, 0, nextSorted, 0, insertAt);
        nextSorted[insertAt] = x;
        System.arraycopy(keptSorted, insertAt, nextSorted, insertAt + 1, keptSorted.length - insertAt);
        return new MeasureWindow(capacity, nextSorted, nextArrivals);
    }

    @Override
    public double rankOf(double x) {
        if (sorted.length == 0) {
            return 0.5;
        }
        int below = lowerBound(sorted, x);
        int notAbove = upperBound(sorted, x);
        return (below + (notAbove - below) / 2.0) / sorted.length;
    }

    public int size() {
        return sorted.length;
    }

    private static int lowerBound(double[] values, double x) {
        int low = 0;
        int high = values.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (values[middle] < x) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static int upperBound(double[] values, double x) {
        int low = 0;
        int high = values.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (values[middle] <= x) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MeasureWindow window && capacity == window.capacity
            && Arrays.equals(sorted, window.sorted) && Arrays.equals(arrivals, window.arrivals);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * capacity + Arrays.hashCode(sorted)) + Arrays.hashCode(arrivals);
    }

    @Override
    public String toString() {
        return "MeasureWindow[capacity=" + capacity + ", size=" + sorted.length + "]";
    }
}
