package io.dqlite.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.core.session.LeaderDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One transaction larger than the heap, on three nodes that share that heap: its pages stream
 * through capture, Raft and apply, and no node holds the whole transaction in memory. Runs in a
 * JVM of its own with {@code -Xmx256m} (the sample's heap); {@code -Ddqlite.test.transaction-mib}
 * sets the transaction's size and {@code -Ddqlite.test.vacuum-mib} the size of the database that is
 * vacuumed (defaults 300 and 400; 1024 with the {@code full-size} profile).
 */
class BoundedHeapTransactionIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void aTransactionLargerThanTheHeapCommitsAndLeavesTheNodesIdentical() throws Exception {
        int mebibytes = Integer.getInteger("dqlite.test.transaction-mib", 300);
        long heap = Runtime.getRuntime().maxMemory();
        assertThat((long) mebibytes << 20).as("the transaction is larger than the heap").isGreaterThan(heap);
        try (TestCluster cluster = startedCluster()) {
            Node leader = cluster.awaitLeader(TIMEOUT);
            LeaderDatabase db = blobTable(leader);

            Sql.update(db, LargeTransactionTest.insertBlobs(mebibytes));

            assertThat(Sql.queryLong(db, "SELECT count(*) FROM blobs")).isEqualTo(mebibytes);
            ClusterFaultsTest.awaitAllApplied(cluster, leader.appliedIndex());
            String expected = sha256(leader.appliedFile("big"));
            assertThat(Files.size(leader.appliedFile("big"))).isGreaterThan((long) mebibytes << 20);
            for (Node node : cluster.nodes()) {
                assertThat(sha256(node.appliedFile("big"))).as("node %s", node.id()).isEqualTo(expected);
                assertThat(node.applyFailure()).as("node %s", node.id()).isEmpty();
            }
            System.out.printf("Committed one %d MiB transaction on 3 nodes in a %d MiB heap%n", mebibytes, heap >> 20);
        }
    }

    @Test
    void aVacuumOfADatabaseLargerThanTheHeapCommitsAndLeavesTheNodesIdentical() throws Exception {
        int mebibytes = Integer.getInteger("dqlite.test.vacuum-mib", 400);
        try (TestCluster cluster = startedCluster()) {
            Node leader = cluster.awaitLeader(TIMEOUT);
            LeaderDatabase db = blobTable(leader);
            for (int written = 0; written < mebibytes; written += 64) {
                Sql.update(db, LargeTransactionTest.insertBlobs(Math.min(64, mebibytes - written)));
            }
            Sql.update(db, "DELETE FROM blobs WHERE id % 4 = 0");
            long before = Files.size(leader.appliedFile("big"));

            Sql.update(db, "VACUUM");

            ClusterFaultsTest.awaitAllApplied(cluster, leader.appliedIndex());
            assertThat(Files.size(leader.appliedFile("big"))).isLessThan(before);
            String integrity = db.execute(connection -> {
                try (var statement = connection.createStatement();
                        var row = statement.executeQuery("PRAGMA integrity_check")) {
                    return row.next() ? row.getString(1) : null;
                }
            });
            assertThat(integrity).isEqualTo("ok");
            String expected = sha256(leader.appliedFile("big"));
            for (Node node : cluster.nodes()) {
                assertThat(sha256(node.appliedFile("big"))).as("node %s", node.id()).isEqualTo(expected);
                assertThat(node.applyFailure()).as("node %s", node.id()).isEmpty();
            }
            System.out.printf("Vacuumed a %d MiB database on 3 nodes in a %d MiB heap%n", before >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private TestCluster startedCluster() throws IOException {
        TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming().withApplyTimeout(Duration.ofSeconds(60)));
        cluster.startAll();
        return cluster;
    }

    private static LeaderDatabase blobTable(Node leader) throws SQLException {
        LeaderDatabase db = leader.database("big");
        Sql.update(db, "CREATE TABLE blobs(id INTEGER PRIMARY KEY, body BLOB)");
        return db;
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
