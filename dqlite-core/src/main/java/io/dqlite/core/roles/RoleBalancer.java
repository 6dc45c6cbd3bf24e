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
 * {@link RoleTargets}: first a standby that answers is promoted while fewer voters than the target answer; then, with
 * more voters than the target, a lost voter leaves the configuration, or else a voter becomes a standby. Voters are
 * spread across failure domains when they can be. One change at a time, each decided on a fresh view.
 */
public final class RoleBalancer {

    private final RoleTargets targets;

    /** A balancer keeping {@code targets}. */
    public RoleBalancer(RoleTargets targets) {
        this.targets = targets;
    }

    /**
     * Returns the next change for the cluster {@code leader} sees, if one is needed; the members in {@code keepStandby}
     * (made standbys on request a moment ago, such as a voter that is stopping) are not promoted. {@code domains}
     * holds the failure domain of each member whose domain is known: a standby from a domain no answering voter is in
     * is promoted first, and a voter sharing its domain with another voter is demoted first.
     */
    public Optional<RoleChange> next(NodeStatus leader, Set<String> keepStandby, Map<String, Long> domains) {
        List<MemberStatus> voters = leader.members().stream().filter(member -> member.role() == MemberRole.VOTER)
                .toList();
        List<MemberStatus> standbys = leader.members().stream()
                .filter(member -> member.role() == MemberRole.STANDBY).toList();
        long answeringVoters = voters.stream().filter(this::answers).count();
        if (answeringVoters < targets.voters()) {
            Set<Long> voterDomains = voters.stream().filter(this::answers).map(voter -> domains.get(voter.id()))
                    .filter(Objects::nonNull).collect(Collectors.toSet());
            Comparator<MemberStatus> elsewhereFirst = Comparator.comparing(standby -> domains.containsKey(standby.id())
                    && !voterDomains.contains(domains.get(standby.id())));
            Optional<MemberStatus> ready = standbys.stream().filter(this::answers)
                    .filter(standby -> !keepStandby.contains(standby.id()))
                    .max(elsewhereFirst.thenComparingLong(MemberStatus::matchIndex));
            if (ready.isPresent()) {
                return Optional.of(new RoleChange.Promote(ready.get().id()));
            }
        }
        if (voters.size() > targets.voters()) {
            Optional<MemberStatus> lost = voters.stream().filter(voter -> !answers(voter)).findFirst();
            if (lost.isPresent()) {
                return answeringVoters >= targets.voters() ? Optional.of(new RoleChange.Remove(lost.get().id()))
                        : Optional.empty();
            }
            Comparator<MemberStatus> sharedFirst = Comparator.comparing(voter -> !sharesDomain(voter, voters, domains));
            return voters.stream().filter(voter -> !voter.leader())
                    .min(sharedFirst.thenComparingLong(MemberStatus::matchIndex))
                    .map(voter -> new RoleChange.Demote(voter.id()));
        }
        return Optional.empty();
    }

    private static boolean sharesDomain(MemberStatus voter, List<MemberStatus> voters, Map<String, Long> domains) {
        Long domain = domains.get(voter.id());
        return domain != null && voters.stream()
                .anyMatch(other -> !other.id().equals(voter.id()) && domain.equals(domains.get(other.id())));
    }

    // the leader always answers; a member it has never heard from, or not for a while, does not
    private boolean answers(MemberStatus member) {
        return member.leader()
                || member.lastContactMillis() >= 0 && member.lastContactMillis() <= targets.lostAfter().toMillis();
    }
}
