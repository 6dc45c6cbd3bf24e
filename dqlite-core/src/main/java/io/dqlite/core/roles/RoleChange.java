package io.dqlite.core.roles;

/** One change of a member's role that the leader makes to keep the targets. */
public sealed interface RoleChange {

    /** The member changed. */
    String memberId();

    /**
     * A standby becomes a voter.
     *
     * @param memberId the standby
     */
    record Promote(String memberId) implements RoleChange {
    }

    /**
     * A voter becomes a standby.
     *
     * @param memberId the voter
     */
    record Demote(String memberId) implements RoleChange {
    }

    /**
     * A lost voter, already replaced, leaves the configuration (it could not receive the log as a standby).
     *
     * @param memberId the lost voter
     */
    record Remove(String memberId) implements RoleChange {
    }
}
