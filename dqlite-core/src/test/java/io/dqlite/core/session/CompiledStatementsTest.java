package io.dqlite.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledStatementsTest {

    @TempDir
    Path directory;

    private Connection writer;
    private CompiledStatements statements;

    @BeforeEach
    void open() throws SQLException {
        writer = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("db"));
        try (Statement statement = writer.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)");
        }
        statements = new CompiledStatements(writer);
    }

    @AfterEach
    void close() throws SQLException {
        statements.close();
        writer.close();
    }

    @Test
    void runKeepsTheStatementWhenTheWorkReturnsAndClosesItWhenTheWorkFails() throws SQLException {
        String sql = "SELECT count(*) FROM t";
        PreparedStatement[] used = new PreparedStatement[2];
        long counted = statements.run(sql, compiled -> {
            used[0] = compiled;
            try (ResultSet row = compiled.executeQuery()) {
                return row.getLong(1);
            }
        });
        assertThat(counted).isZero();
        assertThat(statements.size()).isEqualTo(1);

        assertThatThrownBy(() -> statements.run(sql, compiled -> {
            used[1] = compiled;
            throw new SQLException("failed mid-way");
        })).hasMessage("failed mid-way");
        assertThat(used[1]).isSameAs(used[0]);
        assertThat(used[1].isClosed()).isTrue();
        assertThat(statements.size()).isZero();
        assertThat(checkpointBlocked()).isFalse();
    }

    @Test
    void aStatementThatRanToItsEndIsKeptAndRunsAgainWithNewParameters() throws SQLException {
        String sql = "INSERT INTO t(v) VALUES(?)";
        PreparedStatement first = statements.take(sql);
        first.setString(1, "a");
        assertThat(first.execute()).isFalse();
        statements.giveBack(sql, first, true);

        PreparedStatement second = statements.take(sql);
        assertThat(second).isSameAs(first);
        second.setString(1, "b");
        second.execute();
        statements.giveBack(sql, second, true);

        assertThat(count("SELECT count(*) FROM t")).isEqualTo(2);
        assertThat(statements.size()).isEqualTo(1);
        assertThat(checkpointBlocked()).as("a kept statement holds no read transaction").isFalse();
    }

    @Test
    void aStatementNotRunToItsEndIsClosedAndHoldsNoReadTransaction() throws Exception {
        writer.createStatement().execute("INSERT INTO t(v) VALUES('a'), ('b')");
        String sql = "SELECT v FROM t";
        PreparedStatement reading = statements.take(sql);
        assertThat(reading.execute()).isTrue();
        statements.giveBack(sql, reading, false);

        assertThat(reading.isClosed()).isTrue();
        assertThat(statements.size()).isZero();
        assertThat(checkpointBlocked()).isFalse();
    }

    @Test
    void aKeptStatementFollowsASchemaChange() throws SQLException {
        String sql = "INSERT INTO t(v) VALUES(?)";
        PreparedStatement kept = statements.take(sql);
        kept.setString(1, "before");
        kept.execute();
        statements.giveBack(sql, kept, true);
        try (Statement change = writer.createStatement()) {
            change.execute("DROP TABLE t");
            change.execute("CREATE TABLE t(k INTEGER PRIMARY KEY, extra TEXT DEFAULT 'x', v TEXT)");
        }

        PreparedStatement again = statements.take(sql);
        again.setString(1, "after");
        again.execute();
        statements.giveBack(sql, again, true);

        assertThat(count("SELECT count(*) FROM t WHERE v = 'after' AND extra = 'x'")).isEqualTo(1);
    }

    @Test
    void theLeastRecentlyUsedStatementIsClosedBeyondTheCapacity() throws SQLException {
        PreparedStatement eldest = null;
        for (int i = 0; i <= CompiledStatements.CAPACITY; i++) {
            String sql = "SELECT " + i;
            PreparedStatement compiled = statements.take(sql);
            if (i == 0) {
                eldest = compiled;
            }
            statements.giveBack(sql, compiled, true);
        }

        assertThat(statements.size()).isEqualTo(CompiledStatements.CAPACITY);
        assertThat(eldest.isClosed()).isTrue();
    }

    @Test
    void closingClosesEveryKeptStatement() throws SQLException {
        PreparedStatement compiled = statements.take("SELECT 1");
        statements.giveBack("SELECT 1", compiled, true);

        statements.close();

        assertThat(compiled.isClosed()).isTrue();
        assertThat(statements.size()).isZero();
        assertThatThrownBy(compiled::execute).isInstanceOf(SQLException.class);
    }

    /** Tells whether a truncating checkpoint, from another connection, was blocked by a reader. */
    private boolean checkpointBlocked() throws SQLException {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("db"));
                Statement checkpoint = other.createStatement();
                ResultSet result = checkpoint.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            result.next();
            return result.getInt(1) != 0;
        }
    }

    @Test
    void aStatementGivenBackAfterTheCacheClosedIsClosed() throws SQLException {
        PreparedStatement compiled = statements.take("SELECT 1");
        statements.close();

        statements.giveBack("SELECT 1", compiled, true);

        assertThat(compiled.isClosed()).isTrue();
        assertThat(statements.size()).isZero();
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = writer.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
