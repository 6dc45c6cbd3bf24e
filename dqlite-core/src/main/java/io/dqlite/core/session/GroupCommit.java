package io.dqlite.core.session;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the autocommit work of many sessions together: the work that arrives while the writer is
 * busy queues, and the next group runs it one piece after another on the writer, each piece
 * committing (or failing) on its own, and replicates all their commits as one log entry. Ratis'
 * cost is per entry, so a group of sixteen commits costs about what one does.
 *
 * <p>No thread of its own: the first caller to find no group forming leads one (waits for its
 * turn, runs the queue on the writer, submits the group's entry), then hands the lead to the
 * oldest waiting caller, so the next group runs while this one's entry replicates, and only then
 * waits for its own group's replication and answers every piece. Readers see none of a group
 * until its entry is committed ({@link CommitPipeline}, {@link ReaderPool}). Before a group
 * runs, it waits a little for the callers the last group answered, so that callers in a loop
 * keep meeting in one group ({@link #gather}).
 */
final class GroupCommit {

    /** The most pieces of work one group runs, so a group's entry and latency stay bounded. */
    static final int MAX_GROUP = 256;

    /** Runs groups on the writer; see {@link LeaderDatabase}. */
    interface GroupRunner {

        /** Waits for the writer and for room among the commits in flight; a failure fails the next group. */
        void awaitTurn() throws SQLException;

        /**
         * Runs {@code group} on the writer taken by {@link #awaitTurn}, submits its commits, lets the
         * writer go, and returns the wait for the group's replication, which answers the pieces.
         */
        Landing run(List<Piece<?>> group);
    }

    /** The wait for a group's replication; it gives each piece its final answer. */
    @FunctionalInterface
    interface Landing {
        void await();
    }

    /** The shortest wait a gather shrinks to: it still finds out when callers come back quickly again. */
    private static final long MIN_GATHER_NANOS = 50_000;

    private final GroupRunner runner;
    private final long maxGatherNanos;
    /**
     * How long the next gather may wait: the most while callers come back in time, halved each time most do not.
     */
    private long gatherNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Piece<?>> queue = new ArrayDeque<>();
    /**
     * How many queued pieces end the gather under way, or 0 when none is: a caller wakes the gathering leader
     * only when it completes the group, not for each piece (a wake-up costs more than the rest of queueing).
     */
    private int gatherTarget;
    private boolean leading;
    /** The threads of the last group formed that have not come back with more work since. */
    private final Set<Thread> returning = new HashSet<>();

    /**
     * Creates the group commit of one database; a group waits up to {@code maxGather} for the callers of the last
     * group to come back with more work (see {@link #gather}).
     */
    GroupCommit(GroupRunner runner, Duration maxGather) {
        this.runner = runner;
        this.maxGatherNanos = maxGather.toNanos();
        this.gatherNanos = maxGatherNanos;
    }

    /**
     * Runs {@code work} in the next group and returns its own result once the group's entry is
     * committed, or throws its own failure (or the group's, if the group's entry failed).
     */
    <T> T execute(SqlWork<T> work) throws SQLException {
        Piece<T> piece = new Piece<>(work);
        boolean lead;
        lock.lock();
        try {
            queue.add(piece);
            returning.remove(piece.caller);
            lead = !leading;
            leading = true;
            if (gatherTarget > 0 && queue.size() >= gatherTarget) {
                arrived.signal();
            }
        } finally {
            lock.unlock();
        }
        boolean interrupted = lead && lead();
        try {
            while (true) {
                Object next;
                try {
                    next = piece.next.get();
                } catch (InterruptedException e) {
                    // the piece is queued or running already: its answer must be awaited, not abandoned
                    interrupted = true;
                    continue;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a group commit piece failed outside its work", e.getCause());
                }
                if (next == Piece.LEAD) {
                    piece.next = new CompletableFuture<>();
                    interrupted |= lead();
                    continue;
                }
                return piece.answer();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits for the turn, runs the queued work as one group, hands the lead on (or gives it up),
     * and then waits for the group's replication. Returns whether the caller was interrupted while
     * the group gathered, an interrupt the caller must keep.
     */
    private boolean lead() {
        boolean interrupted = false;
        SQLException noTurn = null;
        try {
            runner.awaitTurn();
        } catch (SQLException e) {
            noTurn = e;
        }
        // the group is formed only now: the work that queued during the wait goes with it
        List<Piece<?>> group = new ArrayList<>();
        lock.lock();
        try {
            // a group that got no turn fails at once: nobody is worth waiting for
            interrupted = noTurn == null && gather();
            while (!queue.isEmpty() && group.size() < MAX_GROUP) {
                group.add(queue.poll());
            }
            returning.clear();
            for (Piece<?> piece : group) {
                returning.add(piece.caller);
            }
        } finally {
            lock.unlock();
        }
        Landing landing = null;
        try {
            if (noTurn == null) {
                landing = runner.run(group);
            } else {
                for (Piece<?> piece : group) {
                    piece.failWith(noTurn);
                }
            }
        } finally {
            lock.lock();
            try {
                Piece<?> next = queue.peek();
                if (next == null) {
                    leading = false;
                } else {
                    next.next.complete(Piece.LEAD);
                }
            } finally {
                lock.unlock();
            }
            try {
                if (landing != null) {
                    landing.await();
                }
            } finally {
                for (Piece<?> piece : group) {
                    piece.next.complete(Piece.DONE);
                }
            }
        }
        return interrupted;
    }

    /**
     * Waits, for at most the gather time, until the callers of the last group (answered by now, since this group's
     * turn came) are back with more work, so that they join this group instead of forming a small one of their own:
     * each group costs one log entry, and a node with many writers is bound by the cost of entries. Sixteen
     * clients in a loop otherwise settle into two alternating groups of eight. Returns whether the caller was
     * interrupted meanwhile.
     */
    private boolean gather() {
        int awaited = returning.size();
        int expected = Math.min(MAX_GROUP, queue.size() + awaited);
        if (queue.size() >= expected || maxGatherNanos == 0) {
            return false;
        }
        long left = gatherNanos;
        gatherTarget = expected;
        try {
            while (queue.size() < expected && left > 0) {
                left = arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            return true;
        } finally {
            gatherTarget = 0;
        }
        // callers that do not come back in time (work that arrives now and then, not in a loop) would make every
        // group wait: the wait halves each time fewer than half of them come back, and doubles back up to the
        // most each time all do; on a busy machine a few callers in a loop may be late without the rest being so
        int cameBack = awaited - returning.size();
        if (queue.size() >= expected) {
            gatherNanos = Math.min(maxGatherNanos, gatherNanos * 2);
        } else if (cameBack * 2 < awaited) {
            gatherNanos = Math.max(Math.min(MIN_GATHER_NANOS, maxGatherNanos), gatherNanos / 2);
        }
        return false;
    }

    /** One caller's work in a group, and what became of it. */
    static final class Piece<T> {

        private static final Object LEAD = new Object();
        private static final Object DONE = new Object();

        private final SqlWork<T> work;
        /** The thread that brought the work: the same thread with more work is a caller coming back. */
        private final Thread caller = Thread.currentThread();
        private volatile CompletableFuture<Object> next = new CompletableFuture<>();
        private T result;
        private SQLException failure;
        private RuntimeException error;

        Piece(SqlWork<T> work) {
            this.work = work;
        }

        /** Runs the work on {@code connection}, keeping its result or failure. */
        void run(java.sql.Connection connection) {
            try {
                result = work.run(connection);
            } catch (SQLException e) {
                failure = e;
            } catch (RuntimeException e) {
                error = e;
            }
        }

        /** Makes {@code groupFailure} this piece's answer: every piece of a group that failed to replicate fails. */
        void failWith(SQLException groupFailure) {
            failure = groupFailure;
            error = null;
            result = null;
        }

        private T answer() throws SQLException {
            if (error != null) {
                throw error;
            }
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }
}
