package io.dqlite.jdbc.protocol;

import java.io.IOException;

/** Thrown when bytes on the wire do not form a valid dqlite message; the message names what is wrong. */
public class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the problem. */
    public ProtocolException(String message) {
        super(message);
    }
}
