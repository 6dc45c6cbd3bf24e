package io.dqlite.samples.demo;

import io.dqlite.core.entry.EntryCodec;
import io.dqlite.core.entry.DatabaseEntry;
import io.dqlite.core.replication.CheckpointMode;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.replication.ReplicationSource;
import io.dqlite.core.replication.ReplicationTarget;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;

/**
 * Runs a random workload on a leader database, ships every commit's pages through the log entry
 * format into a follower file, and prints whether the follower ended up identical.
 *
 * <p>Arguments: {@code [transactions] [directory]} (defaults: 1000, {@code target/demo}).
 */
public final class ReplicationDemo {

    private ReplicationDemo() {
    }

    public static void main(String[] args) throws Exception {
        int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Path.of(args.length > 1 ? args[1] : "target/demo").toAbsolutePath();
        Files.createDirectories(dir);
        Path leaderFile = dir.resolve("leader.db");
        Path followerFile = dir.resolve("follower.db");
        for (Path stale : new Path[] {leaderFile, followerFile, dir.resolve("leader.db-wal"), dir.resolve("leader.db-shm")}) {
            Files.deleteIfExists(stale);
        }
        System.out.printf("Replicating %d random transactions from %s into %s%n", transactions, leaderFile, followerFile);

        Random random = new Random();
        long entries = 0;
        long bytes = 0;
        long start = System.nanoTime();
        try (ReplicationSource leader = ReplicationSource.open("demo", leaderFile, ReplicationSettings.defaults());
                FileChannel leaderBytes = FileChannel.open(leaderFile, StandardOpenOption.READ);
                ReplicationTarget follower = new ReplicationTarget("demo", followerFile)) {
            Connection db = leader.connection();
            execute(db, "CREATE TABLE events(id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT, luck INTEGER, payload BLOB)");
            execute(db, "CREATE INDEX events_luck ON events(luck)");
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO events(at, luck, payload) VALUES(datetime('now'), random(), randomblob(?))")) {
                for (int i = 0; i < transactions; i++) {
                    switch (random.nextInt(10)) {
                        case 0 -> execute(db, "DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY random() LIMIT 5)");
                        case 1 -> execute(db, "UPDATE events SET luck = random() WHERE id % 7 = " + random.nextInt(7));
                        default -> {
                            insert.setInt(1, random.nextInt(2000));
                            insert.executeUpdate();
                        }
                    }
                    for (DatabaseEntry entry : leader.capture()) {
                        byte[] encoded = EntryCodec.encode(entry);
                        entries++;
                        bytes += encoded.length;
                        follower.apply((DatabaseEntry) EntryCodec.decode(encoded));
                    }
                    leader.checkpointIfDue();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            leader.checkpoint(CheckpointMode.TRUNCATE);
            boolean identical = Arrays.equals(readAll(leaderBytes), Files.readAllBytes(followerFile));
            System.out.printf("Shipped %d log entries, %.1f KiB, in %.2f s (%.0f transactions/s)%n",
                    entries, bytes / 1024.0, seconds, transactions / seconds);
            System.out.printf("Leader rows: %s%n", query(db, "SELECT count(*) FROM events"));
            try (Connection copy = DriverManager.getConnection("jdbc:sqlite:file:" + followerFile + "?immutable=1")) {
                System.out.printf("Follower rows: %s, integrity_check: %s%n",
                        query(copy, "SELECT count(*) FROM events"), query(copy, "PRAGMA integrity_check"));
                System.out.printf("Same rows: %s%n", query(db, "SELECT group_concat(id || at || luck || hex(payload)) FROM events")
                        .equals(query(copy, "SELECT group_concat(id || at || luck || hex(payload)) FROM events")));
            }
            System.out.printf("Files byte-identical after a TRUNCATE checkpoint of the leader: %s%n", identical);
            if (!identical) {
                System.exit(1);
            }
        }
    }

    private static byte[] readAll(FileChannel channel) throws java.io.IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(channel.size()));
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // the channel stays open so that SQLite's locks on the file survive
        }
        return buffer.array();
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
