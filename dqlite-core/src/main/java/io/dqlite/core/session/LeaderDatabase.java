package io.dqlite.core.session;

import io.dqlite.core.log.EntryCodec;
import io.dqlite.core.log.LogEntry;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.replication.ReplicationSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database on the leader: one writer connection, one thread that runs work on it in turn, and
 * the commit pipeline (local commit, capture, Raft append, wait) after each piece of work.
 *
 * <p>Work runs strictly one at a time and returns only once its commits are replicated, so no
 * work ever reads a commit that Raft has not committed. When the outcome of a commit is unknown the
 * database is broken: its file may hold a commit the log lacks, so the node opens it afresh.
 */
public final class LeaderDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaderDatabase.class);

    private final String name;
    private final ReplicationSource source;
    private final EntrySubmitter submitter;
    private final Duration applyTimeout;
    private final ExecutorService writer;
    private volatile String brokenBecause;

    private LeaderDatabase(String name, ReplicationSource source, EntrySubmitter submitter, Duration applyTimeout) {
        this.name = name;
        this.source = source;
        this.submitter = submitter;
        this.applyTimeout = applyTimeout;
        this.writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dqlite-writer-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens the leader's copy of {@code name} in {@code file}, which must hold exactly the applied log. */
    public static LeaderDatabase open(String name, Path file, ReplicationSettings settings, EntrySubmitter submitter,
            Duration applyTimeout) throws IOException, SQLException {
        ReplicationSource source = ReplicationSource.open(name, file, settings);
        LeaderDatabase database = new LeaderDatabase(name, source, submitter, applyTimeout);
        try {
            database.execute(connection -> null);
        } catch (SQLException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * Runs {@code work} on the writer connection after every earlier piece of work, then replicates
     * what it committed; returns only once that is committed by Raft.
     *
     * @throws CommitOutcomeUnknownException if a commit was made but its replication could not be confirmed
     * @throws LeadershipLostException if the database was closed because this node stopped leading
     */
    public <T> T execute(SqlWork<T> work) throws SQLException {
        Future<T> result;
        try {
            result = writer.submit(() -> runAndReplicate(work));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new LeadershipLostException("database '" + name + "' is closed on this node", null);
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for database '" + name + "'", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof java.util.concurrent.CancellationException) {
                throw new LeadershipLostException("database '" + name + "' was closed", null);
            }
            throw new SQLException("work on database '" + name + "' failed: " + e.getCause(), e.getCause());
        }
    }

    /** Tells whether a commit of unknown outcome made this copy unusable. */
    public boolean isBroken() {
        return brokenBecause != null;
    }

    /** Returns the database's name. */
    public String name() {
        return name;
    }

    private <T> T runAndReplicate(SqlWork<T> work) throws SQLException {
        if (brokenBecause != null) {
            throw new LeadershipLostException("database '" + name + "' is being rebuilt: " + brokenBecause, null);
        }
        T result;
        try {
            result = work.run(source.connection());
        } finally {
            if (!source.connection().getAutoCommit()) {
                source.connection().rollback();
                source.connection().setAutoCommit(true);
            }
            replicate();
        }
        return result;
    }

    private void replicate() throws SQLException {
        List<LogEntry> entries;
        try {
            entries = source.capture();
        } catch (IOException e) {
            throw broken("capturing the WAL failed", e);
        }
        if (entries.isEmpty()) {
            return;
        }
        CompletableFuture<Void> last = null;
        for (LogEntry entry : entries) {
            last = submitter.submit(EntryCodec.encode(entry));
        }
        try {
            last.get(applyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw broken("interrupted while waiting for replication", e);
        } catch (ExecutionException | TimeoutException e) {
            throw broken(e instanceof TimeoutException ? "not replicated within " + applyTimeout.toMillis() + " ms"
                    : "replication failed: " + e.getCause(), e);
        }
        try {
            source.checkpointIfDue();
        } catch (IOException e) {
            throw broken("checkpoint failed", e);
        }
    }

    private CommitOutcomeUnknownException broken(String reason, Throwable cause) {
        brokenBecause = reason;
        log.warn("Commit to database '{}' has an unknown outcome ({}); its leader copy will be rebuilt", name, reason);
        return new CommitOutcomeUnknownException("the commit to database '" + name + "' may or may not have been"
                + " applied: " + reason, cause);
    }

    /** Stops the writer (failing work still queued) and closes the connection. */
    @Override
    public void close() {
        writer.shutdownNow();
        try {
            if (!writer.awaitTermination(applyTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                log.warn("Writer of database '{}' did not stop in time", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            source.close();
        } catch (IllegalStateException e) {
            log.info("Closed leader copy of '{}' ahead of the log; it is discarded: {}", name, e.getMessage());
        } catch (IOException | SQLException e) {
            log.warn("Closing database '{}' failed", name, e);
        }
    }
}
