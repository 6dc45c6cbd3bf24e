package io.dqlite.core.session;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The commits of a leader copy on their way through Raft, in the order they were made: the writer
 * runs the next piece of work while earlier pieces' entries replicate, and a piece counts as
 * replicated only once its own entries and every earlier piece's are.
 *
 * <p>Why the overlap is safe: an entry is submitted only after every earlier one was appended to
 * the leader's log (Ratis appends on the submitting thread, and a refusal there breaks the copy
 * before the writer is let go), so the log holds the pieces in the order they were made, and a
 * later piece is committed only if all before it are. A piece built on one whose outcome is
 * unknown is itself of unknown outcome, whatever its own entries did.
 */
final class CommitPipeline {

    private final Object lock = new Object();
    /** How many pieces may replicate at once; the next waits, gathering more work into its group. */
    private final int depth;
    private final Duration waitLimit;
    private int inFlight;
    private long lastPoint;
    private CompletableFuture<Void> lastOutcome = CompletableFuture.completedFuture(null);

    /** Creates a pipeline of {@code depth} pieces whose waits give up after {@code waitLimit}. */
    CommitPipeline(int depth, Duration waitLimit) {
        this.depth = depth;
        this.waitLimit = waitLimit;
    }

    /** Waits until fewer pieces than the depth replicate. */
    void awaitRoom() throws SQLException {
        awaitInFlightBelow(depth);
    }

    /** Waits until no piece replicates, so that the file holds only acknowledged commits. */
    void awaitDrained() throws SQLException {
        awaitInFlightBelow(1);
    }

    /**
     * Puts the piece that the writer just finished, and whose entries are submitted, behind every
     * earlier one; {@link Flight#land} must follow, whatever happens.
     */
    Flight depart(CommitReplicator.Submission submission) {
        synchronized (lock) {
            inFlight++;
            lastPoint++;
            Flight flight = new Flight(submission, lastPoint, lastOutcome);
            lastOutcome = flight.outcome;
            return flight;
        }
    }

    private void awaitInFlightBelow(int bound) throws SQLException {
        long deadline = System.nanoTime() + waitLimit.toNanos();
        synchronized (lock) {
            while (inFlight >= bound) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SQLException(inFlight + " commits still replicate after " + waitLimit.toMillis() + " ms",
                            "HY000");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for commits to replicate", e);
                }
            }
        }
    }

    /** One piece's commits in flight: point {@link #point()} of the file, once they are acknowledged. */
    final class Flight {

        private final CommitReplicator.Submission submission;
        private final long point;
        private final CompletableFuture<Void> earlier;
        private final CompletableFuture<Void> outcome = new CompletableFuture<>();

        private Flight(CommitReplicator.Submission submission, long point, CompletableFuture<Void> earlier) {
            this.submission = submission;
            this.point = point;
            this.earlier = earlier;
        }

        /** Returns the number of this piece's point: later pieces have higher ones. */
        long point() {
            return point;
        }

        /** Tells whether the piece committed nothing, so that it leaves no point of its own. */
        boolean isEmpty() {
            return submission.isEmpty();
        }

        /**
         * Waits until every earlier piece and this one's entries are committed.
         *
         * @throws CommitReplicator.ReplicationFailedException if any of them was not
         */
        void awaitReplicated() throws CommitReplicator.ReplicationFailedException {
            try {
                // an earlier piece gives up within its own wait, so this one is bounded as well
                earlier.get(waitLimit.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommitReplicator.ReplicationFailedException("interrupted while waiting for replication", e);
            } catch (ExecutionException e) {
                throw new CommitReplicator.ReplicationFailedException("an earlier commit this work followed failed"
                        + " to replicate: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new CommitReplicator.ReplicationFailedException("an earlier commit this work followed was not"
                        + " replicated within " + waitLimit.toMillis() * 2 + " ms", e);
            }
            submission.await();
        }

        /**
         * Ends the flight: {@code failure} null if it replicated. Call after the readers were told,
         * since a later piece learns from this that everything before it is settled.
         */
        void land(Throwable failure) {
            synchronized (lock) {
                inFlight--;
                lock.notifyAll();
            }
            if (failure == null) {
                outcome.complete(null);
            } else {
                outcome.completeExceptionally(failure);
            }
        }
    }
}
