package io.dqlite.jdbc.client;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dqlite.jdbc.conformance.JdbcConformanceSuite;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core of the JDBC conformance suite, through our {@code jdbc:dqlite://} driver, against a
 * 3-node cluster of Canonical's C dqlite run by go-dqlite's {@code dqlite-demo}.
 */
@ExtendWith(DemoClusterConformanceTest.CoreTestsOnly.class)
class DemoClusterConformanceTest extends JdbcConformanceSuite {

    @TempDir
    static Path directory;

    private static DemoCluster cluster;
    private static String url;

    /** Runs only the tests tagged "core": the others exercise features of our server, not of the driver. */
    static final class CoreTestsOnly implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isEmpty() || context.getTags().contains("core")) {
                return ConditionEvaluationResult.enabled("a core conformance test");
            }
            return ConditionEvaluationResult.disabled("not a core conformance test; C dqlite runs only the core");
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        assumeTrue(DemoCluster.available(), DemoCluster.DEMO + " is not installed (Debian package go-dqlite)");
        cluster = new DemoCluster(directory);
        cluster.awaitSettled(ClientSettings.defaults(), Duration.ofSeconds(60));
        url = "jdbc:dqlite://" + String.join(",", cluster.addresses()) + "/conformance?leaderTimeout=30000";
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }
}
