package io.dqlite.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import io.dqlite.core.Node;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code dqlite.bind-host}: both servers listen on all of the machine's addresses (seen from 127.0.0.2, another
 * loopback address) while the node keeps advertising its own address; without it they listen on that address only.
 */
class BindHostTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void bothServersListenOnTheBindHostAndTheNodeAdvertisesItsOwnAddress() {
        int wire = TestNodes.freePort();
        int raft = TestNodes.freePort();
        runner.withPropertyValues(TestNodes.fastElections().toArray(String[]::new))
                .withPropertyValues("dqlite.address=127.0.0.1:" + wire, "dqlite.raft-address=127.0.0.1:" + raft,
                        "dqlite.data-directory=" + directory, "dqlite.bind-host=0.0.0.0")
                .run(context -> {
                    Node node = context.getBean(Node.class);
                    TestNodes.await("a leader", Duration.ofSeconds(30), () -> node.leaderId().isPresent());
                    assertThat(node.status().members().get(0).address()).isEqualTo("127.0.0.1:" + wire);
                    connect("127.0.0.2", wire);
                    connect("127.0.0.2", raft);
                });
    }

    @Test
    void withoutABindHostTheServersListenOnTheirOwnAddressOnly() {
        int wire = TestNodes.freePort();
        int raft = TestNodes.freePort();
        runner.withPropertyValues(TestNodes.fastElections().toArray(String[]::new))
                .withPropertyValues("dqlite.address=127.0.0.1:" + wire, "dqlite.raft-address=127.0.0.1:" + raft,
                        "dqlite.data-directory=" + directory)
                .run(context -> {
                    Node node = context.getBean(Node.class);
                    TestNodes.await("a leader", Duration.ofSeconds(30), () -> node.leaderId().isPresent());
                    connect("127.0.0.1", wire);
                    assertThatIOException().isThrownBy(() -> connect("127.0.0.2", wire));
                    assertThatIOException().isThrownBy(() -> connect("127.0.0.2", raft));
                });
    }

    @Test
    void aBindHostWithAPortIsRefusedNamingTheProperty() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .withPropertyValues("dqlite.bind-host=0.0.0.0:9001")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("dqlite.bind-host").hasMessageContaining("without a port"));
    }

    private static void connect(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        }
    }
}
