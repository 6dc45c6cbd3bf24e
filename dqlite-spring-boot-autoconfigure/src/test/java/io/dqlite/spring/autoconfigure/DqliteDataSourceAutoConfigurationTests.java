package io.dqlite.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.dqlite.core.Node;
import io.dqlite.core.NodeDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class DqliteDataSourceAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class,
                    DqliteDataSourceAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void pooledDataSourceOverTheNodesDatabase() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .withPropertyValues("dqlite.database=notes", "dqlite.pool.max-size=3")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DataSource.class);
                    HikariDataSource dataSource = context.getBean(HikariDataSource.class);
                    assertThat(dataSource.getDataSource()).isInstanceOf(NodeDataSource.class);
                    assertThat(dataSource.getMaximumPoolSize()).isEqualTo(3);
                    Node node = context.getBean(Node.class);
                    TestNodes.await("a leader", Duration.ofSeconds(30), () -> node.isLeader() && node.leaderId().isPresent());
                    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                        statement.executeUpdate("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
                        statement.executeUpdate("INSERT INTO notes (body) VALUES ('pooled')");
                        try (ResultSet rows = statement.executeQuery("SELECT body FROM notes")) {
                            assertThat(rows.next()).isTrue();
                            assertThat(rows.getString(1)).isEqualTo("pooled");
                        }
                    }
                    assertThat(TestNodes.queryLong(node, "notes", "SELECT count(*) FROM notes")).isEqualTo(1);
                });
    }

    @Test
    void userDataSourceWins() {
        runner.withUserConfiguration(UserDataSourceConfiguration.class)
                .withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(HikariDataSource.class);
                    assertThat(context.getBean(DataSource.class)).isSameAs(context.getBean("userDataSource"));
                });
    }

    @Test
    void poolWithoutConnectionsIsNamed() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .withPropertyValues("dqlite.pool.max-size=0")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("dqlite.pool.max-size"));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserDataSourceConfiguration {

        @Bean
        DataSource userDataSource() {
            return new SimpleDriverDataSource();
        }

    }

}
