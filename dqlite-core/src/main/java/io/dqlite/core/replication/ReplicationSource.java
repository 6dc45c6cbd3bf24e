package io.dqlite.core.replication;

import io.dqlite.core.entry.EntrySplitter;
import io.dqlite.core.entry.TransactionPart;
import io.dqlite.core.entry.DatabaseEntry;
import io.dqlite.core.wal.DatabaseImage;
import io.dqlite.core.wal.FrameCapture;
import io.dqlite.core.wal.WalCommit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * A leader's database: the one SQLite connection that writes it, and the log entries of what
 * that connection commits.
 *
 * <p>Run a write transaction on {@link #connection()}, then call {@link #capture()} before the
 * next one begins. Only this class checkpoints the WAL ({@code wal_autocheckpoint} is off), and
 * always after capturing, so no commit is lost to a WAL restart. Keep the source open for as long
 * as this node leads: when SQLite's last connection closes it checkpoints and deletes the WAL.
 */
public final class ReplicationSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicationSource.class);

    private final String database;
    private final Path file;
    private final ReplicationSettings settings;
    private final Connection connection;
    private final FrameCapture capture;
    private final EntrySplitter splitter;
    private final SentPages sent;
    private final List<WalCommit> uncaptured = new ArrayList<>();
    private long nextTransactionId = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    private long retryCheckpointGeneration = -1;
    private long retryCheckpointAtFrames;

    private ReplicationSource(String database, Path file, ReplicationSettings settings, Connection connection) {
        this.database = database;
        this.file = file;
        this.settings = settings;
        this.connection = connection;
        this.capture = new FrameCapture(file);
        this.splitter = new EntrySplitter(settings.maxEntryBytes());
        this.sent = new SentPages(SentPages.MAX_BYTES);
    }

    /**
     * Opens {@code file} as the leader's copy of {@code database}, creating it (or switching it to
     * WAL mode) if needed; the pages of such a creation are the first thing {@link #capture()} returns.
     *
     * @throws IllegalStateException if a non-empty {@code -wal} file lies beside {@code file}: its
     *     frames were never captured, so the file must be rebuilt or checkpointed first
     */
    public static ReplicationSource open(String database, Path file, ReplicationSettings settings)
            throws IOException, SQLException {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        if (Files.exists(wal) && Files.size(wal) > 0) {
            throw new IllegalStateException(wal + " exists and holds frames that were never captured;"
                    + " rebuild " + file + " from the log or checkpoint it before replicating it");
        }
        WalCommit creation = prepareWalMode(file, settings.pageSize());
        Connection connection = openWriter(file, settings);
        ReplicationSource source = new ReplicationSource(database, file, settings, connection);
        if (creation != null) {
            source.uncaptured.add(creation);
        }
        log.debug("Opened database '{}' at {} for replication", database, file);
        return source;
    }

    /** Returns the connection that writes this database; never close it yourself. */
    public Connection connection() {
        return connection;
    }

    /**
     * Returns the log entries of what was committed since the previous call: the commits merged
     * into one transaction (each page at its last image, the last commit's size), so a group of
     * commits costs Raft one entry, split into parts only if it is large. Returns nothing when no
     * transaction committed (rolled back, failed or read-only work). A transaction of one entry
     * carries the pages sent before as their changes ({@link SentPages}): append the entries to
     * the log in the order they are returned, every one of them, or close this source.
     *
     * <p>Each entry is made, and its pages read from the WAL, when the list is asked for it: go
     * through the entries before the next write transaction begins, and a transaction larger than
     * the heap passes through a part at a time.
     */
    public List<DatabaseEntry> capture() throws IOException {
        List<WalCommit> commits = takeCommits();
        if (commits.isEmpty()) {
            return List.of();
        }
        List<TransactionPart> parts = splitter.split(database, nextTransactionId++, WalCommit.merge(commits));
        if (parts.size() > 1) {
            sent.forget();
            return Collections.unmodifiableList(parts);
        }
        return List.of(sent.shrink(parts.get(0)));
    }

    /**
     * Runs a PASSIVE checkpoint if the WAL holds at least the configured number of frames, so that
     * the next writer restarts it; a checkpoint held back by a reader is retried as the WAL grows.
     *
     * @return the checkpoint's result, or {@code null} if none was due
     */
    public CheckpointResult checkpointIfDue() throws IOException, SQLException {
        if (!checkpointDue()) {
            return null;
        }
        long frames = capture.capturedFrames();
        CheckpointResult result = checkpoint(CheckpointMode.PASSIVE);
        retryCheckpointGeneration = capture.generations();
        retryCheckpointAtFrames = frames + Math.max(1, settings.checkpointThresholdFrames() / 4);
        if (result.complete()) {
            log.debug("Checkpointed {} WAL frames of database '{}'", result.checkpointedFrames(), database);
        } else {
            log.debug("Checkpoint of database '{}' held back by a reader: {} of {} frames copied",
                    database, result.checkpointedFrames(), result.walFrames());
        }
        return result;
    }

    /**
     * Tells whether {@link #checkpointIfDue()} would run a checkpoint: the WAL holds at least the
     * configured number of frames, and, if a reader held the last one back, has grown since.
     */
    public boolean checkpointDue() {
        long frames = capture.capturedFrames();
        return frames >= settings.checkpointThresholdFrames()
                && (capture.generations() != retryCheckpointGeneration || frames >= retryCheckpointAtFrames);
    }

    /** Captures what is committed, then runs a checkpoint of the given mode. */
    public CheckpointResult checkpoint(CheckpointMode mode) throws IOException, SQLException {
        // the checkpoint may let the next writer restart the WAL over these commits' pages
        for (WalCommit commit : capture.readCommits()) {
            uncaptured.add(commit.inMemory());
        }
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(" + mode.name() + ")")) {
            row.next();
            return new CheckpointResult(row.getInt(1) != 0, row.getInt(2), row.getInt(3));
        }
    }

    /** Returns the file this database lives in. */
    public Path file() {
        return file;
    }

    /**
     * Closes the writer connection. Commits not yet captured are reported as an error, since the
     * file is then ahead of the log.
     */
    @Override
    public void close() throws IOException, SQLException {
        List<WalCommit> lost;
        try {
            lost = takeCommits();
        } finally {
            try {
                connection.close();
            } finally {
                capture.close();
            }
        }
        if (!lost.isEmpty()) {
            throw new IllegalStateException(lost.size() + " commits of database '" + database
                    + "' were never captured; " + file + " is ahead of the log and must be rebuilt");
        }
    }

    private List<WalCommit> takeCommits() throws IOException {
        List<WalCommit> read = capture.readCommits();
        if (uncaptured.isEmpty()) {
            return read;
        }
        List<WalCommit> all = new ArrayList<>(uncaptured);
        all.addAll(read);
        uncaptured.clear();
        return all;
    }

    /** Puts the file in WAL mode, creating it if needed; returns its pages if that changed it. */
    private static WalCommit prepareWalMode(Path file, int pageSize) throws IOException, SQLException {
        boolean created = !Files.exists(file) || Files.size(file) == 0;
        try (Connection setup = new SQLiteConfig().createConnection("jdbc:sqlite:" + file);
                Statement statement = setup.createStatement()) {
            if (created) {
                statement.execute("PRAGMA page_size=" + pageSize);
            } else if ("wal".equalsIgnoreCase(queryString(statement, "PRAGMA journal_mode"))) {
                return null;
            }
            String mode = queryString(statement, "PRAGMA journal_mode=WAL");
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new SQLException("could not switch " + file + " to WAL mode; it stayed in " + mode + " mode");
            }
        }
        log.debug("{} {} in WAL mode; its pages are replicated as the first transaction",
                created ? "Created" : "Switched", file);
        return DatabaseImage.read(file);
    }

    private static Connection openWriter(Path file, ReplicationSettings settings) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setGetGeneratedKeys(false);
        config.setBusyTimeout(settings.busyTimeoutMillis());
        Connection connection = config.createConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint=0");
            statement.execute("PRAGMA synchronous=OFF");
            String mode = queryString(statement, "PRAGMA journal_mode");
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new SQLException(file + " is in " + mode + " mode, not WAL mode");
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static String queryString(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
