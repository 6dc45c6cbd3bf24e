package io.dqlite.faults;

import java.util.concurrent.atomic.AtomicLong;

/** Counts one workload's operations by outcome; safe to update from many workers. */
public final class OperationCounts {

    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();

    /** Counts one operation that ended with {@code outcome}. */
    public void count(Outcome outcome) {
        switch (outcome) {
            case OK -> ok.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
            case UNKNOWN -> unknown.incrementAndGet();
        }
    }

    /** Returns how many operations ended. */
    public long operations() {
        return ok.get() + failed.get() + unknown.get();
    }

    /** Returns how many were acknowledged. */
    public long ok() {
        return ok.get();
    }

    /** Returns how many failed definitely. */
    public long failed() {
        return failed.get();
    }

    /** Returns how many ended with an unknown outcome. */
    public long unknown() {
        return unknown.get();
    }
}
