package io.dqlite.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar given settings it cannot use: it names the flag or variable, or the problem, and exits non-zero. */
class InvalidSettingsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void invalidFlagIsNamedAndExitsWith2() throws Exception {
        try (NodeProcess process = NodeProcess.start(List.of("--node-id", "4", "--members", "1=127.0.0.1:9001,2=127.0.0.1:9002"),
                Map.of(), directory.resolve("out.log"))) {
            assertThat(process.awaitExit(TIMEOUT)).isEqualTo(StandaloneNode.INVALID_SETTINGS);
            assertThat(process.output())
                    .contains("dqlite-standalone: --members does not list this node's id 4 (--node-id); its ids are [1, 2]")
                    .contains("Run with --help")
                    .doesNotContain("started");
        }
    }

    @Test
    void invalidVariableIsNamedAndExitsWith2() throws Exception {
        try (NodeProcess process = NodeProcess.start(List.of(), Map.of("DQLITE_APPLY_TIMEOUT", "soon"),
                directory.resolve("out.log"))) {
            assertThat(process.awaitExit(TIMEOUT)).isEqualTo(StandaloneNode.INVALID_SETTINGS);
            assertThat(process.output()).contains("dqlite-standalone: environment variable DQLITE_APPLY_TIMEOUT: 'soon' is not a duration");
        }
    }

    @Test
    void addressInUseFailsTheStartAndExitsWith1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            try (NodeProcess process = NodeProcess.start(List.of("--address", address,
                    "--raft-address", "127.0.0.1:" + StandaloneClusterIT.freePorts(1)[0],
                    "--data-directory", directory.resolve("data").toString()), Map.of(), directory.resolve("out.log"))) {
                assertThat(process.awaitExit(TIMEOUT)).isEqualTo(StandaloneNode.START_FAILED);
                assertThat(process.output()).contains("dqlite node 1 failed to start: cannot listen on wire address " + address);
            }
        }
    }
}
