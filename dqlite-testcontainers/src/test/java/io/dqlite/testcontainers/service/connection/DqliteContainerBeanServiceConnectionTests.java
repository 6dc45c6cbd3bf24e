package io.dqlite.testcontainers.service.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
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
import org.springframework.context.annotation.Bean;

/**
 * The other way to declare a service connection, a {@code @ServiceConnection} container bean: its connection
 * details are registered before the starter decides whether to run a node, so it runs none.
 */
@SpringBootTest(classes = DqliteContainerBeanServiceConnectionTests.Application.class)
class DqliteContainerBeanServiceConnectionTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    LocalNodeContainer dqlite;

    @Autowired
    DataSource dataSource;

    @Test
    void dataSourceUsesTheContainerBeanAndNoEmbeddedNodeStarts() throws Exception {
        assertThat(context.getBeanNamesForType(Node.class)).isEmpty();
        assertThat(dqlite.isRunning()).isTrue();
        assertThat(((HikariDataSource) dataSource).getJdbcUrl()).isEqualTo(dqlite.getJdbcUrl()).endsWith("/beans");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE IF NOT EXISTS beans (name TEXT)");
            statement.executeUpdate("INSERT INTO beans VALUES ('container')");
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM beans WHERE name = 'container'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(1);
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        @ServiceConnection
        LocalNodeContainer dqlite() {
            LocalNodeContainer container = new LocalNodeContainer();
            container.withDatabase("beans");
            return container;
        }

    }
}
