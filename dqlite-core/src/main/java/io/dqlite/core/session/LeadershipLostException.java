package io.dqlite.core.session;

import java.sql.SQLTransientConnectionException;

/** Thrown when this node is not, or stopped being, the leader; the client should retry on the leader. */
public class LeadershipLostException extends SQLTransientConnectionException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code leaderId} names the known leader, or is null. */
    public LeadershipLostException(String message, String leaderId) {
        super(message + (leaderId == null ? "; no leader is known" : "; the leader is node " + leaderId), "08006");
    }
}
