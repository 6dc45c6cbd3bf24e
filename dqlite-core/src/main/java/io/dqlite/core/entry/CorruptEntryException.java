package io.dqlite.core.entry;

/** Thrown when bytes offered as a log entry are corrupt, truncated or of an unknown format. */
public class CorruptEntryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CorruptEntryException(String message) {
        super(message);
    }

    public CorruptEntryException(String message, Throwable cause) {
        super(message, cause);
    }
}
