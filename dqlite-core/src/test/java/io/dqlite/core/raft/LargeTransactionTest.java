package io.dqlite.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.core.session.LeaderDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions far larger than Ratis' 64 MB of pending writes: their parts are appended through a
 * bounded window, and a transaction whose leader dies between parts never stops the cluster.
 */
class LargeTransactionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Above Ratis' default write byte limit (64 MB), which refused parts submitted all at once. */
    private static final int BLOBS_OF_ONE_MIB = 96;
    private static final Pattern SEGMENT_START = Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-\\d+)?");

    @TempDir
    Path dir;

    @Test
    void aTransactionLargerThanRatisPendingLimitCommitsAndLeavesTheNodesIdentical() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            LeaderDatabase db = leader.database("big");
            Sql.update(db, "CREATE TABLE blobs(id INTEGER PRIMARY KEY, body BLOB)");

            Sql.update(db, insertBlobs(BLOBS_OF_ONE_MIB));

            assertThat(Sql.queryLong(db, "SELECT count(*) FROM blobs")).isEqualTo(BLOBS_OF_ONE_MIB);
            Sql.update(db, "INSERT INTO blobs(body) VALUES(x'01')");
            ClusterFaultsTest.awaitAllApplied(cluster, leader.appliedIndex());
            byte[] expected = Files.readAllBytes(leader.appliedFile("big"));
            assertThat(expected.length).isGreaterThan(BLOBS_OF_ONE_MIB << 20);
            for (Node node : cluster.nodes()) {
                assertThat(Files.readAllBytes(node.appliedFile("big"))).as("node %s", node.id()).isEqualTo(expected);
                assertThat(node.applyFailure()).as("node %s", node.id()).isEmpty();
            }
        }
    }

    @Test
    void aLeaderStoppedBetweenThePartsOfATransactionLeavesAClusterThatServesSnapshotsAndPurges() throws Exception {
        // snapshots every 40 entries, none kept behind them: the log is purged soon after each
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming().withSnapshots(40, 0))) {
            cluster.startAll();
            Node first = cluster.awaitLeader(TIMEOUT);
            Sql.update(first.database("big"), "CREATE TABLE blobs(id INTEGER PRIMARY KEY, body BLOB)");
            long before = first.commitIndex();
            CompletableFuture<Integer> big = CompletableFuture.supplyAsync(() -> {
                try {
                    return Sql.update(first.database("big"), insertBlobs(BLOBS_OF_ONE_MIB));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Node follower = cluster.nodes().stream().filter(node -> node != first).findFirst().orElseThrow();
            TestCluster.await("some parts committed", TIMEOUT, () -> follower.commitIndex() > before + 8);
            cluster.stop(first.id());
            assertThat(big).failsWithin(TIMEOUT);

            Node leader = cluster.awaitLeader(TIMEOUT);
            long snapshot = leader.takeSnapshot();
            assertThat(snapshot).as("a snapshot is not deferred by the dead leader's parts")
                    .isGreaterThan(before);
            Path raftDirectory = dir.resolve("node-" + leader.id()).resolve("raft");
            TestCluster.await("the log holding the dead leader's parts is purged", TIMEOUT,
                    () -> firstLogIndex(raftDirectory) > before + 8);
            LeaderDatabase db = leader.database("big");
            assertThat(Sql.queryLong(db, "SELECT count(*) FROM blobs")).isZero();
            Sql.update(db, "INSERT INTO blobs(body) VALUES(x'02')");
            ClusterFaultsTest.awaitAllApplied(cluster, leader.appliedIndex());
            byte[] expected = Files.readAllBytes(leader.appliedFile("big"));
            for (Node node : cluster.nodes()) {
                assertThat(Files.readAllBytes(node.appliedFile("big"))).as("node %s", node.id()).isEqualTo(expected);
            }

            cluster.start(first.id());
            TestCluster.await("the old leader catches up", TIMEOUT,
                    () -> cluster.node(first.id()).appliedIndex() >= leader.appliedIndex());
            assertThat(Files.readAllBytes(cluster.node(first.id()).appliedFile("big"))).isEqualTo(expected);
        }
    }

    /**
     * Returns the first index of the oldest Raft log segment under {@code raftDirectory}, or -1 when
     * a segment vanished while the directory was read (Ratis purges as it likes): ask again.
     */
    private static long firstLogIndex(Path raftDirectory) {
        try (Stream<Path> files = Files.walk(raftDirectory)) {
            return files.map(file -> SEGMENT_START.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToLong(matcher -> Long.parseLong(matcher.group(1)))
                    .min()
                    .orElse(Long.MAX_VALUE);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    static String insertBlobs(int count) {
        return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + count + ")"
                + " INSERT INTO blobs(body) SELECT randomblob(1048576) FROM n";
    }
}
