package io.dqlite.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.jdbc.session.ExecResult;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.Session;
import io.dqlite.jdbc.session.StatementHandle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Tests what a connection asks of its session, with a session that records the calls. */
class DqliteConnectionTest {

    private final RecordingSession session = new RecordingSession();
    private final Connection connection = new DqliteConnection(session, "jdbc:dqlite://h:1/d");

    /** A session that records every call and answers each with nothing. */
    private static final class RecordingSession implements Session {

        final List<String> calls = new ArrayList<>();
        final CountDownLatch interrupted = new CountDownLatch(1);
        SQLException failure;
        boolean blockUntilInterrupted;

        @Override
        public String database() {
            return "d";
        }

        @Override
        public StatementHandle prepare(String sql) {
            calls.add("prepare " + sql);
            return new StatementHandle(calls.size(), 2);
        }

        @Override
        public ExecResult exec(int statementId, List<Object> parameters) throws SQLException {
            calls.add("exec " + statementId + " " + parameters);
            return answer();
        }

        @Override
        public Rows query(int statementId, List<Object> parameters) {
            calls.add("query " + statementId + " " + parameters);
            return new RowList(List.of("c"), List.of());
        }

        @Override
        public void finalizeStatement(int statementId) {
            calls.add("finalize " + statementId);
        }

        @Override
        public ExecResult execSql(String sql, List<Object> parameters) throws SQLException {
            calls.add(sql);
            return answer();
        }

        private ExecResult answer() throws SQLException {
            if (blockUntilInterrupted) {
                try {
                    if (interrupted.await(30, TimeUnit.SECONDS)) {
                        throw SqliteErrors.toException(SqliteErrors.SQLITE_INTERRUPT, "interrupted");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
            return new ExecResult(1, 7);
        }

        @Override
        public Rows querySql(String sql, List<Object> parameters) {
            calls.add("query " + sql);
            return new RowList(List.of("c"), List.of());
        }

        @Override
        public void interrupt() {
            calls.add("interrupt");
            interrupted.countDown();
        }

        @Override
        public boolean isValid(int timeoutSeconds) {
            return true;
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void beginsLazilyBeforeTheFirstStatementOfEachTransaction() throws SQLException {
        connection.setAutoCommit(false);
        assertThat(session.calls).isEmpty();

        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO t VALUES (1)");
            statement.executeUpdate("INSERT INTO t VALUES (2)");
            connection.commit();
            connection.rollback();
            statement.executeUpdate("DELETE FROM t");
            connection.rollback();
        }

        assertThat(session.calls).containsExactly("BEGIN", "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)",
                "COMMIT", "BEGIN", "DELETE FROM t", "ROLLBACK");
    }

    @Test
    void turningAutocommitBackOnCommits() throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("UPDATE t SET v = 1");
        }
        connection.setAutoCommit(true);
        connection.setAutoCommit(true);

        assertThat(session.calls).containsExactly("BEGIN", "UPDATE t SET v = 1", "COMMIT");
    }

    @Test
    void savepointsAreSql() throws SQLException {
        connection.setAutoCommit(false);
        Savepoint named = connection.setSavepoint("my \"point\"");
        Savepoint unnamed = connection.setSavepoint();
        connection.rollback(unnamed);
        connection.releaseSavepoint(named);

        assertThat(session.calls).containsExactly("BEGIN", "SAVEPOINT \"my \"\"point\"\"\"",
                "SAVEPOINT \"dqlite_savepoint_1\"", "ROLLBACK TO SAVEPOINT \"dqlite_savepoint_1\"",
                "RELEASE SAVEPOINT \"my \"\"point\"\"\"");
        assertThatThrownBy(() -> connection.setSavepoint("")).isInstanceOf(SQLException.class);
    }

    @Test
    void savepointsNeedAutocommitOff() {
        assertThatThrownBy(connection::setSavepoint).isInstanceOf(SQLException.class)
                .hasMessageContaining("autocommit");
    }

    @Test
    void theSessionsExceptionsPassThroughUnchanged() throws SQLException {
        session.failure = SqliteErrors.toException(2067, "UNIQUE constraint failed: t.v");
        try (Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO t VALUES (1)")).isSameAs(session.failure);
        }
    }

    @Test
    void preparedStatementsKeepTheirParametersAndFinalizeOnClose() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE t SET v = ? WHERE k = ?")) {
            statement.setString(1, "a");
            statement.setInt(2, 1);
            assertThat(statement.executeUpdate()).isEqualTo(7);
            statement.setInt(2, 2);
            statement.executeUpdate();
            statement.setObject(1, null);
            statement.addBatch();
            assertThat(statement.executeBatch()).containsExactly(7);
        }
        connection.close();

        assertThat(session.calls).containsExactly("prepare UPDATE t SET v = ? WHERE k = ?", "exec 1 [a, 1]",
                "exec 1 [a, 2]", "exec 1 [null, 2]", "finalize 1", "close");
    }

    @Test
    void closingTheConnectionClosesItsStatementsAndSession() throws SQLException {
        Statement statement = connection.createStatement();
        PreparedStatement prepared = connection.prepareStatement("SELECT ?, ?");
        connection.close();

        assertThat(statement.isClosed()).isTrue();
        assertThat(prepared.isClosed()).isTrue();
        assertThat(session.calls).containsExactly("prepare SELECT ?, ?", "finalize 1", "close");
        assertThatThrownBy(connection::createStatement).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        assertThat(connection.isValid(1)).isFalse();
    }

    @Test
    void aQueryTimeoutInterruptsTheSessionAndFailsWithATimeout() throws SQLException {
        session.blockUntilInterrupted = true;
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            assertThatThrownBy(() -> statement.execute("UPDATE t SET v = v + 1"))
                    .isInstanceOf(SQLTimeoutException.class);
        }
        assertThat(session.calls).containsExactly("UPDATE t SET v = v + 1", "interrupt");
    }

    @Test
    void queriesGoToQuerySqlAndUpdatesToExecSql() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            assertThat(statement.execute("SELECT 1")).isTrue();
            assertThat(statement.execute("DELETE FROM t")).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(7);
            assertThat(statement.execute("CREATE TABLE u (v)")).isFalse();
            assertThat(statement.getUpdateCount()).isZero();
            assertThat(statement.execute("INSERT INTO u VALUES (1); SELECT * FROM u")).isTrue();
        }
        assertThat(session.calls).containsExactly("query SELECT 1", "DELETE FROM t", "CREATE TABLE u (v)",
                "INSERT INTO u VALUES (1)", "query SELECT * FROM u");
    }
}
