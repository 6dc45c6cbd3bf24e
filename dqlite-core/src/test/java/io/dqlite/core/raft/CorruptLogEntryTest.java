package io.dqlite.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.SessionSql;
import io.dqlite.core.Node;
import io.dqlite.core.NodeRole;
import io.dqlite.core.TestCluster;
import io.dqlite.core.session.LeaderSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A write sent straight to Ratis that is not a valid log entry is refused before it reaches the log. */
class CorruptLogEntryTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RaftTransport.class)
    void aWriteThatIsNotALogEntryIsRefusedAndTheNodeKeepsServing(RaftTransport transport) throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.setRaftTransport(transport);
            Node node = cluster.start("1");
            List<NodeRole> roles = new CopyOnWriteArrayList<>();
            node.addRoleListener(roles::add);
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            try (LeaderSession session = leader.openSession("notes")) {
                SessionSql.exec(session, "CREATE TABLE notes(body TEXT)");
            }
            // a raw Ratis client on the node's transport, which a member's own writes never reach this way
            RaftProperties clientProperties = new RaftProperties();
            RaftConfigKeys.Rpc.setType(clientProperties,
                    transport == RaftTransport.NETTY ? SupportedRpcType.NETTY : SupportedRpcType.GRPC);
            try (RaftClient raw = RaftClient.newBuilder()
                    .setRaftGroup(RaftWiring.clientGroup(leader.cluster(), cluster.members()))
                    .setProperties(clientProperties)
                    .setRetryPolicy(RetryPolicies.noRetry())
                    .build()) {
                Message garbage = Message.valueOf(ByteString.copyFromUtf8("not a log entry, ".repeat(10)));
                assertThatThrownBy(() -> raw.io().send(garbage))
                        .hasMessageContaining("not a valid log entry")
                        .hasMessageContaining("CRC-32C");
            }

            try (LeaderSession session = leader.openSession("notes")) {
                SessionSql.exec(session, "INSERT INTO notes VALUES('after the garbage')");
                assertThat(SessionSql.scalar(session, "SELECT count(*) FROM notes")).isEqualTo(1L);
            }
            assertThat(leader.applyFailure()).isEmpty();
            assertThat(roles).contains(NodeRole.LEADER);
        }
    }
}
