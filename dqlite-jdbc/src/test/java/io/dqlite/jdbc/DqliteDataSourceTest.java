package io.dqlite.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.jdbc.session.SessionFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DqliteDataSourceTest {

    @TempDir
    Path directory;

    private final List<String> opened = new ArrayList<>();

    private SessionFactory factory() {
        return database -> {
            opened.add(database);
            return new SqliteJdbcSession(DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(database)),
                    database);
        };
    }

    @Test
    void opensASessionOnItsDatabaseForEachConnection() throws SQLException {
        DataSource dataSource = new DqliteDataSource(factory(), "shop", "jdbc:dqlite://h:9001/shop");

        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection("u", "p")) {
            try (Statement statement = first.createStatement()) {
                statement.execute("CREATE TABLE items (v)");
                statement.execute("INSERT INTO items VALUES (1)");
            }
            try (Statement statement = second.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM items")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
            assertThat(first.getMetaData().getURL()).isEqualTo("jdbc:dqlite://h:9001/shop");
        }
        assertThat(opened).containsExactly("shop", "shop");
    }

    @Test
    void recordsTheLoginTimeoutAndRefusesANegativeOne() throws SQLException {
        DqliteDataSource dataSource = new DqliteDataSource(factory(), "shop", "jdbc:dqlite://h:9001/shop");

        dataSource.setLoginTimeout(7);

        assertThat(dataSource.getLoginTimeout()).isEqualTo(7);
        assertThatThrownBy(() -> dataSource.setLoginTimeout(-1)).isInstanceOf(SQLException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void unwrapsToItselfOnly() throws SQLException {
        DqliteDataSource dataSource = new DqliteDataSource(factory(), "shop", "jdbc:dqlite://h:9001/shop");

        assertThat(dataSource.unwrap(DataSource.class)).isSameAs(dataSource);
        assertThat(dataSource.isWrapperFor(Connection.class)).isFalse();
        assertThatThrownBy(() -> dataSource.unwrap(Connection.class)).isInstanceOf(SQLException.class);
    }

    @Test
    void needsAFactoryAndADatabaseName() {
        assertThatThrownBy(() -> new DqliteDataSource(null, "d", "u")).hasMessageContaining("session factory");
        assertThatThrownBy(() -> new DqliteDataSource(factory(), "", "u")).hasMessageContaining("database name");
    }
}
