package io.dqlite.core.roles;

import java.time.Duration;

/**
 * How many voters and standbys the leader keeps in the cluster, and how long a member may stay silent before it
 * counts as lost: a lost voter is replaced by a standby, and made a spare once it is replaced.
 *
 * @param voters the number of voters to keep (3 tolerates one lost voter, 5 two)
 * @param standbys the number of standbys to keep ready; members beyond the targets are spares
 * @param lostAfter how long a member may not answer the leader before it counts as lost
 */
public record RoleTargets(int voters, int standbys, Duration lostAfter) {

    /** Checks the targets. */
    public RoleTargets {
        if (voters < 1) {
            throw new IllegalArgumentException("the target number of voters must be at least 1, not " + voters);
        }
        if (standbys < 0) {
            throw new IllegalArgumentException("the target number of standbys must not be negative, not " + standbys);
        }
        if (lostAfter == null || lostAfter.isNegative() || lostAfter.isZero()) {
            throw new IllegalArgumentException("the time after which a silent member counts as lost must be"
                    + " positive, not " + lostAfter);
        }
    }

    /** Returns go-dqlite's targets: 3 voters, 3 standbys; a member silent for 5 s counts as lost. */
    public static RoleTargets defaults() {
        return new RoleTargets(3, 3, Duration.ofSeconds(5));
    }
}
