package io.dqlite.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.jdbc.DqliteUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** A Spring Boot application whose DataSource is a service connection to a 3-node cluster in Docker (skipped without Docker). */
@SpringBootTest(classes = DqliteClusterDockerTests.Application.class)
@Testcontainers(disabledWithoutDocker = true)
class DqliteClusterDockerTests {

    @Container
    static final DqliteCluster cluster = new DqliteCluster(StandaloneImage.get(), 3).withDatabase("notes");

    @ServiceConnection
    static final DqliteContainer firstNode = cluster.getNodes().get(0);

    @Autowired
    DataSource dataSource;

    @Test
    void dataSourceNamesEveryNodeAndWritesWhatEveryNodeLeadsTo() throws Exception {
        assertThat(DqliteUrl.parse(firstNode.getJdbcUrl()).addresses()).hasSize(3);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            statement.executeUpdate("INSERT INTO notes (body) VALUES ('in a cluster')");
        }
        for (DqliteContainer node : cluster.getNodes()) {
            // each node alone is enough for the driver to find the leader, wherever it runs
            String url = "jdbc:dqlite://" + node.getClientAddress() + "/notes";
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT body FROM notes")) {
                assertThat(rows.next()).as("a row found through node " + node.getNodeId()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("in a cluster");
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
