package io.dqlite.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.SessionSql;
import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.core.session.LeaderSession;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotRestoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aSnapshotTakenOnDemandIsWhatARestartRebuildsFrom() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node node = cluster.awaitLeader(TIMEOUT);
            try (LeaderSession session = node.openSession("notes")) {
                SessionSql.exec(session, "CREATE TABLE notes(body TEXT)");
                SessionSql.exec(session, "INSERT INTO notes VALUES('in the snapshot')");
            }
            long index = node.takeSnapshot();
            assertThat(index).isPositive();
            assertThat(node.latestSnapshot().index()).isEqualTo(index);
            assertThat(node.latestSnapshot().databases()).containsKey("notes");
            try (LeaderSession session = node.openSession("notes")) {
                SessionSql.exec(session, "INSERT INTO notes VALUES('in the log after it')");
            }
            cluster.stop(node.id());

            Node restarted = cluster.start(node.id());
            assertThat(restarted.latestSnapshot().index()).isEqualTo(index);
            try (LeaderSession session = cluster.awaitLeader(TIMEOUT).openSession("notes")) {
                assertThat(SessionSql.scalar(session, "SELECT count(*) FROM notes")).isEqualTo(2L);
            }
        }
    }

    @Test
    void aCorruptSnapshotStopsTheNodeFromStartingAndNamesTheFile() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node node = cluster.awaitLeader(TIMEOUT);
            try (LeaderSession session = node.openSession("notes")) {
                SessionSql.exec(session, "CREATE TABLE notes(body TEXT)");
            }
            node.takeSnapshot();
            Path file = node.latestSnapshot().databases().get("notes");
            cluster.stop(node.id());
            try (RandomAccessFile damaged = new RandomAccessFile(file.toFile(), "rw")) {
                damaged.seek(200);
                damaged.write(damaged.read() ^ 0xff);
            }

            assertThatThrownBy(() -> cluster.start(node.id()))
                    .hasStackTraceContaining(file.getFileName().toString())
                    .hasStackTraceContaining("does not match its CRC-32C");
        }
    }

    @Test
    void aSnapshotOfTheFirstMetadataVersionIsStillRestoredAndChecked() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node node = cluster.awaitLeader(TIMEOUT);
            try (LeaderSession session = node.openSession("notes")) {
                SessionSql.exec(session, "CREATE TABLE notes(body TEXT)");
                SessionSql.exec(session, "INSERT INTO notes VALUES('kept by a version 1 snapshot')");
            }
            long index = node.takeSnapshot();
            Path snapshot = node.latestSnapshot().directory();
            Path file = node.latestSnapshot().databases().get("notes");
            cluster.stop(node.id());
            // version 1 named SHA-256 digests where version 2 names CRC-32C checksums
            Path metadata = snapshot.resolve("snapshot.meta");
            List<String> lines = new ArrayList<>(Files.readAllLines(metadata));
            assertThat(lines.get(0)).isEqualTo("dqlite-snapshot 2");
            lines.set(0, "dqlite-snapshot 1");
            for (int i = 2; i < lines.size(); i++) {
                String[] fields = lines.get(i).split(" ");
                if (fields[1].equals(file.getFileName().toString())) {
                    lines.set(i, fields[0] + " " + fields[1] + " " + fields[2] + " " + sha256(file));
                }
            }
            Files.write(metadata, lines);

            Node restarted = cluster.start(node.id());
            assertThat(restarted.latestSnapshot().index()).isEqualTo(index);
            try (LeaderSession session = cluster.awaitLeader(TIMEOUT).openSession("notes")) {
                assertThat(SessionSql.scalar(session, "SELECT count(*) FROM notes")).isEqualTo(1L);
            }
            cluster.stop(node.id());
            try (RandomAccessFile damaged = new RandomAccessFile(file.toFile(), "rw")) {
                damaged.seek(200);
                damaged.write(damaged.read() ^ 0xff);
            }
            assertThatThrownBy(() -> cluster.start(node.id())).hasStackTraceContaining("does not match its SHA-256");
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
