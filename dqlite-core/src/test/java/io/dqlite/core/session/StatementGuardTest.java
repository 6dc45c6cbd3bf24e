package io.dqlite.core.session;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatementGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "PRAGMA journal_mode=DELETE",
        "pragma JOURNAL_MODE = 'memory'",
        "PRAGMA main.journal_mode=OFF",
        "PRAGMA journal_mode(truncate)",
        "PRAGMA wal_checkpoint",
        "PRAGMA wal_checkpoint(TRUNCATE)",
        "PRAGMA main.wal_checkpoint(PASSIVE)",
        "PRAGMA page_size=8192",
        "PRAGMA wal_autocheckpoint=1000",
        "PRAGMA locking_mode=EXCLUSIVE",
        "ATTACH DATABASE '/tmp/other.db' AS other",
        "attach 'x.db' as x",
        "DETACH other",
        "VACUUM INTO '/tmp/copy.db'",
        "VACUUM main INTO 'copy.db'",
        "SELECT load_extension('evil')",
        "SELECT LOAD_EXTENSION ('evil', 'entry')",
        "SELECT 1; PRAGMA journal_mode=DELETE",
        "/* comment */ PRAGMA -- another\n journal_mode=WAL",
        "\"PRAGMA\" journal_mode=DELETE",
        "CREATE TEMP TABLE scratch(x)",
        "create temporary view v AS SELECT 1",
        "EXPLAIN PRAGMA locking_mode=EXCLUSIVE",
        "EXPLAIN QUERY PLAN PRAGMA journal_mode=DELETE",
        "EXPLAIN PRAGMA wal_checkpoint",
        "explain ATTACH 'x.db' AS x",
        "CREATE TABLE temp.scratch(x)",
        "CREATE TABLE IF NOT EXISTS \"temp\".scratch(x)",
        "CREATE TRIGGER temp.t AFTER INSERT ON main.t BEGIN SELECT 1; END",
        "CREATE UNIQUE INDEX TEMP.i ON t(x)",
        "CREATE VIEW temporary.v AS SELECT 1",
        "CREATE VIRTUAL TABLE temp.f USING fts5(x)",
        "PRAGMA synchronous=NORMAL",
        "PRAGMA cache_size = -20000",
        "PRAGMA main.mmap_size=0",
        "PRAGMA busy_timeout(5)"
    })
    void refusesStatementsThatBreakReplication(String sql) {
        assertThatThrownBy(() -> StatementGuard.check(sql))
                .isInstanceOf(StatementRefusedException.class)
                .hasMessageStartingWith("statement refused: ")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((StatementRefusedException) e).getErrorCode())
                        .isEqualTo(StatementRefusedException.SQLITE_AUTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "PRAGMA journal_mode",
        "PRAGMA page_size",
        "PRAGMA foreign_keys=ON",
        "PRAGMA synchronous",
        "PRAGMA query_only = 1",
        "PRAGMA recursive_triggers = ON",
        "PRAGMA user_version = 7",
        "PRAGMA main.application_id = 42",
        "PRAGMA table_info(t)",
        "PRAGMA integrity_check(10)",
        "EXPLAIN QUERY PLAN SELECT * FROM t",
        "CREATE TABLE templates(x)",
        "CREATE TABLE t AS SELECT * FROM main.x",
        "VACUUM",
        "SELECT 'PRAGMA journal_mode=DELETE'",
        "INSERT INTO t(x) VALUES('ATTACH DATABASE x AS y; VACUUM INTO z')",
        "-- PRAGMA journal_mode=DELETE\nSELECT 1",
        "SELECT * FROM \"attach\"",
        "CREATE TABLE load_extension_log(x)",
        "SELECT 'it''s; PRAGMA wal_checkpoint'",
        "CREATE TABLE temp_values(x)"
    })
    void allowsEverythingElse(String sql) {
        assertThatCode(() -> StatementGuard.check(sql)).doesNotThrowAnyException();
    }
}
