package io.dqlite.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.Node;
import io.dqlite.core.SessionSql;
import io.dqlite.core.TestCluster;
import io.dqlite.jdbc.session.ExecResult;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.StatementHandle;
import io.dqlite.jdbc.session.ValueType;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderSessionTest {

    @TempDir
    static Path dir;

    private static TestCluster cluster;
    private static Node leader;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(dir, 3, TestCluster.testTiming());
        cluster.startAll();
        leader = cluster.awaitLeader(Duration.ofSeconds(30));
        try (LeaderSession session = leader.openSession("s")) {
            SessionSql.exec(session, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void anExplicitTransactionMakesOtherWritersQueueInsteadOfFailing() throws Exception {
        try (LeaderSession first = leader.openSession("s"); LeaderSession second = leader.openSession("s")) {
            SessionSql.exec(first, "BEGIN");
            SessionSql.exec(first, "INSERT INTO t(v) VALUES('first')");
            CompletableFuture<ExecResult> queued = CompletableFuture.supplyAsync(() -> {
                try {
                    return SessionSql.exec(second, "INSERT INTO t(v) VALUES('second')");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(queued).as("the second writer waits for the transaction").isNotDone();
            assertThat(SessionSql.scalar(first, "SELECT count(*) FROM t WHERE v = 'second'")).isEqualTo(0L);

            SessionSql.exec(first, "COMMIT");

            assertThat(queued.get(30, TimeUnit.SECONDS).rowsAffected()).isEqualTo(1);
            assertThat(first.inTransaction()).isFalse();
            assertThat(SessionSql.scalar(second, "SELECT count(*) FROM t WHERE v IN ('first', 'second')"))
                    .isEqualTo(2L);
        }
    }

    @Test
    void rollbackAndSavepointsUndoWhatTheyShould() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            SessionSql.exec(session, "BEGIN");
            SessionSql.exec(session, "INSERT INTO t(v) VALUES('rolled back')");
            SessionSql.exec(session, "ROLLBACK");
            SessionSql.exec(session, "SAVEPOINT a");
            SessionSql.exec(session, "INSERT INTO t(v) VALUES('kept')");
            SessionSql.exec(session, "SAVEPOINT b");
            SessionSql.exec(session, "INSERT INTO t(v) VALUES('undone')");
            SessionSql.exec(session, "ROLLBACK TO b");
            assertThat(session.inTransaction()).isTrue();
            SessionSql.exec(session, "RELEASE b");
            SessionSql.exec(session, "RELEASE a");
            assertThat(session.inTransaction()).isFalse();

            assertThat(SessionSql.rows(session, "SELECT v FROM t WHERE v IN ('rolled back', 'kept', 'undone')"))
                    .containsExactly(List.of("kept"));
        }
    }

    @Test
    void closingASessionRollsBackItsTransactionAndFreesTheWriter() throws Exception {
        LeaderSession abandoned = leader.openSession("s");
        SessionSql.exec(abandoned, "BEGIN");
        SessionSql.exec(abandoned, "INSERT INTO t(v) VALUES('abandoned')");
        abandoned.close();

        try (LeaderSession session = leader.openSession("s")) {
            assertThat(SessionSql.scalar(session, "SELECT count(*) FROM t WHERE v = 'abandoned'")).isEqualTo(0L);
        }
    }

    @Test
    void refusedStatementsLeaveTheSessionUsable() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            assertThatThrownBy(() -> SessionSql.exec(session, "PRAGMA journal_mode=DELETE"))
                    .isInstanceOf(StatementRefusedException.class);
            assertThatThrownBy(() -> SessionSql.exec(session, "ATTACH 'other.db' AS other"))
                    .isInstanceOf(StatementRefusedException.class);
            assertThat(SessionSql.scalar(session, "PRAGMA journal_mode")).isEqualTo("wal");
            ExecResult insert = SessionSql.exec(session, "INSERT INTO t(v) VALUES(?)", "after refusal");
            assertThat(insert.rowsAffected()).isEqualTo(1);
            assertThat(insert.lastInsertId()).isPositive();
        }
    }

    @Test
    void preparedStatementsRunWithFreshParametersUntilFinalized() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            int insert = session.prepare("INSERT INTO t(v) VALUES(?)").id();
            StatementHandle count = session.prepare("SELECT count(*) FROM t WHERE v LIKE ?");
            assertThat(count.parameterCount()).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                assertThat(session.exec(insert, List.of("prepared " + i)).rowsAffected()).isEqualTo(1);
            }
            try (Rows rows = session.query(count.id(), List.of("prepared %"))) {
                assertThat(SessionSql.readAll(rows)).containsExactly(List.of(3L));
            }

            session.finalizeStatement(insert);

            assertThatThrownBy(() -> session.exec(insert, List.of("gone")))
                    .hasMessageContaining("no prepared statement with id " + insert);
            assertThatThrownBy(() -> session.prepare("PRAGMA wal_checkpoint"))
                    .isInstanceOf(StatementRefusedException.class);
        }
    }

    @Test
    void sqlErrorsKeepSqlitesCode() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            assertThatThrownBy(() -> SessionSql.exec(session, "INSERT INTO no_such_table VALUES(1)"))
                    .isInstanceOf(java.sql.SQLException.class)
                    .hasMessageContaining("no such table");
        }
    }

    @Test
    void aStreamingQueryHoldsItsSnapshotWithoutHoldingTheWriter() throws Exception {
        try (LeaderSession reader = leader.openSession("s"); LeaderSession writer = leader.openSession("s")) {
            SessionSql.exec(writer, "CREATE TABLE stream(n INTEGER)");
            SessionSql.exec(writer, "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000)"
                    + " INSERT INTO stream SELECT n FROM c");
            try (Rows rows = reader.querySql("SELECT n FROM stream ORDER BY n", List.of())) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.value(0)).isEqualTo(1L);

                assertThat(SessionSql.exec(writer, "INSERT INTO stream VALUES(1001)").rowsAffected()).isEqualTo(1);

                assertThat(SessionSql.readAll(rows)).hasSize(999);
            }
            assertThat(SessionSql.scalar(reader, "SELECT count(*) FROM stream")).isEqualTo(1001L);
        }
    }

    @Test
    void anInterruptStopsALongQueryAndLeavesTheSessionUsable() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            CompletableFuture<Object> endless = CompletableFuture.supplyAsync(() -> {
                try {
                    return SessionSql.scalar(session, "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c)"
                            + " SELECT count(*) FROM c");
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!endless.isDone() && System.nanoTime() < deadline) {
                session.interrupt();
                Thread.onSpinWait();
            }
            assertThatThrownBy(() -> endless.get(1, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SQLTimeoutException.class)
                    .hasMessageContaining("interrupt");
            assertThat(SessionSql.scalar(session, "SELECT 1")).isEqualTo(1L);
        }
    }

    @Test
    void valuesKeepTheirWireTypes() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            SessionSql.exec(session, "CREATE TABLE typed(i INTEGER, r REAL, t TEXT, b BLOB, n, d DATETIME, u DATETIME,"
                    + " f BOOLEAN)");
            SessionSql.exec(session, "INSERT INTO typed VALUES(?, ?, ?, ?, ?, ?, ?, ?)", Long.MIN_VALUE, -0.5, "żółw",
                    new byte[] {1, 2}, null, "2026-11-25 10:00:00", 1_700_000_000L, true);
            try (Rows rows = session.querySql("SELECT * FROM typed", List.of())) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.columns()).containsExactly("i", "r", "t", "b", "n", "d", "u", "f");
                List<ValueType> types = new ArrayList<>();
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < rows.columns().size(); i++) {
                    types.add(rows.type(i));
                    values.add(rows.value(i));
                }
                assertThat(types).containsExactly(ValueType.INTEGER, ValueType.FLOAT, ValueType.TEXT, ValueType.BLOB,
                        ValueType.NULL, ValueType.ISO8601, ValueType.UNIXTIME, ValueType.BOOLEAN);
                assertThat(values).containsExactly(Long.MIN_VALUE, -0.5, "żółw", new byte[] {1, 2}, null,
                        "2026-11-25 10:00:00", 1_700_000_000L, true);
            }
        }
    }

    @Test
    void failedQueriesGiveTheirReadersBack() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            for (int i = 0; i < 100; i++) {
                assertThatThrownBy(() -> session.querySql("SELECT * FROM no_such_table", List.of()))
                        .hasMessageContaining("no such table");
            }
            assertThat(SessionSql.scalar(session, "SELECT 7")).isEqualTo(7L);
        }
    }

    @Test
    void aTransactionSqliteRollsBackByItselfReleasesTheWriter() throws Exception {
        try (LeaderSession session = leader.openSession("s"); LeaderSession other = leader.openSession("s")) {
            SessionSql.exec(session, "CREATE TABLE strict_pk(k INTEGER PRIMARY KEY)");
            SessionSql.exec(session, "BEGIN");
            SessionSql.exec(session, "INSERT INTO strict_pk VALUES(1)");
            assertThatThrownBy(() -> SessionSql.exec(session, "INSERT OR ROLLBACK INTO strict_pk VALUES(1)"))
                    .hasMessageContaining("UNIQUE");

            assertThat(session.inTransaction()).isFalse();
            assertThat(SessionSql.exec(other, "INSERT INTO strict_pk VALUES(2)").rowsAffected()).isEqualTo(1);
            assertThat(SessionSql.rows(other, "SELECT k FROM strict_pk")).containsExactly(List.of(2L));
        }
    }

    @Test
    void triggersWithCaseExpressionsAreOneStatement() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            SessionSql.exec(session, "CREATE TABLE graded(score INTEGER, grade TEXT);"
                    + " CREATE TRIGGER grade_it AFTER INSERT ON graded BEGIN"
                    + " UPDATE graded SET grade = CASE WHEN NEW.score > 50 THEN 'pass' ELSE 'fail' END"
                    + " WHERE rowid = NEW.rowid; END;");
            SessionSql.exec(session, "INSERT INTO graded(score) VALUES(70)");
            assertThat(SessionSql.scalar(session, "SELECT grade FROM graded")).isEqualTo("pass");
            assertThatThrownBy(() -> session.prepare("SELECT 1; SELECT 2"))
                    .hasMessageContaining("several statements");
        }
    }

    @Test
    void aQuotedKeywordInsideATriggerBodyDoesNotSwallowTheStatementsAfterIt() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            SessionSql.exec(session, "CREATE TABLE quoted(x); CREATE TRIGGER quoted_case AFTER INSERT ON quoted"
                    + " BEGIN SELECT \"case\" FROM quoted; END; INSERT INTO quoted VALUES(42)");

            assertThat(SessionSql.scalar(session, "SELECT count(*) FROM quoted WHERE x = 42")).isEqualTo(1L);
            assertThatThrownBy(() -> SessionSql.exec(session, "CREATE TRIGGER open_body AFTER INSERT ON quoted"
                    + " BEGIN SELECT CASE WHEN 1 THEN 2; INSERT INTO quoted VALUES(43)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no END");
        }
    }

    @Test
    void connectionSettingsOfOneSessionNeverReachAnother() throws Exception {
        try (LeaderSession strict = leader.openSession("s"); LeaderSession other = leader.openSession("s")) {
            SessionSql.exec(strict, "CREATE TABLE parent(id INTEGER PRIMARY KEY);"
                    + " CREATE TABLE child(parent INTEGER REFERENCES parent(id))");
            SessionSql.exec(strict, "PRAGMA foreign_keys = ON");
            SessionSql.exec(strict, "PRAGMA query_only = 1");

            assertThat(SessionSql.scalar(strict, "PRAGMA foreign_keys")).isEqualTo(1L);
            assertThat(SessionSql.scalar(other, "PRAGMA foreign_keys")).isEqualTo(0L);
            assertThatThrownBy(() -> SessionSql.exec(strict, "INSERT INTO parent VALUES(1)"))
                    .as("query_only holds for the session that set it").isInstanceOf(SQLException.class);
            SessionSql.exec(other, "INSERT INTO child VALUES(99)");
            SessionSql.exec(strict, "PRAGMA query_only = 0");
            assertThatThrownBy(() -> SessionSql.exec(strict, "INSERT INTO child VALUES(98)"))
                    .as("foreign keys hold for the session that set them")
                    .isInstanceOf(SQLException.class).hasMessageContaining("FOREIGN KEY");
            SessionSql.exec(other, "INSERT INTO child VALUES(97)");
            assertThat(SessionSql.scalar(other, "SELECT count(*) FROM child")).isEqualTo(2L);
        }
    }

    @Test
    void plainVacuumRunsWhileAttachStaysRefused() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            SessionSql.exec(session, "VACUUM");
            assertThatThrownBy(() -> SessionSql.exec(session, "ATTACH ':memory:' AS other"))
                    .isInstanceOf(StatementRefusedException.class);
        }
    }

    @Test
    void aFailureAfterEarlierStatementsOfAStringCommittedSaysTheyStayCommitted() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            assertThatThrownBy(() -> SessionSql.exec(session,
                    "INSERT INTO t(v) VALUES('kept 1'); INSERT INTO t(v) VALUES('kept 2'); INSERT INTO missing VALUES(1)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no such table: missing")
                    .hasMessageContaining("2 earlier statements of the 3 in this string committed");
            assertThat(SessionSql.scalar(session, "SELECT count(*) FROM t WHERE v LIKE 'kept %'")).isEqualTo(2L);
        }
    }

    @Test
    void aPreparedWriteRunsAgainAfterItFailedAndAfterItsTableChanged() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            SessionSql.exec(session, "CREATE TABLE kept(k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            int insert = session.prepare("INSERT INTO kept(v) VALUES(?)").id();
            assertThat(session.exec(insert, List.of("one")).lastInsertId()).isEqualTo(1);
            assertThatThrownBy(() -> session.exec(insert, java.util.Arrays.asList((Object) null)))
                    .hasMessageContaining("NOT NULL");
            assertThat(session.exec(insert, List.of("two")).lastInsertId()).isEqualTo(2);

            SessionSql.exec(session, "DROP TABLE kept");
            SessionSql.exec(session, "CREATE TABLE kept(k INTEGER PRIMARY KEY, extra TEXT DEFAULT 'x', v TEXT)");
            ExecResult again = session.exec(insert, List.of("three"));

            assertThat(again.lastInsertId()).isEqualTo(1);
            assertThat(SessionSql.rows(session, "SELECT extra, v FROM kept")).containsExactly(List.of("x", "three"));
        }
    }

    @Test
    void aQueryRunAsAWriteLeavesNothingInProgressOnTheWriter() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            SessionSql.exec(session, "INSERT INTO t(v) VALUES('a'), ('b')");
            SessionSql.exec(session, "SELECT v FROM t");
            SessionSql.exec(session, "SELECT v FROM t");

            SessionSql.exec(session, "VACUUM");

            assertThat(SessionSql.exec(session, "INSERT INTO t(v) VALUES('after vacuum')").rowsAffected())
                    .isEqualTo(1);
        }
    }
}
