package io.dqlite.jdbc.conformance;

import io.dqlite.jdbc.DqliteConnection;
import io.dqlite.jdbc.SqliteJdbcSession;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** Runs the conformance suite over sessions backed directly by sqlite-jdbc, without a cluster. */
class SqliteSessionConformanceTest extends JdbcConformanceSuite {

    @TempDir
    static Path directory;

    @Override
    protected Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        String file = directory.resolve("conformance.db").toString();
        return new DqliteConnection(new SqliteJdbcSession(config.createConnection("jdbc:sqlite:" + file), "conformance"),
                "jdbc:dqlite://127.0.0.1:9001/conformance");
    }
}
