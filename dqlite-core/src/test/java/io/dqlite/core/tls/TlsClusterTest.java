package io.dqlite.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.NodeDataSource;
import io.dqlite.core.TestCluster;
import io.dqlite.core.raft.RaftTransport;
import io.dqlite.core.raft.RaftWiring;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.core.tls.TestCertificates.Pair;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster with TLS on both ports: certified clients and peers are served, and nothing else is: not a client without
 * a certificate, with one of another authority, or speaking plain TCP, nor a Raft peer without the cluster's
 * authority.
 */
class TlsClusterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The first byte of a TLS alert record. */
    private static final byte TLS_ALERT = 0x15;

    @TempDir
    Path directory;

    private Pair authority;
    private Pair node;
    private Pair client;
    private Pair stranger;

    @BeforeEach
    void makeCertificates() throws Exception {
        assumeTrue(TestCertificates.opensslInstalled(), "skipped: /usr/bin/openssl is missing (Debian package openssl)");
        TestCertificates certificates = new TestCertificates(directory);
        authority = certificates.authority("cluster-ca");
        node = certificates.signed("node", authority);
        client = certificates.signed("client", authority);
        stranger = certificates.signed("stranger", certificates.authority("other-ca"));
    }

    @Test
    void everyNodeServesCertifiedClientsOnly() throws Exception {
        try (TestCluster cluster = startTlsCluster()) {
            Node leader = cluster.awaitLeader(TIMEOUT);
            execute(new NodeDataSource(leader, "shop"), "CREATE TABLE orders (id INTEGER PRIMARY KEY)");
            // an application on a follower forwards to the leader over TLS
            Node follower = cluster.nodes().stream().filter(each -> each != leader).findFirst().orElseThrow();
            execute(new NodeDataSource(follower, "shop"), "INSERT INTO orders VALUES (1)");

            String certified = "?tlsCertificate=" + client.certificate() + "&tlsKey=" + client.key()
                    + "&tlsTrustedCertificates=" + authority.certificate();
            for (Member member : cluster.members()) {
                try (Connection connection = DriverManager.getConnection("jdbc:dqlite://" + member.wireAddress()
                        + "/shop" + certified); Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT count(*) FROM orders")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).as("through node %s", member.id()).isEqualTo(1);
                }
            }

            String address = leader.status().members().stream().filter(MemberStatus::leader).findFirst()
                    .orElseThrow().address();
            String quick = "&leaderTimeout=1500";
            assertRefused("jdbc:dqlite://" + address + "/shop?tlsTrustedCertificates=" + authority.certificate()
                    + quick);
            assertRefused("jdbc:dqlite://" + address + "/shop?tlsCertificate=" + stranger.certificate() + "&tlsKey="
                    + stranger.key() + "&tlsTrustedCertificates=" + authority.certificate() + quick);
            assertRefused("jdbc:dqlite://" + address + "/shop?leaderTimeout=1500");
            byte[] answer = plainAnswer(address);
            assertThat(answer.length == 0 || answer[0] == TLS_ALERT)
                    .as("a plain TCP client gets nothing, or a TLS alert, back: %s", java.util.Arrays.toString(answer))
                    .isTrue();
            assertThat(leader.status().members()).hasSize(3);
        }
    }

    @Test
    void aRaftPeerWithoutACertificateOfTheClusterIsRefusedAndNeverJoins() throws Exception {
        try (TestCluster cluster = startTlsCluster()) {
            Node leader = cluster.awaitLeader(TIMEOUT);
            execute(new NodeDataSource(leader, "shop"), "CREATE TABLE orders (id INTEGER PRIMARY KEY)");

            // a Raft client speaking plain TCP, or TLS with a certificate of another authority, is refused
            Member target = cluster.members().get(0);
            for (Parameters parameters : List.of(new Parameters(), strangerParameters())) {
                try (RaftClient raw = RaftClient.newBuilder()
                        .setRaftGroup(RaftGroup.valueOf(leader.cluster().groupId(), RaftPeer.newBuilder()
                                .setId(RaftPeerId.valueOf(target.id())).setAddress(target.raftAddress()).build()))
                        .setProperties(new RaftProperties())
                        .setParameters(parameters)
                        .setRetryPolicy(RetryPolicies.noRetry())
                        .build()) {
                    // refused by the transport, not by the entry validation a member's write would reach
                    assertThatThrownBy(() -> raw.io().send(Message.valueOf("not from the cluster")))
                            .isInstanceOf(java.io.IOException.class)
                            .satisfies(refused -> assertThat(causes(refused)).doesNotContain("not a valid log entry"));
                }
            }

            // a node with another authority's certificate is added, but never receives the log nor joins
            Member stranger4 = TestCluster.joiningMember("4");
            NodeConfig config = new NodeConfig("4", directory.resolve("node-4"), List.of(stranger4),
                    TestCluster.testTiming().withApplyTimeout(Duration.ofSeconds(2)), ReplicationSettings.defaults())
                    .withTls(NodeTls.fromPem(stranger.certificate(), stranger.key(), authority.certificate(),
                            NodeTls.ClientAuth.REQUIRED));
            assertThatThrownBy(() -> Node.join(config, List.of(cluster.members().get(0).wireAddress())))
                    .hasMessageContaining("could not join");
            assertThat(leader.status().members()).extracting(MemberStatus::id).containsOnly("1", "2", "3");
        }
    }

    @Test
    void aNodeWithTlsSpeaksRaftOverGrpcWhichAloneCarriesTls() throws Exception {
        NodeConfig plain = new NodeConfig("1", directory.resolve("node-1"), List.of(TestCluster.joiningMember("1")),
                TestCluster.testTiming(), ReplicationSettings.defaults());
        NodeTls tls = NodeTls.fromPem(node.certificate(), node.key(), authority.certificate(),
                NodeTls.ClientAuth.REQUIRED);
        assertThat(plain.transport()).isEqualTo(RaftTransport.NETTY);
        assertThat(RaftConfigKeys.Rpc.type(RaftWiring.properties(plain), ignored -> { }))
                .isEqualTo(SupportedRpcType.NETTY);
        assertThat(plain.withTls(tls).transport()).isEqualTo(RaftTransport.GRPC);
        assertThat(RaftConfigKeys.Rpc.type(RaftWiring.properties(plain.withTls(tls)), ignored -> { }))
                .isEqualTo(SupportedRpcType.GRPC);
        assertThatThrownBy(() -> plain.withRaftTransport(RaftTransport.NETTY).withTls(tls))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no TLS");
    }

    // three nodes with TLS on both ports, client certificates required, certificates of the cluster's authority
    private TestCluster startTlsCluster() throws Exception {
        TestCluster cluster = new TestCluster(directory.resolve("cluster"), 3, TestCluster.testTiming());
        cluster.setTls(NodeTls.fromPem(node.certificate(), node.key(), authority.certificate(),
                NodeTls.ClientAuth.REQUIRED));
        cluster.startAll();
        return cluster;
    }

    private Parameters strangerParameters() throws Exception {
        Parameters parameters = new Parameters();
        NodeTls tls = NodeTls.fromPem(stranger.certificate(), stranger.key(), authority.certificate(),
                NodeTls.ClientAuth.REQUIRED);
        GrpcConfigKeys.Client.setTlsConf(parameters, tls.raft());
        GrpcConfigKeys.Admin.setTlsConf(parameters, tls.raft());
        return parameters;
    }

    private static String causes(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            text.append(cause).append('\n');
        }
        return text.toString();
    }

    private static void assertRefused(String url) {
        assertThatThrownBy(() -> DriverManager.getConnection(url).close()).isInstanceOf(SQLException.class);
    }

    // what a client that sends dqlite's protocol version and a LEADER request in plain TCP gets back
    private static byte[] plainAnswer(String address) throws Exception {
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket(InetAddress.getByName(address.substring(0, colon)),
                Integer.parseInt(address.substring(colon + 1)))) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
            out.write(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            out.flush();
            InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            try {
                int next;
                while ((next = in.read()) >= 0) {
                    answer.write(next);
                }
            } catch (java.io.IOException closed) {
                // the server closed or reset the connection
            }
            return answer.toByteArray();
        }
    }

    private static void execute(javax.sql.DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
