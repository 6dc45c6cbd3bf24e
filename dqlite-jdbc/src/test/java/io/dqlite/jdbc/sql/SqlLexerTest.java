package io.dqlite.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    @Test
    void aQuotedKeywordInATriggerBodyIsANameSoTheTriggerEndsAtItsEnd() {
        List<LexedStatement> statements = SqlLexer.statements("CREATE TRIGGER tc AFTER INSERT ON c BEGIN"
                + " SELECT \"case\", [end], `case` FROM c; END; INSERT INTO c VALUES(42)");

        assertThat(statements).extracting(LexedStatement::first).containsExactly("CREATE", "INSERT");
        assertThat(statements.get(0).tokens()).contains("\"CASE", "\"END").doesNotContain("CASE");
        assertThat(statements.get(0).names()).contains("CASE", "END");
        assertThat(statements.get(0).isUnfinishedTrigger()).isFalse();
    }

    @Test
    void aCaseExpressionInsideATriggerBodyDoesNotEndIt() {
        List<LexedStatement> statements = SqlLexer.statements("CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN"
                + " UPDATE x SET v = CASE WHEN 1 THEN 2 ELSE 3 END; DELETE FROM y; END; SELECT 1");

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).text()).endsWith("DELETE FROM y; END");
    }

    @Test
    void aTriggerWithoutItsEndIsUnfinished() {
        assertThat(SqlLexer.statements("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; SELECT 2").get(0)
                .isUnfinishedTrigger()).isTrue();
        assertThat(SqlLexer.statements("CREATE TABLE t(x)").get(0).isUnfinishedTrigger()).isFalse();
    }

    @Test
    void commentsStringsAndEmptyStatementsAreSkipped() {
        List<LexedStatement> statements = SqlLexer.statements(
                " ; -- a; comment\n SELECT 'a;b' /* c; d */ ; ;INSERT INTO \"t;x\" VALUES('it''s')");

        assertThat(statements).extracting(LexedStatement::text)
                .containsExactly("-- a; comment\n SELECT 'a;b' /* c; d */", "INSERT INTO \"t;x\" VALUES('it''s')");
        assertThat(statements.get(0).tokens()).containsExactly("SELECT", "'");
    }
}
