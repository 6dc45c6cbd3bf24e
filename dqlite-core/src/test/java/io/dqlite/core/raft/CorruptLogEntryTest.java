package io.dqlite.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.SessionSql;
import io.dqlite.core.Node;
import io.dqlite.core.NodeRole;
import io.dqlite.core.TestCluster;
import io.dqlite.core.session.LeaderSession;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log entry that is not a valid entry is reported, stops the databases being served, and names the entry. */
class CorruptLogEntryTest {

    @TempDir
    Path dir;

    @Test
    void aCorruptEntryIsReportedAndNothingIsServedAfterIt() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            Node node = cluster.start("1");
            List<NodeRole> roles = new CopyOnWriteArrayList<>();
            node.addRoleListener(roles::add);
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            try (LeaderSession session = leader.openSession("notes")) {
                SessionSql.exec(session, "CREATE TABLE notes(body TEXT)");
            }
            try (RaftClient raw = RaftClient.newBuilder()
                    .setRaftGroup(RaftWiring.clientGroup(cluster.members()))
                    .setProperties(new RaftProperties())
                    .setRetryPolicy(RetryPolicies.noRetry())
                    .build()) {
                Message garbage = Message.valueOf(ByteString.copyFromUtf8("not a log entry, ".repeat(10)));
                assertThatThrownBy(() -> raw.io().send(garbage))
                        .hasMessageContaining("CRC-32C");
            }

            assertThatThrownBy(() -> SessionSql.rows(leader.openSession("notes"), "SELECT count(*) FROM notes"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("cannot be applied")
                    .hasMessageContaining("fails its CRC-32C checksum");
            assertThat(roles).contains(NodeRole.LEADER);
        }
    }
}
