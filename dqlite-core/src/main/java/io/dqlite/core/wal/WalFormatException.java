package io.dqlite.core.wal;

/** Thrown when a {@code -wal} file or a database file does not have the format SQLite documents. */
public class WalFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WalFormatException(String message) {
        super(message);
    }
}
