package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.TestCluster;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node reached through a forwarded port (a container's published one) listens on its bind address. */
class WireBindAddressTest {

    @TempDir
    Path directory;

    @Test
    void nodeListensOnItsBindAddressAndTellsClientsItsWireAddress() throws Exception {
        // the wire address is taken, as a published port is on the Docker host: binding it would fail
        try (ServerSocket published = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String wireAddress = "127.0.0.1:" + published.getLocalPort();
            String bindAddress = "127.0.0.1:" + freePort();
            Member self = new Member("1", "127.0.0.1:" + freePort(), wireAddress);
            NodeConfig config = new NodeConfig("1", directory, List.of(self), TestCluster.testTiming(),
                    ReplicationSettings.defaults()).withWireBindAddress(bindAddress);
            assertThat(config.wireListenAddress()).isEqualTo(bindAddress);
            try (Node node = Node.start(config)) {
                assertThat(node.id()).isEqualTo("1");
                try (RawWireClient client = RawWireClient.handshake(bindAddress)) {
                    AtomicReference<String> leader = new AtomicReference<>("");
                    TestCluster.await("node 1 to name a leader", Duration.ofSeconds(30), () -> {
                        leader.set(leaderAddress(client));
                        return !leader.get().isEmpty();
                    });
                    assertThat(leader.get()).isEqualTo(wireAddress);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String leaderAddress(RawWireClient client) {
        try {
            return ((Response.Server) client.call(new Request.Leader())).address();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void withoutBindAddressTheNodeListensOnItsWireAddress() {
        NodeConfig config = new NodeConfig("1", directory, List.of(new Member("1", "127.0.0.1:7001", "127.0.0.1:9001")),
                TestCluster.testTiming(), ReplicationSettings.defaults());
        assertThat(config.wireBindAddress()).isNull();
        assertThat(config.wireListenAddress()).isEqualTo("127.0.0.1:9001");
    }

    @Test
    void malformedBindAddressIsNamed() {
        NodeConfig config = new NodeConfig("1", directory, List.of(new Member("1", "127.0.0.1:7001", "127.0.0.1:9001")),
                TestCluster.testTiming(), ReplicationSettings.defaults());
        assertThatThrownBy(() -> config.withWireBindAddress("0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wire bind address of node 1 '0.0.0.0' is not host:port");
    }
}
