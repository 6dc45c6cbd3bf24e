package io.dqlite.core;

/**
 * One node of the cluster as the others know it.
 *
 * @param id the node's id, unique in the cluster
 * @param raftAddress the host:port its Raft server listens on
 * @param wireAddress the host:port its client (wire protocol) server listens on
 */
public record Member(String id, String raftAddress, String wireAddress) {

    public Member {
        requireText(id, "member id");
        requireHostPort(raftAddress, "Raft address of member " + id);
        requireHostPort(wireAddress, "wire address of member " + id);
    }

    /** How far a node's default Raft port is above its wire port. */
    public static final int RAFT_PORT_OFFSET = 1000;

    /**
     * Returns the member at {@code wireAddress} whose Raft server has the default port, the wire port +
     * {@value #RAFT_PORT_OFFSET}: what a node knows of a peer that the wire protocol's ADD names by wire address only.
     */
    public static Member withDefaultRaftPort(String id, String wireAddress) {
        requireHostPort(wireAddress, "wire address of member " + id);
        int colon = wireAddress.lastIndexOf(':');
        int raftPort = Integer.parseInt(wireAddress.substring(colon + 1)) + RAFT_PORT_OFFSET;
        return new Member(id, wireAddress.substring(0, colon) + ":" + raftPort, wireAddress);
    }

    static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    static void requireHostPort(String address, String what) {
        requireText(address, what);
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(what + " '" + address + "' is not host:port");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + address + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " '" + address + "' has port " + port + " outside 1-65535");
        }
    }
}
