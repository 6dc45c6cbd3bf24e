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
     * A spare becomes a standby: it receives the log, and may be promoted once it has it.
     *
     * @param memberId the spare
     */
    record Enlist(String memberId) implements RoleChange {
    }

    /**
     * A voter or standby becomes a spare: a lost voter already replaced, a lost standby, or one standby too many. The
     * cluster still knows it, and any leader may give it a role again once it answers.
     *
     * @param memberId the voter or standby
     */
    record Retire(String memberId) implements RoleChange {
    }
}
