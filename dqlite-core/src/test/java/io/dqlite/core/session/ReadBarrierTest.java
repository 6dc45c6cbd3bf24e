package io.dqlite.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.SessionSql;
import io.dqlite.core.TestCluster;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.jdbc.CommitOutcomeUnknownException;
import io.dqlite.jdbc.LeadershipLostException;
import io.dqlite.jdbc.session.Rows;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariants 1 and 4 at the leader's database, with the Raft side in the test's hands: when a
 * commit is confirmed, and whether this node still leads.
 */
class ReadBarrierTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final AtomicReference<CompletableFuture<Void>> nextReplication = new AtomicReference<>();
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final AtomicBoolean heldReplicationStarted = new AtomicBoolean();
    private LeaderDatabase database;

    @BeforeEach
    void open() throws Exception {
        database = LeaderDatabase.open("db", dir.resolve("db"), ReplicationSettings.defaults(), entry -> {
            CompletableFuture<Void> held = nextReplication.get();
            if (held == null) {
                return CompletableFuture.completedFuture(null);
            }
            heldReplicationStarted.set(true);
            return held;
        }, () -> {
            if (!leading.get()) {
                throw new LeadershipLostException("deposed in this test", "2");
            }
        }, Duration.ofSeconds(10));
        try (LeaderSession session = new LeaderSession(database)) {
            SessionSql.exec(session, "CREATE TABLE t(v TEXT)");
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aQueryWaitingForACommitThatFailsToReplicateNeverSeesIt() throws Exception {
        CompletableFuture<Void> replication = new CompletableFuture<>();
        nextReplication.set(replication);
        LeaderSession writer = new LeaderSession(database);
        LeaderSession reader = new LeaderSession(database);
        LeaderSession holder = new LeaderSession(database);
        // an open result holds the one reader pinned at the last replicated point: the next query has none to read at
        Rows holding = holder.querySql("SELECT v FROM t", List.of());
        CompletableFuture<Object> write = CompletableFuture.supplyAsync(() -> call(
                () -> SessionSql.exec(writer, "INSERT INTO t VALUES('phantom')")));
        TestCluster.await("the commit to wait for replication", TIMEOUT, heldReplicationStarted::get);
        Thread[] readerThread = new Thread[1];
        CompletableFuture<Object> read = CompletableFuture.supplyAsync(() -> {
            readerThread[0] = Thread.currentThread();
            return call(() -> SessionSql.scalar(reader, "SELECT count(*) FROM t"));
        });
        TestCluster.await("the query to wait at the commit gate", TIMEOUT, () -> waitsAtTheGate(readerThread[0]));

        replication.completeExceptionally(new IllegalStateException("leader lost its majority"));

        assertThat(failure(write)).isInstanceOf(CommitOutcomeUnknownException.class);
        assertThat(failure(read)).as("the query must fail, not count the phantom commit").isInstanceOf(SQLException.class);
        holding.close();
    }

    @Test
    void aQueryInvokedWhileACommitReplicatesReadsTheLastReplicatedPointWithoutWaiting() throws Exception {
        LeaderSession writer = new LeaderSession(database);
        LeaderSession reader = new LeaderSession(database);
        SessionSql.exec(writer, "INSERT INTO t VALUES('first')");
        assertThat(SessionSql.scalar(reader, "SELECT count(*) FROM t")).isEqualTo(1L);
        // a commit after reads: the point it leaves is where the next queries can start at once
        SessionSql.exec(writer, "INSERT INTO t VALUES('second')");

        CompletableFuture<Void> replication = new CompletableFuture<>();
        nextReplication.set(replication);
        CompletableFuture<Object> write = CompletableFuture.supplyAsync(() -> call(
                () -> SessionSql.exec(writer, "INSERT INTO t VALUES('in flight')")));
        TestCluster.await("the commit to wait for replication", TIMEOUT, heldReplicationStarted::get);

        CompletableFuture<Object> read = CompletableFuture.supplyAsync(() -> call(
                () -> SessionSql.scalar(reader, "SELECT count(*) FROM t")));
        assertThat(read).as("a query invoked while a commit replicates neither waits for it nor sees it")
                .succeedsWithin(Duration.ofSeconds(5)).isEqualTo(2L);

        nextReplication.set(null);
        replication.complete(null);
        assertThat(write).succeedsWithin(TIMEOUT);
        assertThat(SessionSql.scalar(reader, "SELECT count(*) FROM t"))
                .as("a query invoked after the commit was acknowledged sees it").isEqualTo(3L);
        writer.close();
        reader.close();
    }

    @Test
    void aReadOnlyTransactionOnADeposedLeaderServesNothing() throws Exception {
        try (LeaderSession session = new LeaderSession(database)) {
            SessionSql.exec(session, "INSERT INTO t VALUES('before')");
            leading.set(false);

            SessionSql.exec(session, "BEGIN");
            assertThatThrownBy(() -> SessionSql.scalar(session, "SELECT count(*) FROM t"))
                    .isInstanceOf(LeadershipLostException.class);
        }
    }

    @Test
    void aTransactionConfirmsLeadershipOnceBeforeItsFirstRead() throws Exception {
        try (LeaderSession session = new LeaderSession(database)) {
            SessionSql.exec(session, "BEGIN");
            assertThat(SessionSql.scalar(session, "SELECT count(*) FROM t")).isEqualTo(0L);
            leading.set(false);
            assertThat(SessionSql.scalar(session, "SELECT count(*) FROM t"))
                    .as("later reads of the same transaction read the snapshot already confirmed").isEqualTo(0L);
            SessionSql.exec(session, "COMMIT");
        }
    }

    @Test
    void aLongQueryDoesNotHoldOffTheWriter() throws Exception {
        LeaderSession reader = new LeaderSession(database);
        Thread[] readerThread = new Thread[1];
        CompletableFuture<Object> query = CompletableFuture.supplyAsync(() -> {
            readerThread[0] = Thread.currentThread();
            return call(() -> SessionSql.scalar(reader, "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                    + " FROM r WHERE i < 200000000) SELECT max(i) FROM r"));
        });
        TestCluster.await("the query to run", TIMEOUT, () -> runsAQuery(readerThread[0]));
        try (LeaderSession writer = new LeaderSession(database)) {
            SessionSql.exec(writer, "INSERT INTO t VALUES('while a query runs')");

            assertThat(query).as("the write finished while the query still ran").isNotDone();
        } finally {
            reader.interrupt();
            assertThat(query).failsWithin(TIMEOUT);
            reader.close();
        }
    }

    private static boolean runsAQuery(Thread thread) {
        return thread != null && Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getMethodName().equals("executeQuery"));
    }

    private static boolean waitsAtTheGate(Thread thread) {
        return thread != null
                && (thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING)
                && Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("borrowAtReplicatedPoint"));
    }

    /** Returns the SQLException {@code call} failed with, or what it returned if it did not fail. */
    private static Object failure(CompletableFuture<Object> call) throws Exception {
        try {
            return call.get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause().getCause();
        }
    }

    private interface SqlCall {
        Object call() throws SQLException;
    }

    private static Object call(SqlCall call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
