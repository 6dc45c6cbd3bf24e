package io.dqlite.core;

/** A node's Raft role as seen from the node itself. */
public enum NodeRole {

    /** Serves SQL and replicates to the others. */
    LEADER,

    /** Applies what the leader replicates. */
    FOLLOWER,

    /** Stands for election. */
    CANDIDATE,

    /** Not running. */
    STOPPED
}
