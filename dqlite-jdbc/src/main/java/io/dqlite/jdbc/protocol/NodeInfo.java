package io.dqlite.jdbc.protocol;

/** A member of the cluster as the CLUSTER request reports it; the role is VOTER in format 0, which omits it. */
public record NodeInfo(long id, String address, NodeRole role) {
}
