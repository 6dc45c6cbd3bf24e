package io.dqlite.standalone;

/** A flag or environment variable of the standalone node whose value cannot be used; the message names it. */
public class InvalidOptionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the flag or variable and what is wrong with it. */
    public InvalidOptionException(String message) {
        super(message);
    }
}
