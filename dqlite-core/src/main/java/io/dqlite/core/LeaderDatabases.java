package io.dqlite.core;

import io.dqlite.core.raft.DatabaseStateMachine;
import io.dqlite.core.session.EntrySubmitter;
import io.dqlite.core.session.LeaderDatabase;
import io.dqlite.core.session.LeadershipCheck;
import io.dqlite.core.snapshot.SnapshotStore;
import io.dqlite.jdbc.SqliteErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases a leader has open, each on its own copy of the applied file: opened on first use, within the
 * cluster's limits on database names and count, and closed together when leadership ends.
 */
final class LeaderDatabases {

    /** What must hold before a database is opened: this node leads and has applied its whole log. */
    @FunctionalInterface
    interface Readiness {
        void await() throws SQLException, IOException;
    }

    private static final Logger log = LoggerFactory.getLogger(LeaderDatabases.class);

    private final String nodeId;
    private final Path directory;
    private final NodeConfig config;
    private final DatabaseStateMachine applied;
    private final EntrySubmitter submitter;
    private final LeadershipCheck leadership;
    private final Map<String, LeaderDatabase> open = new HashMap<>();
    private long copies;

    LeaderDatabases(NodeConfig config, DatabaseStateMachine applied, EntrySubmitter submitter,
            LeadershipCheck leadership) {
        this.nodeId = config.nodeId();
        this.directory = config.dataDirectory().resolve("leader");
        this.config = config;
        this.applied = applied;
        this.submitter = submitter;
        this.leadership = leadership;
    }

    /**
     * Returns the open database {@code name}, opening it once {@code readiness} holds, and creating it if the cluster
     * has none of that name.
     *
     * @throws SQLException naming the setting if the name is not among the allowed ones, or creating the database
     *     would pass the cluster's limit on databases
     */
    LeaderDatabase get(String name, Readiness readiness) throws SQLException {
        synchronized (open) {
            LeaderDatabase existing = open.get(name);
            if (existing != null && !existing.isBroken()) {
                return existing;
            }
            if (existing != null) {
                open.remove(name);
                existing.close();
            }
            try {
                long started = System.nanoTime();
                readiness.await();
                requireRoomFor(name);
                long ready = System.nanoTime();
                Files.createDirectories(directory);
                Path live = directory.resolve(SnapshotStore.fileName(name) + "." + (++copies));
                applied.copyAppliedFile(name, live);
                long copied = System.nanoTime();
                LeaderDatabase database = LeaderDatabase.open(name, live, config.replication(), submitter, leadership,
                        config.timing().applyTimeout());
                open.put(name, database);
                log.info("Node {} serves database '{}' as leader from index {} (waited {} ms for leader readiness,"
                        + " copied the applied file in {} ms, opened it in {} ms)", nodeId, name, applied.appliedIndex(),
                        (ready - started) / 1_000_000, (copied - ready) / 1_000_000,
                        (System.nanoTime() - copied) / 1_000_000);
                return database;
            } catch (IOException e) {
                throw new SQLException("cannot open database '" + name + "' on leader " + nodeId + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Returns the names of the databases open now. */
    Set<String> names() {
        synchronized (open) {
            return new HashSet<>(open.keySet());
        }
    }

    /** Closes every open database; work in progress in them fails. */
    void closeAll() {
        List<LeaderDatabase> closing;
        synchronized (open) {
            closing = new ArrayList<>(open.values());
            open.clear();
        }
        for (LeaderDatabase database : closing) {
            database.close();
        }
    }

    // the databases applied and those this leader opened but has not written to yet count against the limit
    private void requireRoomFor(String name) throws SQLException {
        Set<String> allowed = config.server().allowedDatabases();
        if (!allowed.isEmpty() && !allowed.contains(name)) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_AUTH, "database '" + name + "' is not among the"
                    + " databases this cluster serves " + new TreeSet<>(allowed) + " (allowedDatabases,"
                    + " dqlite.server.allowed-databases)");
        }
        Set<String> databases = new HashSet<>(applied.databaseNames());
        databases.addAll(open.keySet());
        int max = config.server().maxDatabases();
        if (!databases.contains(name) && databases.size() >= max) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_CANTOPEN, "cannot create database '" + name + "': the"
                    + " cluster holds " + databases.size() + " databases, the most it may (maxDatabases,"
                    + " dqlite.server.max-databases)");
        }
    }
}
