package io.dqlite.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.dqlite.core.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * {@code dqlite.ssl.bundle}: the node takes its certificate, key and trusted certificates from a Spring SSL bundle;
 * the auto-configured DataSource works, a client with a trusted certificate is served and one without is refused.
 */
class SslBundleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DqliteAutoConfiguration.class,
                    DqliteDataSourceAutoConfiguration.class));

    @TempDir
    Path directory;

    private Path certificate;
    private Path key;

    // dqlite's single cluster certificate: every node and client presents it and trusts it alone
    @BeforeEach
    void makeClusterCertificate() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")),
                "skipped: /usr/bin/openssl is missing (Debian package openssl)");
        certificate = directory.resolve("cluster.crt");
        key = directory.resolve("cluster.key");
        Process openssl = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", certificate.toString(),
                "-days", "2", "-subj", "/CN=dqlite", "-addext", "subjectAltName=DNS:dqlite,IP:127.0.0.1")
                .redirectErrorStream(true).redirectOutput(directory.resolve("openssl.out").toFile()).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0)
                .as(Files.readString(directory.resolve("openssl.out"))).isTrue();
    }

    @Test
    void theNodeServesOverTlsFromTheBundle() {
        List<String> node = TestNodes.singleNode(directory.resolve("node"));
        String address = node.stream().filter(property -> property.startsWith("dqlite.address="))
                .map(property -> property.substring("dqlite.address=".length())).findFirst().orElseThrow();
        runner.withPropertyValues(node.toArray(String[]::new))
                .withPropertyValues("spring.ssl.bundle.pem.dqlite.keystore.certificate=file:" + certificate,
                        "spring.ssl.bundle.pem.dqlite.keystore.private-key=file:" + key,
                        "spring.ssl.bundle.pem.dqlite.truststore.certificate=file:" + certificate,
                        "dqlite.ssl.bundle=dqlite")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Node started = context.getBean(Node.class);
                    TestNodes.await("a leader", Duration.ofSeconds(30), () -> started.leaderId().isPresent());
                    try (Connection connection = context.getBean(DataSource.class).getConnection();
                            Statement statement = connection.createStatement()) {
                        statement.executeUpdate("CREATE TABLE notes (id INTEGER PRIMARY KEY)");
                    }
                    String trusted = "jdbc:dqlite://" + address + "/main?tlsCertificate=" + certificate + "&tlsKey="
                            + key + "&tlsTrustedCertificates=" + certificate;
                    try (Connection connection = DriverManager.getConnection(trusted);
                            Statement statement = connection.createStatement();
                            ResultSet rows = statement.executeQuery("SELECT count(*) FROM notes")) {
                        assertThat(rows.next()).isTrue();
                    }
                    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:dqlite://" + address
                            + "/main?leaderTimeout=1500&tlsTrustedCertificates=" + certificate).close())
                            .isInstanceOf(SQLException.class);
                    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:dqlite://" + address
                            + "/main?leaderTimeout=1500").close()).isInstanceOf(SQLException.class);
                });
    }

    @Test
    void thePooledDataSourceOfEveryInstanceOfATlsClusterWorks() throws Exception {
        try (ThreeInstances cluster = new ThreeInstances(directory.resolve("cluster"), TlsApplication.class,
                "spring.ssl.bundle.pem.dqlite.keystore.certificate=file:" + certificate,
                "spring.ssl.bundle.pem.dqlite.keystore.private-key=file:" + key,
                "spring.ssl.bundle.pem.dqlite.truststore.certificate=file:" + certificate,
                "dqlite.ssl.bundle=dqlite")) {
            cluster.follower();
            int id = 0;
            for (AnnotationConfigApplicationContext context : cluster.contexts()) {
                DataSource pooled = context.getBean(DataSource.class);
                assertThat(pooled).isInstanceOf(HikariDataSource.class);
                try (Connection connection = pooled.getConnection(); Statement statement = connection.createStatement()) {
                    statement.executeUpdate("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY)");
                    statement.executeUpdate("INSERT INTO notes VALUES (" + (++id) + ")");
                }
            }
            for (AnnotationConfigApplicationContext context : cluster.contexts()) {
                try (Connection connection = context.getBean(DataSource.class).getConnection();
                        Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT count(*) FROM notes")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).isEqualTo(3);
                }
            }
        }
    }

    /** An application with the node, its pooled DataSource and Spring's SSL bundles. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({SslAutoConfiguration.class,
            DqliteAutoConfiguration.class, DqliteDataSourceAutoConfiguration.class})
    static class TlsApplication {
    }

    @Test
    void aBundleThatDoesNotExistStopsTheStartNamingTheProperty() {
        runner.withPropertyValues(TestNodes.singleNode(directory.resolve("node")).toArray(String[]::new))
                .withPropertyValues("dqlite.ssl.bundle=missing")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("dqlite.ssl.bundle").hasMessageContaining("missing"));
    }

    @Test
    void theNettyRaftTransportWithABundleStopsTheStartNamingTheProperty() {
        runner.withPropertyValues(TestNodes.singleNode(directory.resolve("node")).toArray(String[]::new))
                .withPropertyValues("spring.ssl.bundle.pem.dqlite.keystore.certificate=file:" + certificate,
                        "spring.ssl.bundle.pem.dqlite.keystore.private-key=file:" + key,
                        "spring.ssl.bundle.pem.dqlite.truststore.certificate=file:" + certificate,
                        "dqlite.ssl.bundle=dqlite", "dqlite.raft-transport=netty")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("dqlite.raft-transport").hasMessageContaining("no TLS"));
    }
}
