package io.dqlite.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.raft.RatisLeaderLease;
import io.dqlite.core.session.LeaderSession;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read on the leader confirms its leadership from Ratis' leader lease, without a Raft round, while
 * the lease holds, and only then: a leader cut off from its followers stops serving reads, in
 * autocommit and inside a transaction.
 */
class LeaderLeaseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aLeaderServesReadsOnItsLeaseAndNoneOnceItsFollowersAreGone() throws Exception {
        assertThat(RatisLeaderLease.available()).as("the Ratis this build ships lets its lease be checked").isTrue();
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(TIMEOUT);
            try (LeaderSession session = leader.openSession("db");
                    LeaderSession readOnlyTransaction = leader.openSession("db")) {
                SessionSql.exec(session, "CREATE TABLE t(v TEXT)");
                SessionSql.exec(session, "INSERT INTO t VALUES('acknowledged')");
                TestCluster.await("the leader's lease to hold", TIMEOUT, leader::leaseHolds);
                assertThat(SessionSql.scalar(session, "SELECT count(*) FROM t")).isEqualTo(1L);
                for (Node node : cluster.nodes()) {
                    if (node != leader) {
                        assertThat(node.leaseHolds()).as("a follower holds no lease").isFalse();
                    }
                }

                for (Node node : List.copyOf(cluster.nodes())) {
                    if (node != leader) {
                        cluster.stop(node.id());
                    }
                }
                TestCluster.await("the lease to run out without followers", TIMEOUT, () -> !leader.leaseHolds());

                assertThatThrownBy(() -> SessionSql.scalar(session, "SELECT count(*) FROM t"))
                        .as("a leader that cannot confirm its leadership serves no read")
                        .isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> {
                    SessionSql.exec(readOnlyTransaction, "BEGIN");
                    SessionSql.scalar(readOnlyTransaction, "SELECT count(*) FROM t");
                }).as("nor a read inside a transaction, as @Transactional(readOnly = true) runs it")
                        .isInstanceOf(SQLException.class);
            }
        }
    }
}
