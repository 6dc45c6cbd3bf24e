package io.dqlite.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.Node;
import io.dqlite.core.RaftTiming;
import io.dqlite.core.TestCluster;
import io.dqlite.jdbc.CommitOutcomeUnknownException;
import io.dqlite.core.session.LeaderDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ClusterFaultsTest {

    private static final Logger log = LoggerFactory.getLogger(ClusterFaultsTest.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void leaderKilledMidLoadLosesNoAcknowledgedCommitAndWritesResume() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node first = cluster.awaitLeader(TIMEOUT);
            Sql.update(first.database("bank"), "CREATE TABLE t(id INTEGER PRIMARY KEY, pair INTEGER NOT NULL)");
            Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
            Set<Long> unknown = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong killedAt = new AtomicLong();
            AtomicLong firstWriteAfterKill = new AtomicLong();
            Thread writer = new Thread(() -> {
                long id = 0;
                while (!stop.get()) {
                    id++;
                    try {
                        Node leader = cluster.awaitLeader(TIMEOUT);
                        long row = id;
                        leader.database("bank").execute(connection -> {
                            try (var statement = connection.createStatement()) {
                                statement.execute("BEGIN");
                                statement.execute("INSERT INTO t VALUES(" + (2 * row) + ", " + row + ")");
                                statement.execute("INSERT INTO t VALUES(" + (2 * row + 1) + ", " + row + ")");
                                statement.execute("COMMIT");
                            }
                            return null;
                        });
                        acknowledged.add(id);
                        if (killedAt.get() != 0) {
                            firstWriteAfterKill.compareAndSet(0, System.nanoTime());
                        }
                    } catch (SQLException | AssertionError e) {
                        unknown.add(id);
                    }
                }
            }, "load");
            writer.start();
            TestCluster.await("some commits before the kill", TIMEOUT, () -> acknowledged.size() >= 50);
            killedAt.set(System.nanoTime());
            cluster.stop(first.id());
            TestCluster.await("a write after the kill", TIMEOUT, () -> firstWriteAfterKill.get() != 0);
            TestCluster.await("more commits after the kill", TIMEOUT, () -> acknowledged.size() >= 100 + unknown.size());
            stop.set(true);
            writer.join();
            long recoveryMillis = (firstWriteAfterKill.get() - killedAt.get()) / 1_000_000;
            log.info("Leader kill: first successful write {} ms after the kill; {} acknowledged, {} failed",
                    recoveryMillis, acknowledged.size(), unknown.size());
            System.out.println("Leader kill to first successful write: " + recoveryMillis + " ms");

            LeaderDatabase db = cluster.awaitLeader(TIMEOUT).database("bank");
            for (long id : acknowledged) {
                assertThat(Sql.queryLong(db, "SELECT count(*) FROM t WHERE pair = ?", id)).as("commit %d", id).isEqualTo(2);
            }
            assertThat(Sql.queryLong(db, "SELECT count(*) FROM (SELECT pair FROM t GROUP BY pair HAVING count(*) <> 2)"))
                    .as("half-applied transactions").isZero();
        }
    }

    @Test
    void fullClusterRestartsFromDiskWithTheSameContent() throws Exception {
        byte[] before;
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            LeaderDatabase db = cluster.awaitLeader(TIMEOUT).database("notes");
            Sql.update(db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT, at TEXT DEFAULT (datetime('now')))");
            for (int i = 0; i < 100; i++) {
                Sql.update(db, "INSERT INTO notes(body) VALUES(?)", "note " + i);
            }
            Node leader = cluster.awaitLeader(TIMEOUT);
            awaitAllApplied(cluster, leader.appliedIndex());
            before = Files.readAllBytes(leader.appliedFile("notes"));
        }
        try (TestCluster cluster = TestCluster.reopen(dir)) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            LeaderDatabase db = leader.database("notes");
            assertThat(Sql.queryLong(db, "SELECT count(*) FROM notes")).isEqualTo(100);
            awaitAllApplied(cluster, leader.appliedIndex());
            for (Node node : cluster.nodes()) {
                assertThat(Files.readAllBytes(node.appliedFile("notes"))).as("node %s", node.id()).isEqualTo(before);
            }
            Sql.update(db, "INSERT INTO notes(body) VALUES('after restart')");
            assertThat(Sql.queryLong(db, "SELECT count(*) FROM notes")).isEqualTo(101);
        }
    }

    @Test
    void aCommitThatCannotReplicateIsNeverReadAndItsWriterIsToldTheOutcomeIsUnknown() throws Exception {
        RaftTiming timing = TestCluster.testTiming().withApplyTimeout(Duration.ofSeconds(2));
        try (TestCluster cluster = new TestCluster(dir, 3, timing)) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            LeaderDatabase db = leader.database("notes");
            Sql.update(db, "CREATE TABLE notes(body TEXT)");
            Sql.update(db, "INSERT INTO notes VALUES('replicated')");
            for (Node node : cluster.nodes()) {
                if (node != leader) {
                    cluster.stop(node.id());
                }
            }

            assertThatThrownBy(() -> Sql.update(db, "INSERT INTO notes VALUES('phantom')"))
                    .isInstanceOf(CommitOutcomeUnknownException.class)
                    .hasMessageContaining("may or may not");
            assertThatThrownBy(() -> Sql.queryLong(db, "SELECT count(*) FROM notes WHERE body = 'phantom'"))
                    .as("the database that made the phantom commit serves nothing more")
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> Sql.queryLong(leader.database("notes"),
                    "SELECT count(*) FROM notes WHERE body = 'phantom'"))
                    .as("no fresh copy is served while the commit's fate is open")
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void fiveNodesTolerateTwoFailures() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 5, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            Sql.update(leader.database("notes"), "CREATE TABLE notes(body TEXT)");
            Sql.update(leader.database("notes"), "INSERT INTO notes VALUES('before')");
            Set<String> stopped = new HashSet<>();
            stopped.add(leader.id());
            for (Node node : cluster.nodes()) {
                if (stopped.size() < 2 && !stopped.contains(node.id())) {
                    stopped.add(node.id());
                }
            }
            for (String id : stopped) {
                cluster.stop(id);
            }

            LeaderDatabase db = cluster.awaitLeader(TIMEOUT).database("notes");
            Sql.update(db, "INSERT INTO notes VALUES('after')");
            assertThat(Sql.queryLong(db, "SELECT count(*) FROM notes")).isEqualTo(2);
        }
    }

    static void awaitAllApplied(TestCluster cluster, long index) {
        for (Node node : cluster.nodes()) {
            TestCluster.await("node " + node.id() + " applies index " + index, TIMEOUT, () -> node.appliedIndex() >= index);
        }
    }
}
