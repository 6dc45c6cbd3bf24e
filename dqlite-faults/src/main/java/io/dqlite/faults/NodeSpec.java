package io.dqlite.faults;

/**
 * Where one node of a test cluster lives: its id, host and ports, and the network namespace it runs
 * in (null for the host's own network).
 *
 * @param id the node's dqlite id
 * @param host the address the node binds and is reached at
 * @param httpPort the sample's HTTP port (actuator)
 * @param wirePort the dqlite wire-protocol port
 * @param raftPort the Raft port
 * @param namespace the network namespace to run the node in, or null
 */
public record NodeSpec(int id, String host, int httpPort, int wirePort, int raftPort, String namespace) {

    /** Returns the wire address, {@code host:port}, that clients dial. */
    public String wireAddress() {
        return host + ":" + wirePort;
    }

    /** Returns the Raft address, {@code host:port}. */
    public String raftAddress() {
        return host + ":" + raftPort;
    }

    /** Returns the base URL of the node's HTTP server. */
    public String httpBase() {
        return "http://" + host + ":" + httpPort;
    }
}
