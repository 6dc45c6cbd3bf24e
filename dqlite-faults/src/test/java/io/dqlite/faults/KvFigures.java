package io.dqlite.faults;

import java.time.Duration;

/**
 * What one system did in one cell of the benchmark: writes and reads per second with their median
 * and 99th percentile latency in milliseconds, and the errors the clients saw.
 */
record KvFigures(double writesPerSecond, double writeP50, double writeP99, double readsPerSecond, double readP50,
        double readP99, long errors, String firstError) {

    /** Figures of a system that did not run, e.g. when a baseline is not installed. */
    static final KvFigures MISSING = new KvFigures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, 0, null);

    /** Tells whether these are figures of a run. */
    boolean measured() {
        return !Double.isNaN(writesPerSecond);
    }

    /** Collects the clients' latencies into one set of figures. */
    static final class Builder {

        private final LatencyLog writes = new LatencyLog();
        private final LatencyLog reads = new LatencyLog();
        private long errors;
        private String firstError;

        void add(LatencyLog clientWrites, LatencyLog clientReads, long clientErrors, String clientFirstError) {
            writes.addAll(clientWrites);
            reads.addAll(clientReads);
            errors += clientErrors;
            if (firstError == null) {
                firstError = clientFirstError;
            }
        }

        KvFigures build(Duration elapsed) {
            double seconds = elapsed.toNanos() / 1e9;
            return new KvFigures(writes.size() / seconds, writes.percentileMillis(50), writes.percentileMillis(99),
                    reads.size() / seconds, reads.percentileMillis(50), reads.percentileMillis(99), errors, firstError);
        }
    }
}
