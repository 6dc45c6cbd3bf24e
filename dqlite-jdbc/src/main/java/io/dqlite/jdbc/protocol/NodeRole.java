package io.dqlite.jdbc.protocol;

/** The role of a node in the cluster, with its code on the wire. */
public enum NodeRole {
    /** Votes in elections and replicates the log. */
    VOTER(0),
    /** Replicates the log without voting. */
    STANDBY(1),
    /** Neither votes nor replicates. */
    SPARE(2);

    private final int code;

    NodeRole(int code) {
        this.code = code;
    }

    /** Returns the role's code on the wire. */
    public int code() {
        return code;
    }

    /** Returns the role with wire code {@code code}. */
    public static NodeRole ofCode(long code) throws ProtocolException {
        for (NodeRole role : values()) {
            if (role.code == code) {
                return role;
            }
        }
        throw new ProtocolException("unknown node role code " + Long.toUnsignedString(code));
    }
}
