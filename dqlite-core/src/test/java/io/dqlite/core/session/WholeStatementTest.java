package io.dqlite.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A text the lexer took for one statement compiles only if SQLite reads all of it: SQLite itself would compile the
 * first of two statements and drop the second in silence.
 */
class WholeStatementTest {

    @Test
    void aTextSqliteReadsAsTwoStatementsIsRefusedInsteadOfLosingItsTail() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            connection.createStatement().execute("CREATE TABLE t(x)");
            try (PreparedStatement silent = connection.prepareStatement("INSERT INTO t VALUES(1); DROP TABLE t")) {
                assertThat(silent).as("SQLite alone compiles the first statement without a word").isNotNull();
            }

            for (String twoStatements : List.of("INSERT INTO t VALUES(1); DROP TABLE t", "SELECT 1; SELECT 2 -- ;",
                    "SELECT 1; SELECT 2 /* open comment ;")) {
                assertThatThrownBy(() -> WholeStatement.prepare(connection, twoStatements)).as(twoStatements)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("as more than one statement");
            }
        }
    }

    @Test
    void semicolonsInsideOneStatementCompile() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            connection.createStatement().execute("CREATE TABLE t(x); CREATE TABLE u(y)");
            for (String one : List.of("SELECT 'a;b'", "SELECT \"x;\" FROM (SELECT 1 AS \"x;\")", "SELECT [a;] FROM"
                    + " (SELECT 1 AS [a;])", "SELECT 1 /* ; */", "SELECT 1 -- ;",
                    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO u VALUES(CASE WHEN 1 THEN 2 END);"
                            + " DELETE FROM u; END", "SELECT 1 /* ;")) {
                try (PreparedStatement compiled = WholeStatement.prepare(connection, one)) {
                    assertThat(compiled).as(one).isNotNull();
                }
            }
        }
    }
}
