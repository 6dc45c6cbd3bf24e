package io.dqlite.jdbc.session;

/** The outcome of a statement that returns no rows: the last inserted rowid and the rows changed. */
public record ExecResult(long lastInsertId, long rowsAffected) {
}
