package io.dqlite.core;

import io.dqlite.core.roles.RoleBalancer;
import io.dqlite.core.roles.RoleChange;
import io.dqlite.core.roles.RoleTargets;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.core.status.NodeStatus;
import io.dqlite.jdbc.LeadershipLostException;
import io.dqlite.jdbc.client.ClientSettings;
import io.dqlite.jdbc.client.ClusterAdmin;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's cluster at its {@link RoleTargets} while the node leads: once a second it makes the change the
 * {@link RoleBalancer} decides, knowing each member's failure domain from DESCRIBE. Spares receive nothing from the
 * leader, so each is asked whether it answers (IDENTIFY, as a member of this cluster); a lost voter made a spare is
 * given a role again by whichever node leads once it answers.
 */
final class RoleKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RoleKeeper.class);
    /** How long a member made a standby on request is not promoted back. */
    private static final Duration STANDBY_HOLD = Duration.ofSeconds(30);

    private final Node node;
    private final RoleBalancer balancer;
    private final ClientSettings clientSettings;
    private final Map<String, Long> domains = new ConcurrentHashMap<>();
    private final ScheduledExecutorService schedule;
    private final Duration lostAfter;
    /** Until when no change is tried, after one failed. */
    private volatile long quietUntil = System.nanoTime();

    /** A keeper of {@code targets} for {@code node} that changes nothing until {@link #start started}. */
    RoleKeeper(Node node, RoleTargets targets, ClientSettings clientSettings) {
        this.node = node;
        this.balancer = new RoleBalancer(targets);
        this.lostAfter = targets.lostAfter();
        this.clientSettings = clientSettings;
        this.schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dqlite-roles-" + node.id());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts keeping {@code targets} for {@code node}. */
    static RoleKeeper start(Node node, RoleTargets targets, ClientSettings clientSettings) {
        RoleKeeper keeper = new RoleKeeper(node, targets, clientSettings);
        keeper.schedule.scheduleWithFixedDelay(keeper::tick, 1, 1, TimeUnit.SECONDS);
        return keeper;
    }

    private void tick() {
        if (!node.isLeader() || System.nanoTime() - quietUntil < 0) {
            return;
        }
        try {
            NodeStatus status = withAnsweringSpares(node.status());
            Optional<RoleChange> change = balancer.next(status, node.madeStandbyWithin(STANDBY_HOLD),
                    domains(status));
            if (change.isPresent()) {
                apply(change.get(), status);
            }
        } catch (LeadershipLostException e) {
            log.debug("Node {} stopped leading while keeping roles", node.id(), e);
        } catch (IOException | RuntimeException e) {
            // not at once: a change that failed because a standby stopped answering must not be tried again before
            // that standby counts as lost and is made a spare, as Ratis can stall for good on a second attempt
            quietUntil = System.nanoTime() + lostAfter.toNanos();
            log.warn("Node {} could not change a member's role (it tries again in {} ms): {}", node.id(),
                    lostAfter.toMillis(), e.getMessage());
        }
    }

    /**
     * Makes {@code change}, decided on {@code seen}, unless the member's role changed since (an operator assigned it
     * one meanwhile): then the next tick decides again, on a fresh view.
     */
    void apply(RoleChange change, NodeStatus seen) throws IOException, LeadershipLostException {
        Optional<MemberRole> before = seen.members().stream()
                .filter(member -> member.id().equals(change.memberId())).map(MemberStatus::role).findFirst();
        MemberRole after = targetOf(change);
        if (before.isEmpty() || !node.assignIfStill(change.memberId(), before.get(), after)) {
            log.debug("Node {} left node {} as it is: its role changed after making it a {} was decided", node.id(),
                    change.memberId(), after);
        } else if (change instanceof RoleChange.Promote) {
            log.info("Node {} made standby {} a voter: fewer voters than the target answer", node.id(),
                    change.memberId());
        } else if (change instanceof RoleChange.Demote) {
            log.info("Node {} made voter {} a standby: the cluster has more voters than the target", node.id(),
                    change.memberId());
        } else if (change instanceof RoleChange.Enlist) {
            log.info("Node {} made spare {} a standby: it answers, and the cluster needs a standby or voter", node.id(),
                    change.memberId());
        } else {
            log.warn("Node {} made {} a spare: it is lost and replaced, or one standby too many; it is given a role"
                    + " again when the cluster needs one and it answers", node.id(), change.memberId());
        }
    }

    private static MemberRole targetOf(RoleChange change) {
        if (change instanceof RoleChange.Promote) {
            return MemberRole.VOTER;
        }
        return change instanceof RoleChange.Retire ? MemberRole.SPARE : MemberRole.STANDBY;
    }

    // a spare that answers IDENTIFY as a member of this cluster counts as just heard from
    private NodeStatus withAnsweringSpares(NodeStatus status) throws IOException {
        List<MemberStatus> members = new ArrayList<>();
        for (MemberStatus member : status.members()) {
            if (member.role() == MemberRole.SPARE && answersAsMember(member.address())) {
                members.add(new MemberStatus(member.id(), member.address(), member.raftAddress(), member.role(),
                        false, member.matchIndex(), 0));
            } else {
                members.add(member);
            }
        }
        return new NodeStatus(status.nodeId(), status.clusterId(), status.clusterName(), status.role(), status.term(),
                status.leaderId(), status.commitIndex(), status.appliedIndex(), members, status.snapshot(),
                status.databases());
    }

    private boolean answersAsMember(String wireAddress) throws IOException {
        return ClusterAdmin.identifyAny(List.of(wireAddress), clientSettings)
                .filter(identity -> identity.clusterId().equals(node.cluster().id().toString())).isPresent();
    }

    // each member's failure domain, asked of it with DESCRIBE once, as it does not change while the member runs
    private Map<String, Long> domains(NodeStatus status) {
        domains.keySet().retainAll(status.members().stream().map(MemberStatus::id).toList());
        domains.put(node.id(), node.failureDomain());
        for (MemberStatus member : status.members()) {
            boolean answering = member.lastContactMillis() >= 0 && member.lastContactMillis() < 5_000;
            if (answering && !domains.containsKey(member.id())) {
                ClusterAdmin.describe(member.address(), clientSettings)
                        .ifPresent(metadata -> domains.put(member.id(), metadata.failureDomain()));
            }
        }
        return Map.copyOf(domains);
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
