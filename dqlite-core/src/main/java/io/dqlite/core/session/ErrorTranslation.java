package io.dqlite.core.session;

import java.sql.SQLException;

/** Turns an exception from SQLite into the one an application sees on every transport. */
@FunctionalInterface
interface ErrorTranslation {

    /** Returns the exception to throw instead of {@code failure}. */
    SQLException translate(SQLException failure);
}
