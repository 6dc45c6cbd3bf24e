package io.dqlite.core.session;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

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
 * until its entry is committed ({@link CommitPipeline}, {@link ReaderPool}).
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

    private final GroupRunner runner;
    private final Object lock = new Object();
    private final ArrayDeque<Piece<?>> queue = new ArrayDeque<>();
    private boolean leading;

    GroupCommit(GroupRunner runner) {
        this.runner = runner;
    }

    /**
     * Runs {@code work} in the next group and returns its own result once the group's entry is
     * committed, or throws its own failure (or the group's, if the group's entry failed).
     */
    <T> T execute(SqlWork<T> work) throws SQLException {
        Piece<T> piece = new Piece<>(work);
        boolean lead;
        synchronized (lock) {
            queue.add(piece);
            lead = !leading;
            leading = true;
        }
        if (lead) {
            lead();
        }
        boolean interrupted = false;
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
                    lead();
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
     * and then waits for the group's replication.
     */
    private void lead() {
        SQLException noTurn = null;
        try {
            runner.awaitTurn();
        } catch (SQLException e) {
            noTurn = e;
        }
        // the group is formed only now: the work that queued during the wait goes with it
        List<Piece<?>> group = new ArrayList<>();
        synchronized (lock) {
            while (!queue.isEmpty() && group.size() < MAX_GROUP) {
                group.add(queue.poll());
            }
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
            synchronized (lock) {
                Piece<?> next = queue.peek();
                if (next == null) {
                    leading = false;
                } else {
                    next.next.complete(Piece.LEAD);
                }
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
    }

    /** One caller's work in a group, and what became of it. */
    static final class Piece<T> {

        private static final Object LEAD = new Object();
        private static final Object DONE = new Object();

        private final SqlWork<T> work;
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
