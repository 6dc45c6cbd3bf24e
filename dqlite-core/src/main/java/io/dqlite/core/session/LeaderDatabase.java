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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * A database on the leader: one writer connection, a fair permit that queues everyone who wants
 * it, and the commit pipeline (local commit, capture, Raft append, wait) after each piece of work.
 *
 * <p>Work runs on the writer strictly one piece at a time. Autocommit work that queues meanwhile
 * runs as one group ({@link GroupCommit}) whose commits travel as one log entry, and the next
 * group runs while the previous one's entry replicates ({@link CommitPipeline}); every piece
 * returns only once its commits, and every commit before them, are replicated. Queries outside a
 * transaction read from reader connections whose snapshots start at replicated points
 * ({@link ReaderPool}), so nothing ever reads a commit that Raft has not committed, and reads
 * never wait for another session's open transaction. When the outcome of a commit is unknown the
 * database is broken: its file may hold a commit the log lacks, so the node opens it afresh.
 */
public final class LeaderDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaderDatabase.class);
    /** How many queries may stream their rows at once. */
    private static final int READERS = 64;
    /** The most readers pinned at each point, for queries invoked while the next commits replicate. */
    private static final int PINNED_READERS = 4;

    private final String name;
    private final ReplicationSource source;
    private final CommitReplicator replicator;
    private final CommitPipeline pipeline;
    private final GroupCommit groups;
    private final LeadershipCheck leadership;
    private final Duration applyTimeout;
    private final Duration statementTimeout;
    private final long maxBufferedResultBytes;
    private final Semaphore writer = new Semaphore(1, true);
    private final ReaderPool readers;
    private final CompiledStatements writerStatements;
    /** Queries started since the last point: how many readers are worth pinning at the next. */
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
        this.writerStatements = new CompiledStatements(source.connection());
        this.pipeline = new CommitPipeline(settings.commitPipelineDepth(), applyTimeout);
        this.groups = new GroupCommit(new GroupCommit.GroupRunner() {
            @Override
            public void awaitTurn() throws SQLException {
                takeWriter();
                try {
                    pipeline.awaitRoom();
                } catch (SQLException e) {
                    release();
                    throw e;
                }
            }

            @Override
            public GroupCommit.Landing run(List<GroupCommit.Piece<?>> group) {
                return runGroup(group);
            }
        }, settings.commitGatherTime());
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

    /** Returns the writer's compiled statements; only work running on the writer may use them. */
    CompiledStatements writerStatements() {
        return writerStatements;
    }

    /**
     * Runs each piece of {@code group} on the writer (taken by the group's turn), submits their
     * commits as one entry and lets the writer go; the returned landing waits for the entry.
     */
    private GroupCommit.Landing runGroup(List<GroupCommit.Piece<?>> group) {
        CommitPipeline.Flight flight;
        try {
            startWork();
            try {
                for (GroupCommit.Piece<?> piece : group) {
                    piece.run(source.connection());
                }
            } finally {
                flight = submitWork();
            }
        } catch (SQLException e) {
            group.forEach(piece -> piece.failWith(e));
            return () -> { };
        } finally {
            release();
        }
        return () -> {
            try {
                land(flight);
            } catch (SQLException e) {
                group.forEach(piece -> piece.failWith(e));
            }
        };
    }

    /**
     * Takes the writer for a transaction, waiting in arrival order for as long as
     * {@link #writerWaitLimit()}, and then for every commit in flight to replicate: a transaction
     * hands out what it reads before it commits, so it must not read a commit still in flight.
     *
     * @throws SQLTransientException with SQLite's BUSY code if another session held it all that time
     */
    void acquire() throws SQLException {
        takeWriter();
        try {
            pipeline.awaitDrained();
            requireOpen();
        } catch (SQLException e) {
            release();
            throw e;
        }
    }

    /** Waits for the writer permit, in arrival order, for as long as {@link #writerWaitLimit()}. */
    private void takeWriter() throws SQLException {
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
     * Lends a reader whose snapshot holds every commit acknowledged so far and none that Raft has
     * not committed, as a query invoked now must read: pinned at the servable point, or pinned
     * now when no commit is in flight, else the first of the two that comes.
     *
     * @throws LeadershipLostException if a commit of unknown outcome broke this copy meanwhile
     */
    Connection borrowReaderAtReplicatedPoint() throws SQLException {
        requireOpen();
        readsSincePoint.incrementAndGet();
        // a commit that failed to replicate leaves its pages in the file: the check runs before each snapshot
        return readers.borrowAtReplicatedPoint(this::requireOpen);
    }

    /** Returns the compiled statements of {@code reader}, lent by this database; only its borrower may use them. */
    CompiledStatements readerStatements(Connection reader) {
        return readers.statementsOf(reader);
    }

    /** Takes back a reader lent by {@link #borrowReader()} or {@link #borrowReaderAtReplicatedPoint()}. */
    void giveBackReader(Connection reader, boolean healthy) {
        readers.giveBack(reader, healthy);
    }

    /** Confirms leadership, as a read must before it is served. */
    void confirmLeadership() throws SQLException {
        leadership.confirm();
    }

    /** Runs {@code work} for a caller that holds the permit, then replicates what it committed. */
    <T> T runHolding(SqlWork<T> work) throws SQLException {
        startWork();
        T result;
        try {
            result = work.run(source.connection());
        } finally {
            land(submitWork());
        }
        return result;
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

    /** Begins work on the writer, which the caller holds: from now on the file may change. */
    private void startWork() throws SQLException {
        requireOpen();
        checkpointIfDue();
        readers.workStarting();
    }

    /**
     * Ends the work on the writer: captures what it committed, submits it, and pins readers at
     * the point it leaves. Nothing can be appended after an entry Ratis refused, so a refusal
     * breaks the copy before the writer is let go.
     */
    private CommitPipeline.Flight submitWork() throws SQLException {
        boolean departed = false;
        try {
            List<DatabaseEntry> entries;
            try {
                entries = source.capture();
            } catch (IOException e) {
                throw broken("capturing the WAL failed", e);
            }
            CommitReplicator.Submission submission = replicator.submit(entries);
            if (submission.refused()) {
                try {
                    // it waits for what was appended, and aborts a split transaction left unfinished
                    submission.await();
                } catch (CommitReplicator.ReplicationFailedException e) {
                    throw broken(e.getMessage(), e.getCause());
                }
                throw broken("an entry was not appended", null);
            }
            CommitPipeline.Flight flight = pipeline.depart(submission);
            departed = true;
            // one reader at least: the first query after a quiet spell then need not wait for the commits in flight
            int pins = flight.isEmpty() ? 0 : Math.max(1, Math.min(PINNED_READERS, readsSincePoint.getAndSet(0)));
            readers.workDone(!flight.isEmpty(), flight.point(), pins);
            return flight;
        } finally {
            if (!departed) {
                readers.workDone(false, 0, 0);
            }
        }
    }

    /**
     * Waits for {@code flight} (and every earlier one) to replicate, then makes its point servable.
     *
     * @throws CommitOutcomeUnknownException if it or an earlier one could not be confirmed
     */
    private void land(CommitPipeline.Flight flight) throws SQLException {
        Throwable failure = null;
        boolean settled = false;
        try {
            flight.awaitReplicated();
            if (!flight.isEmpty()) {
                readers.acknowledged(flight.point());
            }
            settled = true;
        } catch (CommitReplicator.ReplicationFailedException e) {
            failure = e;
            settled = true;
            CommitOutcomeUnknownException unknown = broken(e.getMessage(), e.getCause());
            if (!flight.isEmpty()) {
                readers.failed(flight.point());
            }
            throw unknown;
        } finally {
            // made only when needed: an exception's stack trace costs more than the rest of a landing
            flight.land(settled ? failure : new IllegalStateException("the wait for replication ended abruptly"));
        }
    }

    /**
     * Checkpoints the WAL when it has grown enough, once every commit in flight is replicated: a
     * checkpoint then copies only replicated commits, and the readers pinned before it, which would
     * hold it back, are let go first.
     */
    private void checkpointIfDue() throws SQLException {
        if (!source.checkpointDue()) {
            return;
        }
        pipeline.awaitDrained();
        requireOpen();
        readers.unpinIdle();
        try {
            source.checkpointIfDue();
        } catch (IOException e) {
            throw broken("checkpoint failed", e);
        } catch (SQLException e) {
            // the commits are replicated; a checkpoint that could not run is tried again before the next work
            log.warn("Checkpoint of database '{}' failed: {}", name, e.getMessage());
        }
    }

    private CommitOutcomeUnknownException broken(String reason, Throwable cause) {
        boolean first = brokenBecause == null;
        brokenBecause = first ? reason : brokenBecause;
        if (first) {
            log.warn("Commit to database '{}' has an unknown outcome ({}); its leader copy will be rebuilt", name, reason);
        }
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
            } else {
                pipeline.awaitDrained();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.warn("Database '{}' closed while commits were still replicating: {}", name, e.getMessage());
        }
        readers.close();
        if (acquired) {
            writerStatements.close();
        }
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
