package io.dqlite.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.SessionSql;
import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.jdbc.SqliteErrors;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's statement timeout interrupts endless statements wherever they run, and frees what they held. */
class StatementTimeoutTest {

    private static final String ENDLESS = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r)"
            + " SELECT count(*) FROM r";

    @TempDir
    Path dir;

    private LeaderDatabase database;

    @BeforeEach
    void open() throws Exception {
        ReplicationSettings settings = ReplicationSettings.defaults().withStatementTimeout(Duration.ofMillis(300));
        database = LeaderDatabase.open("db", dir.resolve("db"), settings,
                entry -> CompletableFuture.completedFuture(null), () -> { }, Duration.ofSeconds(10));
        try (LeaderSession session = new LeaderSession(database)) {
            SessionSql.exec(session, "CREATE TABLE t(v INTEGER)");
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anEndlessQueryOutsideATransactionIsInterruptedAndNamesTheTimeout() throws Exception {
        try (LeaderSession session = new LeaderSession(database)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> SessionSql.scalar(session, ENDLESS))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("statement timeout of 300 ms")
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(SqliteErrors.SQLITE_INTERRUPT));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(SessionSql.scalar(session, "SELECT count(*) FROM t")).isEqualTo(0L);
        }
    }

    @Test
    void anEndlessStatementOnTheWriterIsInterruptedAndTheWriterServesOthers() throws Exception {
        try (LeaderSession session = new LeaderSession(database); LeaderSession other = new LeaderSession(database)) {
            SessionSql.exec(session, "BEGIN");
            assertThatThrownBy(() -> SessionSql.scalar(session, ENDLESS))
                    .hasMessageContaining("statement timeout");
            assertThatThrownBy(() -> SessionSql.exec(session, "INSERT INTO t " + ENDLESS.replace("count(*)", "i")))
                    .hasMessageContaining("statement timeout");
            if (session.inTransaction()) {
                SessionSql.exec(session, "ROLLBACK");
            }

            SessionSql.exec(other, "INSERT INTO t VALUES(1)");
            assertThat(SessionSql.scalar(other, "SELECT count(*) FROM t")).isEqualTo(1L);
        }
    }
}
