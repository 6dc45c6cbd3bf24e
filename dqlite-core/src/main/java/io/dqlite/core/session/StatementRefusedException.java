package io.dqlite.core.session;

import java.sql.SQLSyntaxErrorException;

/** Thrown for a statement that would break replication; nothing of it was executed. */
public class StatementRefusedException extends SQLSyntaxErrorException {

    private static final long serialVersionUID = 1L;

    /** SQLite's SQLITE_AUTH result code, which SQLite itself gives to statements an authorizer denies. */
    public static final int SQLITE_AUTH = 23;

    public StatementRefusedException(String reason) {
        super("statement refused: " + reason, "42000", SQLITE_AUTH);
    }
}
