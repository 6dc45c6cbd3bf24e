package io.dqlite.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entry point run outside Docker, beside a copy of the jar: with DQLITE_START_FILE it waits
 * until the file is complete, then starts the node with the variables in it, as the Testcontainers module
 * starts a container once it knows the published port.
 */
class DockerEntrypointIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void nodeStartsOnlyOnceTheStartFileIsComplete() throws Exception {
        Path image = Files.createDirectories(directory.resolve("opt"));
        Files.copy(Path.of("docker-entrypoint.sh"), image.resolve("docker-entrypoint.sh"));
        Files.copy(NodeProcess.jar(), image.resolve("dqlite-standalone.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Path startFile = directory.resolve("start.env");
        int[] ports = StandaloneClusterIT.freePorts(3);
        try (PortForwarder published = PortForwarder.to(ports[0]);
                NodeProcess node = NodeProcess.run(List.of("sh", image.resolve("docker-entrypoint.sh").toString()),
                        Map.of("DQLITE_START_FILE", startFile.toString(),
                                "DQLITE_DATA_DIRECTORY", directory.resolve("data").toString()),
                        directory.resolve("node.log"))) {
            await("the entry point to wait for the start file", () -> node.output().contains("waiting for " + startFile));
            // quoted as the Testcontainers module writes them
            String variables = "DQLITE_NODE_ID='7'\n"
                    + "DQLITE_MEMBERS='7=127.0.0.1:" + published.port() + "/127.0.0.1:" + ports[1] + "'\n"
                    + "DQLITE_BIND_ADDRESS='127.0.0.1:" + ports[0] + "'\n";
            Files.writeString(startFile, variables);
            // the script looks every 0.1 s: a second gives it ten chances to start too early
            Thread.sleep(1000);
            assertThat(node.output()).as("output with an incomplete start file").doesNotContain("dqlite node");
            Files.writeString(startFile, variables + "DQLITE_START_FILE_COMPLETE=1\n");
            await("node 7 to lead", () -> node.output().contains("dqlite node 7: node 7 leads"));
            assertThat(node.output())
                    .contains("clients reach it at 127.0.0.1:" + published.port() + " (listening on 127.0.0.1:" + ports[0] + ")")
                    .doesNotContain("is not a setting of the dqlite node");
            try (Connection connection = DriverManager.getConnection("jdbc:dqlite://127.0.0.1:" + published.port() + "/main");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 6 * 7")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).as("an answer through the published port").isEqualTo(42);
            }
            assertThat(node.terminate(TIMEOUT)).isEqualTo(143);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + TIMEOUT.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
