package io.dqlite.core.session;

import io.dqlite.core.entry.DatabaseEntry;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.replication.ReplicationSource;
import io.dqlite.core.replication.SqliteVersionCheck;
import io.dqlite.jdbc.CommitOutcomeUnknownException;
import io.dqlite.jdbc.LeadershipLostException;
import io.dqlite.jdbc.SqliteErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * A database on the leader: one writer connection, a fair permit that queues everyone who wants
 * it, and the commit pipeline (local commit, capture, Raft append, wait) after each piece of work.
 *
 * <p>Work runs strictly one at a time and returns only once its commits are replicated; autocommit
 * work that queues while a commit replicates runs as one group ({@link GroupCommit}) whose commits
 * travel as one log entry. Queries outside a transaction read from reader connections whose
 * snapshots start between pieces of work, so nothing ever reads a commit that Raft has not
 * committed, and reads never wait for another session's open transaction. When the outcome of a
 * commit is unknown the database is broken: its file may hold a commit the log lacks, so the node
 * opens it afresh.
 */
public final class LeaderDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaderDatabase.class);
    /** How many queries may stream their rows at once. */
    private static final int READERS = 64;
    /** The most readers pinned at each replicated point, for queries invoked while the next commits replicate. */
    private static final int PINNED_READERS = 4;

    private final String name;
    private final ReplicationSource source;
    private final CommitReplicator replicator;
    private final GroupCommit groups = new GroupCommit(this::runGroup);
    private final LeadershipCheck leadership;
    private final Duration applyTimeout;
    private final Duration statementTimeout;
    private final long maxBufferedResultBytes;
    private final Semaphore writer = new Semaphore(1, true);
    private final ReaderPool readers;
    /** Held exclusively while work runs on the writer and its commits replicate; reads start under it shared. */
    private final ReentrantReadWriteLock commitGate = new ReentrantReadWriteLock();
    /** Queries started since the last replicated point: how many readers are worth pinning at the next. */
    private final AtomicInteger readsSincePoint = new AtomicInteger();
    private volatile boolean closed;
    private volatile String brokenBecause;

    private LeaderDatabase(String name, ReplicationSource source, EntrySubmitter submitter, LeadershipCheck leadership,
            Duration applyTimeout, ReplicationSettings settings) {
        this.statementTimeout = settings.statementTimeout();
        this.maxBufferedResultBytes = settings.maxBufferedResultBytes();
        this.name = name;
        this.source = source;
        this.replicator = new CommitReplicator(name, submitter, applyTimeout);
        this.leadership = leadership;
        this.applyTimeout = applyTimeout;
        this.readers = new ReaderPool(source.file(), READERS, applyTimeout);
    }

    /** Opens the leader's copy of {@code name} in {@code file}, which must hold exactly the applied log. */
    public static LeaderDatabase open(String name, Path file, ReplicationSettings settings, EntrySubmitter submitter,
            LeadershipCheck leadership, Duration applyTimeout) throws IOException, SQLException {
        ReplicationSource source = ReplicationSource.open(name, file, settings);
        LeaderDatabase database = new LeaderDatabase(name, source, submitter, leadership, applyTimeout, settings);
        try {
            // VACUUM attaches one scratch database of its own; clients' ATTACH is refused by the guard
            source.connection().unwrap(SQLiteConnection.class).setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 1);
            database.execute(connection -> null);
        } catch (SQLException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * Runs the leader's path once on a scratch database in {@code directory}: a follower never opens
     * SQLite, so without this the first client after an election would wait for SQLite's native
     * library to load and the commit path to be compiled (about 200 ms measured in a failover). It
     * also refuses an SQLite older than the tested one ({@link SqliteVersionCheck}).
     */
    public static void warmUp(Path directory) throws IOException, SQLException {
        Files.createDirectories(directory);
        Path file = directory.resolve("warm-up.db");
        try (ReplicationSource source = ReplicationSource.open("warm-up", file, ReplicationSettings.defaults());
                Statement statement = source.connection().createStatement()) {
            SqliteVersionCheck.require(source.connection());
            statement.executeUpdate("CREATE TABLE warm_up (id INTEGER PRIMARY KEY, body TEXT)");
            statement.executeUpdate("INSERT INTO warm_up(body) VALUES ('warm')");
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM warm_up")) {
                rows.next();
            }
            source.capture();
        } finally {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
        }
    }

    /**
     * Runs {@code work} on the writer connection once every earlier piece of work is done, in a
     * group with the work of other sessions that arrived meanwhile, then replicates what the group
     * committed as one log entry; returns only once that is committed by Raft. {@code work} must
     * not leave a transaction open.
     *
     * @throws CommitOutcomeUnknownException if the group committed something whose replication
     *     could not be confirmed (every piece of such a group fails so, since each may have read
     *     the others' commits)
     * @throws LeadershipLostException if the database was closed because this node stopped leading
     */
    public <T> T execute(SqlWork<T> work) throws SQLException {
        return groups.execute(work);
    }

    /** Takes the writer, runs each piece of {@code group} on it, and replicates their commits as one entry. */
    private void runGroup(List<GroupCommit.Piece<?>> group) {
        try {
            acquire();
        } catch (SQLException e) {
            group.forEach(piece -> piece.failWith(e));
            return;
        }
        try {
            requireOpen();
            commitGate.writeLock().lock();
            try {
                for (GroupCommit.Piece<?> piece : group) {
                    piece.run(source.connection());
                }
                replicate();
            } finally {
                commitGate.writeLock().unlock();
            }
        } catch (SQLException e) {
            group.forEach(piece -> piece.failWith(e));
        } finally {
            release();
        }
    }

    /**
     * Waits for the writer permit, in arrival order, for as long as {@link #writerWaitLimit()}.
     *
     * @throws SQLTransientException with SQLite's BUSY code if another session held it all that time
     */
    void acquire() throws SQLException {
        requireOpen();
        try {
            if (!writer.tryAcquire(writerWaitLimit().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientException("database '" + name + "' is busy: another session's transaction"
                        + " held it for " + writerWaitLimit().toSeconds() + " s", "40001", SqliteErrors.SQLITE_BUSY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for database '" + name + "'", e);
        }
        if (closed) {
            writer.release();
            requireOpen();
        }
    }

    /** How long a session waits for another's transaction to end: three apply timeouts, at least 30 s. */
    private Duration writerWaitLimit() {
        Duration three = applyTimeout.multipliedBy(3);
        return three.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : three;
    }

    void release() {
        writer.release();
    }

    /** Lends a read-only connection for a query that streams its rows. */
    Connection borrowReader() throws SQLException {
        requireOpen();
        return readers.borrow();
    }

    /**
     * Lends a reader whose snapshot was taken at the latest replicated point, or returns null if none
     * is pinned: a query invoked now may read there, since every commit acknowledged so far is in it
     * and no commit that Raft has not committed is.
     */
    Connection borrowPinnedReader() throws SQLException {
        requireOpen();
        readsSincePoint.incrementAndGet();
        return readers.borrowPinned();
    }

    /** Takes back a reader lent by {@link #borrowReader()} or {@link #borrowPinnedReader()}. */
    void giveBackReader(Connection reader, boolean healthy) {
        readers.giveBack(reader, healthy);
    }

    /** Confirms leadership, as a read must before it is served. */
    void confirmLeadership() throws SQLException {
        leadership.confirm();
    }

    /** Runs {@code work} for a caller that holds the permit, then replicates what it committed. */
    <T> T runHolding(SqlWork<T> work) throws SQLException {
        requireOpen();
        commitGate.writeLock().lock();
        try {
            T result;
            try {
                result = work.run(source.connection());
            } finally {
                replicate();
            }
            return result;
        } finally {
            commitGate.writeLock().unlock();
        }
    }

    /**
     * Runs {@code start}, which opens a read on a reader connection, at a moment when no local commit
     * waits for replication, so the read's snapshot holds only commits Raft has committed.
     *
     * @throws LeadershipLostException if a commit of unknown outcome broke this copy while the read waited
     */
    <T> T atReplicatedPoint(SqlWork<T> start, Connection reader) throws SQLException {
        commitGate.readLock().lock();
        try {
            // a commit that failed to replicate released the gate with its pages still in the file
            requireOpen();
            return start.run(reader);
        } finally {
            commitGate.readLock().unlock();
        }
    }

    /** Tells whether a commit of unknown outcome, or the loss of leadership, made this copy unusable. */
    public boolean isBroken() {
        return brokenBecause != null || closed;
    }

    /** Returns how long one statement may run before it is interrupted; zero for no limit. */
    Duration statementTimeout() {
        return statementTimeout;
    }

    /** Returns how many bytes of one statement's rows a session may hold in memory. */
    long maxBufferedResultBytes() {
        return maxBufferedResultBytes;
    }

    /** Returns the database's name. */
    public String name() {
        return name;
    }

    private void requireOpen() throws SQLException {
        if (closed) {
            throw new LeadershipLostException("database '" + name + "' is closed on this node", null);
        }
        if (brokenBecause != null) {
            throw new LeadershipLostException("database '" + name + "' is being rebuilt: " + brokenBecause, null);
        }
    }

    private void replicate() throws SQLException {
        List<DatabaseEntry> entries;
        try {
            entries = source.capture();
        } catch (IOException e) {
            throw broken("capturing the WAL failed", e);
        }
        if (entries.isEmpty()) {
            return;
        }
        try {
            replicator.replicate(entries);
        } catch (CommitReplicator.ReplicationFailedException e) {
            throw broken(e.getMessage(), e.getCause());
        }
        // a replicated point: readers pinned at the previous one fall behind, and would hold back the checkpoint
        readers.unpinIdle();
        try {
            source.checkpointIfDue();
        } catch (IOException e) {
            throw broken("checkpoint failed", e);
        } catch (SQLException e) {
            // the commit is replicated; a checkpoint that could not run is tried again after the next one
            log.warn("Checkpoint of database '{}' failed after a replicated commit: {}", name, e.getMessage());
        }
        readers.pin(Math.min(PINNED_READERS, readsSincePoint.getAndSet(0)));
    }

    private CommitOutcomeUnknownException broken(String reason, Throwable cause) {
        brokenBecause = reason;
        log.warn("Commit to database '{}' has an unknown outcome ({}); its leader copy will be rebuilt", name, reason);
        return new CommitOutcomeUnknownException("the commit to database '" + name + "' may or may not have been"
                + " applied: " + reason, cause);
    }

    /**
     * Refuses new work, waits (up to the apply timeout) for the work in progress, and closes the
     * connection; the file is discarded, since the applied file holds the truth.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean acquired = false;
        try {
            acquired = writer.tryAcquire(applyTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (!acquired) {
                log.warn("Database '{}' closed while work was still running on it", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.close();
        try {
            source.close();
        } catch (IllegalStateException e) {
            log.info("Closed leader copy of '{}' ahead of the log; it is discarded: {}", name, e.getMessage());
        } catch (IOException | SQLException e) {
            log.warn("Closing database '{}' failed", name, e);
        } finally {
            if (acquired) {
                writer.release();
            }
        }
        deleteFiles();
    }

    private void deleteFiles() {
        Path file = source.file();
        for (String suffix : List.of("", "-wal", "-shm")) {
            try {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            } catch (IOException e) {
                log.warn("Could not delete the discarded leader copy {}{}", file, suffix, e);
            }
        }
    }
}
