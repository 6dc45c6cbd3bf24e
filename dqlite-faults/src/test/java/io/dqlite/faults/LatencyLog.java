package io.dqlite.faults;

import java.util.Arrays;

/** Latencies of one kind of operation, in nanoseconds, kept whole so percentiles are exact. */
final class LatencyLog {

    private long[] nanos = new long[1024];
    private int size;

    /** Records one operation's latency. */
    void add(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    /** Adds every latency of {@code other}. */
    void addAll(LatencyLog other) {
        for (int i = 0; i < other.size; i++) {
            add(other.nanos[i]);
        }
    }

    /** Returns how many operations were recorded. */
    int size() {
        return size;
    }

    /** Returns the {@code percent} percentile in milliseconds (nearest rank), or NaN when empty. */
    double percentileMillis(double percent) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }
}
