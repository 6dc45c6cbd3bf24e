package io.dqlite.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.core.session.LeaderDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower that missed thousands of commits while snapshots purged the log, and a brand-new
 * node, both catch up by snapshot installation.
 */
class SnapshotCatchUpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int COMMITS = 5000;

    @TempDir
    Path dir;

    @Test
    void laggingFollowerAndNewNodeCatchUpBySnapshot() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming().withSnapshots(500, 50))) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            LeaderDatabase db = leader.database("notes");
            Sql.update(db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT, at TEXT DEFAULT (datetime('now')))");
            Node lagging = cluster.nodes().stream().filter(node -> node != leader).findFirst().orElseThrow();
            long stoppedAt = lagging.appliedIndex();
            cluster.stop(lagging.id());

            // rows of 3 KB fill a new page each, which travels whole: the log outgrows its 8 MB segments, and
            // only closed segments are purged (small rows travel as page deltas and would all fit in one)
            for (int i = 0; i < COMMITS; i++) {
                Sql.update(db, "INSERT INTO notes(body) VALUES(?)", "note " + i + " " + "x".repeat(3000));
            }
            assertThat(leader.latestSnapshot()).as("the leader took snapshots").isNotNull();
            assertThat(leader.latestSnapshot().index()).isGreaterThan(stoppedAt + 1000);

            Node restarted = cluster.start(lagging.id());
            assertCaughtUpBySnapshot(leader, restarted, stoppedAt);

            Member member = cluster.newMember();
            Node fresh = cluster.start(member.id());
            leader.addMember(member);
            assertCaughtUpBySnapshot(leader, fresh, 0);

            Sql.update(db, "INSERT INTO notes(body) VALUES('after catch-up')");
            assertThat(Sql.queryLong(db, "SELECT count(*) FROM notes")).isEqualTo(COMMITS + 1);
        }
    }

    private static void assertCaughtUpBySnapshot(Node leader, Node follower, long appliedBefore) throws Exception {
        long target = leader.appliedIndex();
        TestCluster.await("node " + follower.id() + " catches up to index " + target, TIMEOUT,
                () -> follower.appliedIndex() >= target);
        assertThat(follower.latestSnapshot()).as("node %s installed a snapshot", follower.id()).isNotNull();
        assertThat(follower.latestSnapshot().index()).isGreaterThan(appliedBefore);
        TestCluster.await("node " + follower.id() + " holds the leader's bytes", TIMEOUT, () -> sameBytes(leader, follower));
    }

    private static boolean sameBytes(Node leader, Node follower) {
        try {
            long index = leader.appliedIndex();
            return follower.appliedIndex() == index
                    && java.util.Arrays.equals(Files.readAllBytes(leader.appliedFile("notes")),
                            Files.readAllBytes(follower.appliedFile("notes")));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
