package io.dqlite.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records when faults were injected and when writes were invoked and acknowledged, to tell how long
 * after each fault the cluster acknowledged the first write invoked after it (a write already under
 * way when the fault struck says nothing about recovery).
 */
public final class RecoveryClock {

    /**
     * One injected fault.
     *
     * @param description what was done, e.g. "kill -9 of the leader (node 2)"
     * @param at when, in {@link System#nanoTime()}
     * @param wall when, by the wall clock, to be set beside the nodes' logs
     */
    public record FaultMark(String description, long at, Instant wall) {
    }

    /**
     * The recovery after one fault.
     *
     * @param fault the fault
     * @param millis milliseconds from the fault to the first acknowledgement of a write invoked after it, or -1 if none came
     */
    public record Recovery(FaultMark fault, long millis) {
    }

    private final List<FaultMark> faults = new CopyOnWriteArrayList<>();
    private final Queue<long[]> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Object progress = new Object();
    /** The latest invocation time among acknowledged writes. */
    private volatile long newestInvocationAcknowledged = Long.MIN_VALUE;

    /** Records a fault injected now and returns its mark. */
    public FaultMark fault(String description) {
        FaultMark mark = new FaultMark(description, System.nanoTime(), Instant.now());
        faults.add(mark);
        return mark;
    }

    /** Records a write invoked at {@code invokedAt} ({@link System#nanoTime()}) and acknowledged now. */
    public void acknowledged(long invokedAt) {
        acknowledged.add(new long[] { invokedAt, System.nanoTime() });
        sequence.incrementAndGet();
        if (invokedAt > newestInvocationAcknowledged) {
            synchronized (progress) {
                newestInvocationAcknowledged = Math.max(newestInvocationAcknowledged, invokedAt);
                progress.notifyAll();
            }
        }
    }

    /** Waits until a write invoked after {@code fault} is acknowledged; returns false if none was within {@code timeout}. */
    public boolean awaitRecovery(FaultMark fault, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (newestInvocationAcknowledged < fault.at()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    /** Returns how many writes were acknowledged so far. */
    public long acknowledgedCount() {
        return sequence.get();
    }

    /**
     * Returns the longest time, in ms, between {@code from} and {@code to} ({@link System#nanoTime()})
     * without an acknowledged write: between the bounds and the acknowledgements that fall between them.
     */
    public long longestGapMillis(long from, long to) {
        List<Long> times = new ArrayList<>();
        times.add(from);
        for (long[] write : acknowledged) {
            if (write[1] > from && write[1] < to) {
                times.add(write[1]);
            }
        }
        times.add(to);
        times.sort(null);
        long longest = 0;
        for (int i = 1; i < times.size(); i++) {
            longest = Math.max(longest, times.get(i) - times.get(i - 1));
        }
        return longest / 1_000_000;
    }

    /** Returns the faults recorded so far, in order. */
    public List<FaultMark> faults() {
        return List.copyOf(faults);
    }

    /** Returns, for each fault, the time to the first acknowledgement of a write invoked after it. */
    public List<Recovery> recoveries() {
        List<Recovery> recoveries = new ArrayList<>();
        for (FaultMark fault : faults) {
            long first = Long.MAX_VALUE;
            for (long[] write : acknowledged) {
                if (write[0] >= fault.at() && write[1] < first) {
                    first = write[1];
                }
            }
            recoveries.add(new Recovery(fault, first == Long.MAX_VALUE ? -1 : (first - fault.at()) / 1_000_000));
        }
        return recoveries;
    }
}
