package io.dqlite.testcontainers.service.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.dqlite.core.Node;
import io.dqlite.core.NodeDataSource;
import io.dqlite.jdbc.DqliteDriver;
import io.dqlite.spring.autoconfigure.DqliteNodeLifecycle;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;

/**
 * An application with the starter and a {@code @ServiceConnection} container gets a DataSource on the
 * container's node and runs no embedded node; the container's node runs in this JVM, so no Docker is needed.
 */
@SpringBootTest(classes = DqliteContainerConnectionDetailsFactoryTests.Application.class,
        properties = "dqlite.data-directory=target/must-not-exist")
class DqliteContainerConnectionDetailsFactoryTests {

    @ServiceConnection
    static final LocalNodeContainer dqlite = new LocalNodeContainer();

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcConnectionDetails connectionDetails;

    @Autowired
    DataSource dataSource;

    @AfterAll
    static void stopNode() {
        dqlite.stop();
    }

    @Test
    void connectionDetailsNameTheContainersNodeAndTheDqliteDriver() {
        assertThat(connectionDetails.getJdbcUrl()).isEqualTo("jdbc:dqlite://" + dqlite.getClientAddress() + "/main")
                .startsWith("jdbc:dqlite://127.0.0.1:");
        assertThat(connectionDetails.getDriverClassName()).isEqualTo(DqliteDriver.class.getName());
        assertThat(connectionDetails.getUsername()).isNull();
        assertThat(connectionDetails.getPassword()).isNull();
    }

    @Test
    void dataSourceUsesTheContainersUrlAndNoEmbeddedNodeStarts() throws Exception {
        assertThat(context.getBeanNamesForType(Node.class)).isEmpty();
        assertThat(context.getBeanNamesForType(DqliteNodeLifecycle.class)).isEmpty();
        assertThat(dataSource).isInstanceOfSatisfying(HikariDataSource.class, hikari -> {
            assertThat(hikari.getJdbcUrl()).isEqualTo(dqlite.getJdbcUrl());
            assertThat(hikari.getDriverClassName()).isEqualTo(DqliteDriver.class.getName());
        });
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)");
            statement.executeUpdate("INSERT OR REPLACE INTO notes (id, body) VALUES (1, 'through the service connection')");
        }
        // read on the container's node directly, not through the application's DataSource
        try (Connection connection = new NodeDataSource(dqlite.node(), "main").getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT body FROM notes WHERE id = 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("through the service connection");
        }
        assertThat(Path.of("target/must-not-exist")).doesNotExist();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
