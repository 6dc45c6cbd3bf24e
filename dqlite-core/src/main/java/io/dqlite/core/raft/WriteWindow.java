package io.dqlite.core.raft;

import io.dqlite.core.session.EntrySubmitter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds the bytes of log entries a node has handed to Ratis and not yet seen committed, so that
 * Ratis never refuses a write for exceeding its pending-write limit: a submission waits while the
 * window is full.
 */
public final class WriteWindow implements EntrySubmitter {

    private final int capacity;
    private final Semaphore bytes;
    private final Duration waitLimit;
    private final EntrySubmitter delegate;

    /**
     * Creates a window of {@code capacity} bytes in front of {@code delegate}; a submission that
     * finds no room within {@code waitLimit} fails.
     */
    public WriteWindow(int capacity, Duration waitLimit, EntrySubmitter delegate) {
        if (capacity < 1) {
            throw new IllegalArgumentException("write window must hold at least one byte, was " + capacity);
        }
        this.capacity = capacity;
        this.bytes = new Semaphore(capacity, true);
        this.waitLimit = waitLimit;
        this.delegate = delegate;
    }

    /** Submits {@code entry} once the window has room for it; an entry larger than the window waits for it to empty. */
    @Override
    public CompletableFuture<Void> submit(byte[] entry) {
        int permits = Math.min(entry.length, capacity);
        try {
            if (!bytes.tryAcquire(permits, waitLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(new TimeoutException("no room for a log entry of "
                        + entry.length + " bytes among the " + capacity + " bytes in flight within "
                        + waitLimit.toMillis() + " ms"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> submitted;
        try {
            submitted = delegate.submit(entry);
        } catch (RuntimeException e) {
            bytes.release(permits);
            throw e;
        }
        return submitted.whenComplete((done, failure) -> bytes.release(permits));
    }
}
