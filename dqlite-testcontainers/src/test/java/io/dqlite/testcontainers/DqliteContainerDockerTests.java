package io.dqlite.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** A Spring Boot application whose DataSource is a service connection to one node in Docker (skipped without Docker). */
@SpringBootTest(classes = DqliteContainerDockerTests.Application.class)
@Testcontainers(disabledWithoutDocker = true)
class DqliteContainerDockerTests {

    @Container
    @ServiceConnection
    static final DqliteContainer dqlite = new DqliteContainer(StandaloneImage.get()).withDatabase("notes");

    @Autowired
    ApplicationContext context;

    @Autowired
    DataSource dataSource;

    @Test
    void dataSourceWritesAndReadsOnTheContainer() throws Exception {
        assertThat(context.getBeanNamesForType(Node.class)).as("embedded nodes").isEmpty();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(connection.getMetaData().getURL()).isEqualTo(dqlite.getJdbcUrl());
            statement.executeUpdate("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            statement.executeUpdate("INSERT INTO notes (body) VALUES ('in a container')");
            try (ResultSet rows = statement.executeQuery("SELECT body FROM notes")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("in a container");
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
