package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dqlite.core.Member;
import io.dqlite.core.TestCluster;
import io.dqlite.core.tls.NodeTls;
import io.dqlite.core.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dqlite's own shell speaks TLS to our nodes as it does to dqlite's: every node and the shell share one self-signed
 * cluster certificate, which is also the only one trusted, and the shell names the server by the certificate's first
 * DNS name.
 */
class DqliteShellTlsTest {

    @TempDir
    Path directory;

    @Test
    void theShellConnectsWithTheClusterCertificateAndNotWithoutIt() throws Exception {
        assumeTrue(DqliteShell.installed(), "skipped: dqlite's shell /usr/bin/dqlite is missing (Debian package"
                + " golang-github-canonical-go-dqlite)");
        assumeTrue(TestCertificates.opensslInstalled(), "skipped: /usr/bin/openssl is missing (Debian package openssl)");
        TestCertificates certificates = new TestCertificates(directory);
        TestCertificates.Pair cluster = certificates.cluster("dqlite-cluster");
        TestCertificates.Pair other = certificates.cluster("other-cluster");
        try (TestCluster nodes = new TestCluster(directory.resolve("nodes"), 3, TestCluster.testTiming())) {
            nodes.setTls(NodeTls.fromPem(cluster.certificate(), cluster.key(), cluster.certificate(),
                    NodeTls.ClientAuth.REQUIRED));
            nodes.startAll();
            nodes.awaitLeader(Duration.ofSeconds(60));
            List<String> servers = nodes.members().stream().map(Member::wireAddress).toList();

            DqliteShell.Output created = DqliteShell.runOverTls(cluster.certificate(), cluster.key(), servers, "shop",
                    "CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)");
            assertThat(created.exitCode()).as(created.text()).isZero();
            DqliteShell.runOverTls(cluster.certificate(), cluster.key(), servers, "shop",
                    "INSERT INTO orders VALUES (1, 'tea')");
            DqliteShell.Output read = DqliteShell.runOverTls(cluster.certificate(), cluster.key(), servers, "shop",
                    "SELECT item FROM orders");
            assertThat(read.exitCode()).as(read.text()).isZero();
            assertThat(read.text()).contains("tea");

            // refused, the shell retries until it is killed
            DqliteShell.Output stranger = DqliteShell.attempt(List.of("--cert", other.certificate().toString(),
                    "--key", other.key().toString()), servers, "shop", "SELECT item FROM orders", Duration.ofSeconds(5));
            assertThat(stranger.exitCode()).as(stranger.text()).isNotZero();
            assertThat(stranger.text()).doesNotContain("tea");
            DqliteShell.Output plain = DqliteShell.attempt(List.of(), servers, "shop", "SELECT item FROM orders",
                    Duration.ofSeconds(5));
            assertThat(plain.exitCode()).as(plain.text()).isNotZero();
            assertThat(plain.text()).doesNotContain("tea");
        }
    }
}
