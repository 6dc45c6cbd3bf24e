package io.dqlite.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
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
            session.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void anExplicitTransactionMakesOtherWritersQueueInsteadOfFailing() throws Exception {
        try (LeaderSession first = leader.openSession("s"); LeaderSession second = leader.openSession("s")) {
            first.execute("BEGIN");
            first.execute("INSERT INTO t(v) VALUES('first')");
            CompletableFuture<LeaderSession.ExecResult> queued = CompletableFuture.supplyAsync(() -> {
                try {
                    return second.execute("INSERT INTO t(v) VALUES('second')");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(queued).as("the second writer waits for the transaction").isNotDone();
            assertThat(first.query("SELECT count(*) FROM t WHERE v = 'second'").rows().get(0)[0]).isEqualTo(0);

            first.execute("COMMIT");

            assertThat(queued.get(30, TimeUnit.SECONDS).changes()).isEqualTo(1);
            assertThat(first.inTransaction()).isFalse();
            assertThat(second.query("SELECT count(*) FROM t WHERE v IN ('first', 'second')").rows().get(0)[0])
                    .isEqualTo(2);
        }
    }

    @Test
    void rollbackAndSavepointsUndoWhatTheyShould() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            session.execute("BEGIN");
            session.execute("INSERT INTO t(v) VALUES('rolled back')");
            session.execute("ROLLBACK");
            session.execute("SAVEPOINT a");
            session.execute("INSERT INTO t(v) VALUES('kept')");
            session.execute("SAVEPOINT b");
            session.execute("INSERT INTO t(v) VALUES('undone')");
            session.execute("ROLLBACK TO b");
            assertThat(session.inTransaction()).isTrue();
            session.execute("RELEASE b");
            session.execute("RELEASE a");
            assertThat(session.inTransaction()).isFalse();

            LeaderSession.QueryResult rows = session.query("SELECT v FROM t WHERE v IN ('rolled back', 'kept', 'undone')");
            assertThat(rows.columns()).containsExactly("v");
            assertThat(rows.rows()).extracting(row -> row[0]).containsExactly("kept");
        }
    }

    @Test
    void closingASessionRollsBackItsTransactionAndFreesTheWriter() throws Exception {
        LeaderSession abandoned = leader.openSession("s");
        abandoned.execute("BEGIN");
        abandoned.execute("INSERT INTO t(v) VALUES('abandoned')");
        abandoned.close();

        try (LeaderSession session = leader.openSession("s")) {
            assertThat(session.query("SELECT count(*) FROM t WHERE v = 'abandoned'").rows().get(0)[0]).isEqualTo(0);
        }
    }

    @Test
    void refusedStatementsLeaveTheSessionUsable() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            assertThatThrownBy(() -> session.execute("PRAGMA journal_mode=DELETE"))
                    .isInstanceOf(StatementRefusedException.class);
            assertThatThrownBy(() -> session.execute("ATTACH 'other.db' AS other"))
                    .isInstanceOf(StatementRefusedException.class);
            assertThat(session.query("PRAGMA journal_mode").rows().get(0)[0]).isEqualTo("wal");
            LeaderSession.ExecResult insert = session.execute("INSERT INTO t(v) VALUES(?)", "after refusal");
            assertThat(insert.changes()).isEqualTo(1);
            assertThat(insert.lastInsertId()).isPositive();
        }
    }

    @Test
    void preparedStatementsRunWithFreshParametersUntilFinalized() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            int insert = session.prepare("INSERT INTO t(v) VALUES(?)");
            int count = session.prepare("SELECT count(*) FROM t WHERE v LIKE ?");
            for (int i = 0; i < 3; i++) {
                assertThat(session.execute(insert, "prepared " + i).changes()).isEqualTo(1);
            }
            assertThat(session.query(count, "prepared %").rows().get(0)[0]).isEqualTo(3);

            session.finalizeStatement(insert);

            assertThatThrownBy(() -> session.execute(insert, "gone"))
                    .hasMessageContaining("no prepared statement with id " + insert);
            assertThatThrownBy(() -> session.prepare("PRAGMA wal_checkpoint"))
                    .isInstanceOf(StatementRefusedException.class);
        }
    }

    @Test
    void sqlErrorsKeepSqlitesCode() throws Exception {
        try (LeaderSession session = leader.openSession("s")) {
            assertThatThrownBy(() -> session.execute("INSERT INTO no_such_table VALUES(1)"))
                    .isInstanceOf(java.sql.SQLException.class)
                    .hasMessageContaining("no such table");
        }
    }
}
