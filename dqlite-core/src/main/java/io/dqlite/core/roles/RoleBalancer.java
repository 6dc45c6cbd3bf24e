package io.dqlite.core.roles;

import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.core.status.NodeStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, from the leader's view of the cluster, the next role change that brings the cluster toward its
 * {@link RoleTargets}. A lost standby is made a spare before anything else: Ratis never counts a standby it added as
 * caught up, so while one that no longer answers is in the configuration, adding any member stalls. Then voters: while fewer voters than the target answer, a standby that answers is promoted, or
 * else a spare that answers is made a standby (to be promoted once it has the log); with more voters than the target,
 * a lost voter becomes a spare, or else a voter becomes a standby. Then standbys: while fewer than the target answer,
 * a spare that answers is made one, and extra standbys become spares. Voters are spread across failure domains when they can be. One change at a
 * time, each decided on a fresh view.
 */
public final class RoleBalancer {

    private final RoleTargets targets;

    /** A balancer keeping {@code targets}. */
    public RoleBalancer(RoleTargets targets) {
        this.targets = targets;
    }

    /**
     * Returns the next change for the cluster {@code leader} sees, if one is needed; a spare answers when its last
     * contact is known and recent, as for the other members. The members in {@code keepStandby} (made standbys on
     * request a moment ago, such as a voter that is stopping) are neither promoted nor made spares. {@code domains}
     * holds the failure domain of each member whose domain is known: a standby or spare from a domain no answering
     * voter is in is chosen first, and a voter sharing its domain with another voter is demoted first.
     */
    public Optional<RoleChange> next(NodeStatus leader, Set<String> keepStandby, Map<String, Long> domains) {
        List<MemberStatus> voters = withRole(leader, MemberRole.VOTER);
        List<MemberStatus> standbys = withRole(leader, MemberRole.STANDBY);
        List<MemberStatus> answeringSpares = withRole(leader, MemberRole.SPARE).stream().filter(this::answers)
                .toList();
        Optional<MemberStatus> lostStandby = standbys.stream().filter(this::lost).findFirst();
        if (lostStandby.isPresent()) {
            return Optional.of(new RoleChange.Retire(lostStandby.get().id()));
        }
        long answeringVoters = voters.stream().filter(this::answers).count();
        Set<Long> voterDomains = voters.stream().filter(this::answers).map(voter -> domains.get(voter.id()))
                .filter(Objects::nonNull).collect(Collectors.toSet());
        Comparator<MemberStatus> elsewhereFirst = Comparator.comparing(member -> domains.containsKey(member.id())
                && !voterDomains.contains(domains.get(member.id())));
        if (answeringVoters < targets.voters()) {
            Optional<MemberStatus> ready = standbys.stream().filter(this::answers)
                    .filter(standby -> !keepStandby.contains(standby.id()))
                    .max(elsewhereFirst.thenComparingLong(MemberStatus::matchIndex));
            if (ready.isPresent()) {
                return Optional.of(new RoleChange.Promote(ready.get().id()));
            }
            Optional<MemberStatus> spare = answeringSpares.stream().max(elsewhereFirst);
            if (spare.isPresent()) {
                return Optional.of(new RoleChange.Enlist(spare.get().id()));
            }
        }
        if (voters.size() > targets.voters()) {
            Optional<MemberStatus> lost = voters.stream().filter(this::lost).findFirst();
            if (lost.isPresent()) {
                return answeringVoters >= targets.voters() ? Optional.of(new RoleChange.Retire(lost.get().id()))
                        : Optional.empty();
            }
            Comparator<MemberStatus> sharedFirst = Comparator.comparing(voter -> !sharesDomain(voter, voters, domains));
            return voters.stream().filter(voter -> !voter.leader())
                    .min(sharedFirst.thenComparingLong(MemberStatus::matchIndex))
                    .map(voter -> new RoleChange.Demote(voter.id()));
        }
        return nextForStandbys(standbys, answeringSpares, keepStandby);
    }

    private Optional<RoleChange> nextForStandbys(List<MemberStatus> standbys, List<MemberStatus> answeringSpares,
            Set<String> keepStandby) {
        long answeringStandbys = standbys.stream().filter(this::answers).count();
        if (answeringStandbys < targets.standbys() && !answeringSpares.isEmpty()) {
            return Optional.of(new RoleChange.Enlist(answeringSpares.get(0).id()));
        }
        if (standbys.size() > targets.standbys()) {
            return standbys.stream().filter(standby -> !keepStandby.contains(standby.id()))
                    .min(Comparator.comparingLong(MemberStatus::matchIndex))
                    .map(standby -> new RoleChange.Retire(standby.id()));
        }
        return Optional.empty();
    }

    private static List<MemberStatus> withRole(NodeStatus leader, MemberRole role) {
        return leader.members().stream().filter(member -> member.role() == role).toList();
    }

    private static boolean sharesDomain(MemberStatus voter, List<MemberStatus> voters, Map<String, Long> domains) {
        Long domain = domains.get(voter.id());
        return domain != null && voters.stream()
                .anyMatch(other -> !other.id().equals(voter.id()) && domain.equals(domains.get(other.id())));
    }

    // the leader's last contact with the member is known and longer ago than the targets allow
    private boolean lost(MemberStatus member) {
        return !member.leader() && member.lastContactMillis() > targets.lostAfter().toMillis();
    }

    // the leader always answers; a member it has never heard from, or not for a while, does not
    private boolean answers(MemberStatus member) {
        return member.leader()
                || member.lastContactMillis() >= 0 && member.lastContactMillis() <= targets.lostAfter().toMillis();
    }
}
