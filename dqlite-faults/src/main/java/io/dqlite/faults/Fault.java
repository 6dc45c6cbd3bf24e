package io.dqlite.faults;

/** The faults the suite injects, each into real processes or their network. */
public enum Fault {

    /** {@code kill -9} of the leader, restarted from its data once another node leads. */
    KILL_LEADER("kill -9 of the leader"),

    /** {@code kill -9} of a follower, restarted from its data after a while. */
    KILL_FOLLOWER("kill -9 of a follower"),

    /** {@code kill -STOP} of the leader for a while, then {@code kill -CONT}. */
    PAUSE_LEADER("SIGSTOP of the leader"),

    /** {@code kill -9} of every node at once, all restarted from their data. */
    KILL_ALL("kill -9 of every node"),

    /** The leader's network cut off (its veth down), then restored. */
    PARTITION_LEADER("partition isolating the leader");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    /** Returns what the fault does, in words. */
    public String description() {
        return description;
    }
}
