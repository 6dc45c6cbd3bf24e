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
 * {@link RoleBalancer} decides, knowing each member's failure domain from DESCRIBE. A lost voter it takes out of the configuration is remembered, and added back as a
 * standby when it answers again as a member of this cluster.
 */
final class RoleKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RoleKeeper.class);
    /** How long a member made a standby on request is not promoted back. */
    private static final java.time.Duration STANDBY_HOLD = java.time.Duration.ofSeconds(30);

    private final Node node;
    private final RoleBalancer balancer;
    private final ClientSettings clientSettings;
    private final Map<String, Member> taken = new ConcurrentHashMap<>();
    private final Map<String, Long> domains = new ConcurrentHashMap<>();
    private final ScheduledExecutorService schedule;

    private RoleKeeper(Node node, RoleTargets targets, ClientSettings clientSettings) {
        this.node = node;
        this.balancer = new RoleBalancer(targets);
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
        if (!node.isLeader()) {
            return;
        }
        try {
            addBackAnswering();
            NodeStatus status = node.status();
            Optional<RoleChange> change = balancer.next(status, node.madeStandbyWithin(STANDBY_HOLD),
                    domains(status));
            if (change.isPresent()) {
                apply(change.get());
            }
        } catch (LeadershipLostException e) {
            log.debug("Node {} stopped leading while keeping roles", node.id(), e);
        } catch (IOException | RuntimeException e) {
            log.warn("Node {} could not change a member's role (it tries again): {}", node.id(), e.getMessage());
        }
    }

    private void apply(RoleChange change) throws IOException, LeadershipLostException {
        if (change instanceof RoleChange.Promote) {
            log.info("Node {} makes standby {} a voter: fewer voters than the target answer", node.id(),
                    change.memberId());
            node.assign(change.memberId(), MemberRole.VOTER);
        } else if (change instanceof RoleChange.Demote) {
            log.info("Node {} makes voter {} a standby: the cluster has more voters than the target", node.id(),
                    change.memberId());
            node.assign(change.memberId(), MemberRole.STANDBY);
        } else {
            Optional<MemberStatus> lost = node.status().members().stream()
                    .filter(member -> member.id().equals(change.memberId())).findFirst();
            log.warn("Node {} takes lost voter {} out of the configuration: a standby replaced it; it is added back"
                    + " as a standby when it answers again", node.id(), change.memberId());
            node.removeMember(change.memberId());
            lost.ifPresent(member -> taken.put(member.id(),
                    new Member(member.id(), member.raftAddress(), member.address())));
        }
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

    private void addBackAnswering() throws IOException, LeadershipLostException {
        for (Member member : List.copyOf(taken.values())) {
            boolean ours = ClusterAdmin.identifyAny(List.of(member.wireAddress()), clientSettings)
                    .filter(identity -> identity.clusterId().equals(node.cluster().id().toString())).isPresent();
            if (ours) {
                log.info("Node {} adds back node {} as a standby: it answers again", node.id(), member.id());
                node.addMember(member, MemberRole.STANDBY);
                taken.remove(member.id());
            }
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
