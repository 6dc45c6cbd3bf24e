package io.dqlite.core.status;

/** What a member does in the cluster, in dqlite's terms. */
public enum MemberRole {

    /** Votes in elections and counts towards the quorum (a Ratis follower). */
    VOTER,

    /** Receives the log without voting (a Ratis listener). */
    STANDBY,

    /** Known to this node but neither voting nor receiving the log. */
    SPARE
}
