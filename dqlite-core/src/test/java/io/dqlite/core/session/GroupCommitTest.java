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
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions whose autocommit work queues while commits replicate run as one group: one log entry,
 * each session answered with its own result or error, and all of them failed if the entry fails.
 * The next group runs while the last replicates, and is answered only after it.
 */
class GroupCommitTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<DatabaseEntry> submitted = new CopyOnWriteArrayList<>();
    /** Replications to hold, in the order entries are submitted; entries beyond them replicate at once. */
    private final Deque<CompletableFuture<Void>> holds = new ConcurrentLinkedDeque<>();
    /** How many submitted entries took a hold. */
    private final AtomicInteger heldEntries = new AtomicInteger();
    private LeaderDatabase database;

    @BeforeEach
    void open() throws Exception {
        // two groups may replicate at once: the next runs while the last one's entry replicates
        open(dir.resolve("db"), ReplicationSettings.defaults().withCommitPipelineDepth(2));
    }

    /** Replaces the database with a new one run with {@code settings}. */
    private void reopen(ReplicationSettings settings) throws Exception {
        database.close();
        open(dir.resolve("reopened"), settings);
    }

    private void open(Path file, ReplicationSettings settings) throws Exception {
        database = LeaderDatabase.open("db", file, settings, entry -> {
            submitted.add((DatabaseEntry) EntryCodec.decode(entry));
            CompletableFuture<Void> hold = holds.poll();
            if (hold == null) {
                return CompletableFuture.completedFuture(null);
            }
            heldEntries.incrementAndGet();
            return hold;
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
    void workQueuedBehindReplicatingCommitsGoesOutAsOneEntryAndEachSessionGetsItsOwnAnswer() throws Exception {
        HeldInserts held = twoHeldInserts("first", "second");
        int before = submitted.size();
        List<CompletableFuture<Object>> queued = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            queued.add(insert("queued " + i));
        }
        queued.add(insert("taken"));
        TestCluster.await("every session to queue", TIMEOUT, () -> waitingThreads() >= queued.size() + 2);

        held.first().complete(null);
        held.second().complete(null);

        assertThat(answer(held.firstInsert())).isInstanceOf(ExecResult.class);
        assertThat(answer(held.secondInsert())).isInstanceOf(ExecResult.class);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(((ExecResult) answer(queued.get(i))).lastInsertId());
        }
        assertThat(ids).as("each session's own insert id").doesNotHaveDuplicates().allMatch(id -> id > 3);
        assertThat(answer(queued.get(8))).as("one failing statement fails alone")
                .isInstanceOf(SQLException.class).asString().contains("UNIQUE");
        assertThat(submitted.size() - before).as("the queued commits went out as one entry").isEqualTo(1);
        try (LeaderSession session = new LeaderSession(database)) {
            assertThat(SessionSql.scalar(session, "SELECT count(*) FROM t")).isEqualTo(11L);
        }
    }

    @Test
    void theNextGroupRunsWhileTheLastReplicatesAndReadersSeeEachOnlyOnceItAndAllBeforeItReplicated()
            throws Exception {
        int before = submitted.size();
        HeldInserts held = twoHeldInserts("first", "second");
        assertThat(submitted).as("the second group was submitted while the first replicates").hasSize(before + 2);
        assertThat(count()).as("neither commit is visible while both replicate").isEqualTo(1L);

        // Ratis commits in log order, but the waits may learn of it out of order
        held.second().complete(null);
        assertThat(held.secondInsert()).as("the second waits for the first").failsWithin(Duration.ofMillis(200));
        assertThat(count()).isEqualTo(1L);
        held.first().complete(null);

        assertThat(answer(held.firstInsert())).isInstanceOf(ExecResult.class);
        assertThat(answer(held.secondInsert())).isInstanceOf(ExecResult.class);
        assertThat(count()).isEqualTo(3L);
    }

    @Test
    void aGroupThatFollowedAFailedOneFailsAsUnknownEvenIfItsOwnEntryReplicated() throws Exception {
        HeldInserts held = twoHeldInserts("first", "built on the first");

        held.second().complete(null);
        held.first().completeExceptionally(new IllegalStateException("leadership lost"));

        assertThat(answer(held.firstInsert())).isInstanceOf(CommitOutcomeUnknownException.class);
        assertThat(answer(held.secondInsert())).isInstanceOf(CommitOutcomeUnknownException.class).asString()
                .contains("an earlier commit this work followed failed");
        assertThat(database.isBroken()).isTrue();
    }

    @Test
    void aGroupWhoseEntryFailsFailsEveryPieceEvenOneThatOnlyRead() throws Exception {
        HeldInserts held = twoHeldInserts("first", "second");
        CompletableFuture<Void> group = hold();
        List<CompletableFuture<Object>> queued = List.of(insert("phantom"),
                inThread(session -> SessionSql.exec(session, "SELECT count(*) FROM t WHERE v = 'phantom'")));
        TestCluster.await("the sessions to queue", TIMEOUT, () -> waitingThreads() >= 2 + 2);
        assertThat(answer(query("SELECT count(*) FROM t"))).as("a query reads at once, at the last replicated point")
                .isEqualTo(List.of(List.of(1L)));
        held.first().complete(null);
        held.second().complete(null);
        TestCluster.await("the group to replicate", TIMEOUT, holds::isEmpty);

        group.completeExceptionally(new IllegalStateException("leadership lost"));

        assertThat(answer(held.firstInsert())).isInstanceOf(ExecResult.class);
        assertThat(answer(held.secondInsert())).isInstanceOf(ExecResult.class);
        for (CompletableFuture<Object> piece : queued) {
            assertThat(answer(piece)).isInstanceOf(CommitOutcomeUnknownException.class);
        }
        assertThat(answer(query("SELECT count(*) FROM t"))).as("the broken copy serves no more reads")
                .isInstanceOf(SQLException.class);
    }

    @Test
    void aSessionTheLastGroupAnsweredComesBackAndJoinsTheNextGroupWhichWaitedForIt() throws Exception {
        Duration gather = Duration.ofSeconds(1);
        reopen(ReplicationSettings.defaults().withCommitGatherTime(gather));
        QueuedBehind queued = queueBehind(() -> inThread(session -> {
            SessionSql.exec(session, "INSERT INTO t(v) VALUES('first')");
            return SessionSql.exec(session, "INSERT INTO t(v) VALUES('back again')");
        }));

        assertThat(answer(queued.insert())).isInstanceOf(ExecResult.class);
        assertThat(answer(queued.first())).isInstanceOf(ExecResult.class);
        assertThat(queued.sinceReleased()).as("the wait ended as the session came back").isLessThan(gather);
        assertThat(submitted.size() - queued.entriesBefore())
                .as("the queued insert and the returning session's went out as one entry").isEqualTo(1);
        assertThat(count()).isEqualTo(4L);
    }

    @Test
    void aGroupWaitsNoLongerThanTheGatherTimeForASessionThatDoesNotComeBack() throws Exception {
        Duration gather = Duration.ofMillis(400);
        reopen(ReplicationSettings.defaults().withCommitGatherTime(gather));
        QueuedBehind queued = queueBehind(() -> insert("once"));

        assertThat(answer(queued.first())).isInstanceOf(ExecResult.class);
        assertThat(answer(queued.insert())).isInstanceOf(ExecResult.class);
        // the first insert waited in vain for this test's thread, which created the table, so the wait was halved
        assertThat(queued.sinceReleased())
                .as("the queued insert waited for the session that did not come back, but only for the gather time")
                .isGreaterThanOrEqualTo(gather.dividedBy(4)).isLessThan(gather.plusSeconds(5));
        assertThat(submitted.size() - queued.entriesBefore()).as("then it went alone").isEqualTo(1);
        assertThat(count()).isEqualTo(3L);
    }

    /**
     * Starts the first insert, holds the entry of its group, queues an insert behind it, and then lets the held entry
     * replicate.
     */
    private QueuedBehind queueBehind(Supplier<CompletableFuture<Object>> start) {
        CompletableFuture<Void> firstHold = hold();
        CompletableFuture<Object> first = start.get();
        awaitHeld(1);
        CompletableFuture<Object> queued = insert("queued");
        TestCluster.await("the second session to queue", TIMEOUT, () -> waitingThreads() >= 2);
        int before = submitted.size();
        long released = System.nanoTime();
        firstHold.complete(null);
        return new QueuedBehind(first, queued, before, released);
    }

    /** An insert queued behind the held group of {@code first}, and when that group's entry was let go. */
    private record QueuedBehind(CompletableFuture<Object> first, CompletableFuture<Object> insert, int entriesBefore,
            long releasedAt) {

        Duration sinceReleased() {
            return Duration.ofNanos(System.nanoTime() - releasedAt);
        }
    }

    /**
     * Starts two inserts, each in its own group, and returns once both groups' entries were submitted and
     * are held: the second group ran while the first replicated.
     */
    private HeldInserts twoHeldInserts(String first, String second) {
        CompletableFuture<Void> firstHold = hold();
        CompletableFuture<Void> secondHold = hold();
        CompletableFuture<Object> firstInsert = insert(first);
        awaitHeld(1);
        CompletableFuture<Object> secondInsert = insert(second);
        awaitHeld(2);
        return new HeldInserts(firstHold, secondHold, firstInsert, secondInsert);
    }

    /** Two inserts whose groups' entries are held by {@code first} and {@code second}. */
    private record HeldInserts(CompletableFuture<Void> first, CompletableFuture<Void> second,
            CompletableFuture<Object> firstInsert, CompletableFuture<Object> secondInsert) {
    }

    private CompletableFuture<Void> hold() {
        CompletableFuture<Void> hold = new CompletableFuture<>();
        holds.add(hold);
        return hold;
    }

    /** Waits until {@code count} submitted entries took a hold. */
    private void awaitHeld(int count) {
        TestCluster.await(count + " entries to be submitted and held", TIMEOUT, () -> heldEntries.get() >= count);
    }

    private long count() throws SQLException {
        try (LeaderSession session = new LeaderSession(database)) {
            return (Long) SessionSql.scalar(session, "SELECT count(*) FROM t");
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
