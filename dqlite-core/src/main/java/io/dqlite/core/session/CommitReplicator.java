package io.dqlite.core.session;

import io.dqlite.core.entry.EntryCodec;
import io.dqlite.core.entry.DatabaseEntry;
import io.dqlite.core.entry.TransactionAbort;
import io.dqlite.core.entry.TransactionPart;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends the entries of one piece of work to the Raft log in order and waits for every one of
 * them: a piece of work is replicated only if all its entries are committed.
 *
 * <p>Entries go out one after another through the submitter, which bounds what is in flight.
 * After the first failure nothing more is submitted, and each transaction that may be left
 * unfinished is ended by an abort entry, so followers discard its parts instead of holding them.
 */
final class CommitReplicator {

    private static final Logger log = LoggerFactory.getLogger(CommitReplicator.class);

    private final String database;
    private final EntrySubmitter submitter;
    private final Duration progressTimeout;

    /**
     * Creates a replicator for {@code database}; a wait fails once no entry committed for
     * {@code progressTimeout}.
     */
    CommitReplicator(String database, EntrySubmitter submitter, Duration progressTimeout) {
        this.database = database;
        this.submitter = submitter;
        this.progressTimeout = progressTimeout;
    }

    /**
     * Appends {@code entries} and returns once all are committed.
     *
     * @throws ReplicationFailedException if any entry could not be committed or confirmed in time;
     *     the entries' transactions may or may not be in the log
     */
    void replicate(List<DatabaseEntry> entries) throws ReplicationFailedException {
        submit(entries).await();
    }

    /**
     * Appends {@code entries} to the log one after another, stopping at the first refusal, and
     * returns without waiting for them to be committed. When this returns, every entry submitted
     * is in the leader's log unless {@link Submission#refused()} says otherwise: Ratis appends a
     * write on the submitting thread, and fails it there if it cannot.
     */
    Submission submit(List<DatabaseEntry> entries) {
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        List<CompletableFuture<Void>> submitted = new ArrayList<>(entries.size());
        Set<Long> split = new LinkedHashSet<>();
        try {
            // entries are made as they are taken, a part's pages read from the WAL only now
            for (DatabaseEntry entry : entries) {
                if (firstFailure.get() != null) {
                    break;
                }
                if (entry instanceof TransactionPart part && !(part.index() == 0 && part.last())) {
                    split.add(part.transactionId());
                }
                CompletableFuture<Void> future = submitter.submit(EntryCodec.encode(entry));
                future.whenComplete((done, failure) -> {
                    if (failure != null) {
                        firstFailure.compareAndSet(null, failure);
                    }
                });
                submitted.add(future);
            }
        } catch (UncheckedIOException e) {
            firstFailure.compareAndSet(null, e.getCause());
        }
        boolean refused = submitted.size() < entries.size()
                || submitted.stream().anyMatch(CompletableFuture::isCompletedExceptionally);
        return new Submission(submitted, refused, split, firstFailure);
    }

    /** The entries of one piece of work on their way into the log. */
    final class Submission {

        private final List<CompletableFuture<Void>> submitted;
        private final boolean refused;
        private final Set<Long> split;
        private final AtomicReference<Throwable> firstFailure;

        private Submission(List<CompletableFuture<Void>> submitted, boolean refused, Set<Long> split,
                AtomicReference<Throwable> firstFailure) {
            this.submitted = submitted;
            this.refused = refused;
            this.split = split;
            this.firstFailure = firstFailure;
        }

        /**
         * Tells whether an entry was refused, or left out, before {@link #submit} returned: then an
         * entry after it could be in the log while it is not, and nothing may be appended after it.
         */
        boolean refused() {
            return refused;
        }

        /** Tells whether there was nothing to append. */
        boolean isEmpty() {
            return submitted.isEmpty() && !refused;
        }

        /**
         * Waits until every entry is committed.
         *
         * @throws ReplicationFailedException if any could not be committed or confirmed in time
         */
        void await() throws ReplicationFailedException {
            String failure = awaitAll(submitted);
            if (failure == null && !refused) {
                return;
            }
            if (failure == null) {
                failure = "replication failed: " + describe(firstFailure.get());
            }
            abort(split);
            throw new ReplicationFailedException(failure, firstFailure.get());
        }
    }

    /** Waits for every future; returns why one failed or timed out, or null if all succeeded. */
    private String awaitAll(List<CompletableFuture<Void>> submitted) {
        String failure = null;
        for (CompletableFuture<Void> future : submitted) {
            try {
                future.get(progressTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for replication";
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = "replication failed: " + describe(e.getCause());
                }
            } catch (TimeoutException e) {
                return "not replicated within " + progressTimeout.toMillis() + " ms";
            }
        }
        return failure;
    }

    /**
     * Appends an abort entry for each split transaction of which parts were submitted; an abort of
     * a transaction that did complete is ignored by followers.
     */
    private void abort(Set<Long> split) {
        for (long transactionId : split) {
            try {
                submitter.submit(EntryCodec.encode(new TransactionAbort(database, transactionId)))
                        .get(progressTimeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("Aborted unfinished transaction {} of database '{}'", transactionId, database);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // followers discard it anyway when the next transaction or the next leader's term begins
                log.warn("Could not append the abort of transaction {} of database '{}': {}", transactionId,
                        database, describe(e instanceof ExecutionException ? e.getCause() : e));
            }
        }
    }

    private static String describe(Throwable failure) {
        return failure == null ? "unknown cause" : failure.toString();
    }

    /** Thrown when the entries of a piece of work could not all be committed. */
    static final class ReplicationFailedException extends Exception {

        private static final long serialVersionUID = 1L;

        ReplicationFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
