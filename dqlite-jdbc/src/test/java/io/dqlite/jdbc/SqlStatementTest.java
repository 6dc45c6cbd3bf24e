package io.dqlite.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlStatementTest {

    private static SqlStatement only(String sql) {
        List<SqlStatement> statements = SqlStatement.split(sql);
        assertThat(statements).hasSize(1);
        return statements.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1",
        "select * from t",
        "  \n\t SELECT 1",
        "-- comment\nSELECT 1",
        "/* block ; comment */ SELECT 1",
        "VALUES (1), (2)",
        "PRAGMA table_info(t)",
        "EXPLAIN QUERY PLAN SELECT 1",
        "WITH x AS (SELECT 1) SELECT * FROM x",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT n FROM c",
        "WITH a AS (SELECT 1), b AS MATERIALIZED (SELECT 2) SELECT * FROM a, b",
        "INSERT INTO t VALUES (1) RETURNING id",
        "UPDATE t SET v = 1 RETURNING *",
        "DELETE FROM t RETURNING v",
        "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x RETURNING rowid",
    })
    void statementsThatReturnRows(String sql) {
        assertThat(only(sql).returnsRows()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO t VALUES (1)",
        "INSERT INTO t SELECT * FROM u",
        "UPDATE t SET v = 'SELECT'",
        "DELETE FROM t WHERE v IN (SELECT v FROM u)",
        "REPLACE INTO t VALUES (1)",
        "CREATE TABLE t (v)",
        "CREATE TABLE \"returning\" (v)",
        "DROP TABLE t",
        "BEGIN",
        "COMMIT",
        "WITH x AS (SELECT 1) DELETE FROM t WHERE v IN (SELECT * FROM x)",
        "INSERT INTO t (v) VALUES ('RETURNING')",
        "INSERT INTO t (v) VALUES ((SELECT 1 RETURNING))",
    })
    void statementsThatReturnNoRows(String sql) {
        assertThat(only(sql).returnsRows()).as(sql).isFalse();
    }

    @Test
    void findsTheMainVerbAfterCommonTableExpressions() {
        assertThat(only("WITH x(a) AS (SELECT 1) UPDATE t SET v = 1").verb()).isEqualTo("UPDATE");
        assertThat(only("with x as (values (1)) insert into t select * from x").verb()).isEqualTo("INSERT");
    }

    @Test
    void tellsDataChangesInsertsAndTransactionControl() {
        assertThat(only("INSERT INTO t VALUES (1)").inserts()).isTrue();
        assertThat(only("REPLACE INTO t VALUES (1)").inserts()).isTrue();
        assertThat(only("UPDATE t SET v = 1").inserts()).isFalse();
        assertThat(only("UPDATE t SET v = 1").changesRows()).isTrue();
        assertThat(only("CREATE TABLE t (v)").changesRows()).isFalse();
        assertThat(only("BEGIN IMMEDIATE").controlsTransaction()).isTrue();
        assertThat(only("END TRANSACTION").endsTransaction()).isTrue();
        assertThat(only("ROLLBACK").endsTransaction()).isTrue();
        assertThat(only("ROLLBACK TO sp").endsTransaction()).isFalse();
        assertThat(only("ROLLBACK TRANSACTION TO SAVEPOINT sp").endsTransaction()).isFalse();
        assertThat(only("SAVEPOINT sp").controlsTransaction()).isFalse();
    }

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        List<SqlStatement> statements = SqlStatement.split(
                "CREATE TABLE t (v); INSERT INTO t VALUES ('a;b'); -- c;\nINSERT INTO \"x;y\" VALUES (1);"
                        + " /* ; */ SELECT [a;b], `c;d` FROM t;;  ");

        assertThat(statements).extracting(SqlStatement::verb).containsExactly("CREATE", "INSERT", "INSERT", "SELECT");
        assertThat(statements.get(1).text()).isEqualTo("INSERT INTO t VALUES ('a;b')");
        assertThat(statements.get(3).returnsRows()).isTrue();
    }

    @Test
    void keepsTriggerBodiesWhole() {
        List<SqlStatement> statements = SqlStatement.split("CREATE TRIGGER tr AFTER INSERT ON t BEGIN"
                + " UPDATE t SET v = CASE WHEN new.v > 0 THEN 1 ELSE 0 END; INSERT INTO log VALUES (new.v); END;"
                + " SELECT 1");

        assertThat(statements).extracting(SqlStatement::verb).containsExactly("CREATE", "SELECT");
        assertThat(statements.get(0).text()).endsWith("END");
    }

    @Test
    void blankTextHoldsNoStatement() {
        assertThat(SqlStatement.split("  ;\n-- only a comment\n/* and this */ ;")).isEmpty();
    }

    @Test
    void escapedQuotesDoNotEndAString() {
        List<SqlStatement> statements = SqlStatement.split("INSERT INTO t VALUES ('it''s; fine'); SELECT 2");

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).text()).isEqualTo("INSERT INTO t VALUES ('it''s; fine')");
    }
}
