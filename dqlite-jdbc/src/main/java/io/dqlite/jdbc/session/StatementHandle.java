package io.dqlite.jdbc.session;

/** A statement prepared on a session: its id there and how many parameters it takes. */
public record StatementHandle(int id, int parameterCount) {
}
