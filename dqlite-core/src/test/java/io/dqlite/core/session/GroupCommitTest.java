package io.dqlite.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.SessionSql;
import io.dqlite.core.TestCluster;
import io.dqlite.core.entry.EntryCodec;
import io.dqlite.core.entry.DatabaseEntry;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.jdbc.CommitOutcomeUnknownException;
import io.dqlite.jdbc.session.ExecResult;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions whose autocommit work queues while a commit replicates run as one group: one log entry,
 * each session answered with its own result or error, and all of them failed if the entry fails.
 */
class GroupCommitTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<DatabaseEntry> submitted = new CopyOnWriteArrayList<>();
    private final AtomicReference<CompletableFuture<Void>> held = new AtomicReference<>();
    private LeaderDatabase database;

    @BeforeEach
    void open() throws Exception {
        database = LeaderDatabase.open("db", dir.resolve("db"), ReplicationSettings.defaults(), entry -> {
            submitted.add((DatabaseEntry) EntryCodec.decode(entry));
            CompletableFuture<Void> hold = held.getAndSet(null);
            return hold == null ? CompletableFuture.completedFuture(null) : hold;
        }, () -> { }, Duration.ofSeconds(10));
        try (LeaderSession session = new LeaderSession(database)) {
            SessionSql.exec(session, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT UNIQUE)");
            SessionSql.exec(session, "INSERT INTO t(v) VALUES('taken')");
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void workQueuedBehindAReplicatingCommitGoesOutAsOneEntryAndEachSessionGetsItsOwnAnswer() throws Exception {
        CompletableFuture<Void> first = new CompletableFuture<>();
        held.set(first);
        CompletableFuture<Object> holder = insert("first");
        TestCluster.await("the first commit to replicate", TIMEOUT, () -> held.get() == null);
        int before = submitted.size();
        List<CompletableFuture<Object>> queued = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            queued.add(insert("queued " + i));
        }
        queued.add(insert("taken"));
        TestCluster.await("every session to queue", TIMEOUT, () -> waitingThreads() >= queued.size() + 1);

        first.complete(null);

        assertThat(answer(holder)).isInstanceOf(ExecResult.class);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(((ExecResult) answer(queued.get(i))).lastInsertId());
        }
        assertThat(ids).as("each session's own insert id").doesNotHaveDuplicates().allMatch(id -> id > 2);
        assertThat(answer(queued.get(8))).as("one failing statement fails alone")
                .isInstanceOf(SQLException.class).asString().contains("UNIQUE");
        assertThat(submitted.size() - before).as("the queued commits went out as one entry").isEqualTo(1);
        try (LeaderSession session = new LeaderSession(database)) {
            assertThat(SessionSql.scalar(session, "SELECT count(*) FROM t")).isEqualTo(10L);
        }
    }

    @Test
    void aGroupWhoseEntryFailsFailsEveryPieceEvenOneThatOnlyRead() throws Exception {
        CompletableFuture<Void> first = new CompletableFuture<>();
        held.set(first);
        CompletableFuture<Object> holder = insert("first");
        TestCluster.await("the first commit to replicate", TIMEOUT, () -> held.get() == null);
        CompletableFuture<Void> group = new CompletableFuture<>();
        List<CompletableFuture<Object>> queued = List.of(insert("phantom"),
                inThread(session -> SessionSql.exec(session, "SELECT count(*) FROM t WHERE v = 'phantom'")));
        CompletableFuture<Object> reader = query("SELECT count(*) FROM t");
        TestCluster.await("the sessions to queue", TIMEOUT, () -> waitingThreads() >= 3 + 1);
        held.set(group);
        first.complete(null);
        TestCluster.await("the group to replicate", TIMEOUT, () -> held.get() == null);

        group.completeExceptionally(new IllegalStateException("leadership lost"));

        assertThat(answer(holder)).isInstanceOf(ExecResult.class);
        for (CompletableFuture<Object> piece : queued) {
            assertThat(answer(piece)).isInstanceOf(CommitOutcomeUnknownException.class);
        }
        Object read = answer(reader);
        if (!(read instanceof SQLException)) {
            // it took its snapshot before the group began; it must not have seen the phantom row
            assertThat(read).as("a reader never sees the failed group's commit").isEqualTo(List.of(List.of(2L)));
        }
    }

    /** Counts this test's session threads that wait: queued for the writer, or (the first) for replication. */
    private int waitingThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("group-piece"))
                .filter(thread -> thread.getState() == Thread.State.WAITING
                        || thread.getState() == Thread.State.TIMED_WAITING)
                .count();
    }

    private CompletableFuture<Object> insert(String value) {
        return inThread(session -> SessionSql.exec(session, "INSERT INTO t(v) VALUES(?)", value));
    }

    private CompletableFuture<Object> query(String sql) {
        return inThread(session -> SessionSql.rows(session, sql));
    }

    private interface SessionCall {
        Object call(LeaderSession session) throws SQLException;
    }

    private CompletableFuture<Object> inThread(SessionCall call) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (LeaderSession session = new LeaderSession(database)) {
                answer.complete(call.call(session));
            } catch (SQLException e) {
                answer.complete(e);
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }, "group-piece-" + System.nanoTime());
        thread.start();
        return answer;
    }

    private static Object answer(CompletableFuture<Object> piece) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        return piece.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
