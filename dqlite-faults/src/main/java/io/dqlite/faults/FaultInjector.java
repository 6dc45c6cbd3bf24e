package io.dqlite.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * Injects one {@link Fault} into a {@link ProcessCluster}, marks it on the {@link RecoveryClock},
 * heals it, and returns once every node runs again and agrees on a leader.
 */
public final class FaultInjector {

    /** The longest a killed leader stays down waiting for the others to acknowledge a write. */
    private static final Duration RESTART_AFTER = Duration.ofSeconds(30);

    private final ProcessCluster cluster;
    private final NetworkNamespaces network;
    private final RecoveryClock clock;
    private final RunLog log;

    /** Creates an injector; {@code network} is null when the cluster runs on the host's network. */
    public FaultInjector(ProcessCluster cluster, NetworkNamespaces network, RecoveryClock clock, RunLog log) {
        this.cluster = cluster;
        this.network = network;
        this.clock = clock;
        this.log = log;
    }

    /** Injects {@code fault} with the lengths {@code schedule} gives, heals it and waits until the cluster is stable. */
    public void inject(Fault fault, FaultSchedule schedule) throws IOException, InterruptedException, TimeoutException {
        NodeProcess leader = cluster.awaitStable();
        switch (fault) {
            case KILL_LEADER -> killLeader(leader);
            case KILL_FOLLOWER -> killFollower(leader, schedule.followerDowntime());
            case PAUSE_LEADER -> pauseLeader(leader, schedule.faultLength());
            case KILL_ALL -> killAll();
            case PARTITION_LEADER -> partitionLeader(leader, schedule.faultLength());
        }
        NodeProcess after = cluster.awaitStable();
        log.line("healed; node " + after.id() + " leads");
    }

    private void killLeader(NodeProcess leader) throws IOException, InterruptedException, TimeoutException {
        RecoveryClock.FaultMark mark = clock.fault("kill -9 of the leader, node " + leader.id());
        log.line("kill -9 of the leader, " + leader);
        leader.kill();
        NodeProcess successor = cluster.awaitStable();
        // every node shares this machine's two cores: a JVM starting up while the others fail over
        // would slow the failover being measured, where a real node restarts on its own machine
        if (!clock.awaitRecovery(mark, RESTART_AFTER)) {
            log.line("no write invoked after the kill was acknowledged within " + RESTART_AFTER.toSeconds() + " s");
        }
        log.line("node " + successor.id() + " leads and writes are acknowledged; restarting node " + leader.id());
        leader.start();
    }

    private void killFollower(NodeProcess leader, Duration downtime)
            throws IOException, InterruptedException, TimeoutException {
        List<NodeProcess> followers = cluster.nodes().stream().filter(node -> node != leader).toList();
        NodeProcess follower = followers.get(ThreadLocalRandom.current().nextInt(followers.size()));
        clock.fault("kill -9 of a follower, node " + follower.id());
        log.line("kill -9 of a follower, " + follower + ", down for " + downtime.toMillis() + " ms");
        follower.kill();
        Thread.sleep(downtime.toMillis());
        follower.start();
    }

    private void pauseLeader(NodeProcess leader, Duration length) throws IOException, InterruptedException {
        log.line("SIGSTOP of the leader, " + leader + ", for " + length.toMillis() + " ms");
        leader.pause();
        // marked once the signal was sent: a write invoked while `kill` started still reached the leader
        clock.fault("SIGSTOP of the leader, node " + leader.id() + ", for " + length.toMillis() + " ms");
        try {
            Thread.sleep(length.toMillis());
        } finally {
            leader.resume();
        }
        log.line("SIGCONT of " + leader);
    }

    private void killAll() throws IOException, InterruptedException {
        // every SIGKILL goes out before the first wait, so no node outlives the mark by more than microseconds
        clock.fault("kill -9 of every node");
        for (NodeProcess node : cluster.nodes()) {
            node.sendKill();
        }
        log.line("kill -9 of every node");
        for (NodeProcess node : cluster.nodes()) {
            node.kill();
        }
        for (NodeProcess node : cluster.nodes()) {
            node.start();
        }
    }

    private void partitionLeader(NodeProcess leader, Duration length)
            throws IOException, InterruptedException, TimeoutException {
        if (network == null) {
            throw new IllegalStateException("a partition needs the cluster to run in network namespaces");
        }
        // marked once the link is down: `ip` takes tens of ms to start, and a write invoked meanwhile still
        // reached the leader's majority, which made two partitions look healed 9 and 18 ms after their mark
        network.isolate(leader.id());
        clock.fault("partition isolating the leader, node " + leader.id() + ", for " + length.toMillis() + " ms");
        log.line("partition isolating the leader, " + leader + ", for " + length.toMillis() + " ms");
        long healAt = System.nanoTime() + length.toNanos();
        try {
            List<NodeProcess> majority = cluster.nodes().stream().filter(node -> node != leader).toList();
            NodeProcess successor = cluster.awaitStableAmong(majority);
            log.line("the majority elected node " + successor.id());
            long left = healAt - System.nanoTime();
            if (left > 0) {
                Thread.sleep(left / 1_000_000);
            }
        } finally {
            network.heal(leader.id());
        }
        log.line("partition healed");
    }
}
