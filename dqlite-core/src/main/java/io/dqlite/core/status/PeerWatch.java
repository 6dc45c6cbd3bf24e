package io.dqlite.core.status;

import io.dqlite.core.NodeRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports, while its node leads, a peer that stopped answering: once when it has been silent for a while,
 * again at a slow interval while it stays silent, and once when it answers again. Ratis itself warns at
 * every failed heartbeat; this is the report meant for people.
 */
public final class PeerWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerWatch.class);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final String nodeId;
    private final Duration silence;
    private final Duration repeat;
    private final Supplier<NodeStatus> status;
    private final Map<String, Silent> silent = new HashMap<>();
    private ScheduledExecutorService checker;

    /**
     * Creates the watch of node {@code nodeId}, which reads its node's status from {@code status}.
     *
     * @param silence how long a peer may go without answering before it is reported
     * @param repeat how often a peer that stays silent is reported again
     */
    public PeerWatch(String nodeId, Duration silence, Duration repeat, Supplier<NodeStatus> status) {
        this.nodeId = nodeId;
        this.silence = silence;
        this.repeat = repeat;
        this.status = status;
    }

    /** Starts checking the peers once a second on a daemon thread of its own. */
    public synchronized void start() {
        checker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dqlite-peer-watch-" + nodeId);
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(this::check, CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            for (Report report : observe(System.nanoTime() / 1_000_000, status.get())) {
                if (report.warning()) {
                    log.warn(report.message());
                } else {
                    log.info(report.message());
                }
            }
        } catch (RuntimeException e) {
            // the node is stopping under the watch; the next check, if any, reads it again
            log.debug("Node {} could not check its peers", nodeId, e);
        }
    }

    /** Returns what there is to report about the peers in {@code status}, read at {@code nowMillis}. */
    synchronized List<Report> observe(long nowMillis, NodeStatus status) {
        List<Report> reports = new ArrayList<>();
        if (status.role() != NodeRole.LEADER) {
            // only a leader hears from every peer; the next one reports what is still silent
            silent.clear();
            return reports;
        }
        for (MemberStatus peer : status.members()) {
            if (peer.id().equals(nodeId) || peer.lastContactMillis() < 0) {
                continue;
            }
            Silent known = silent.get(peer.id());
            if (peer.lastContactMillis() < silence.toMillis()) {
                if (known != null) {
                    silent.remove(peer.id());
                    reports.add(new Report(false, "Node " + nodeId + ": " + name(peer)
                            + (known.answeredBefore() ? " answers again after " : " answers, after ")
                            + seconds(nowMillis - peer.lastContactMillis() - known.since()) + " of silence"));
                }
            } else if (known == null) {
                boolean answeredBefore = peer.matchIndex() >= 0;
                silent.put(peer.id(), new Silent(nowMillis - peer.lastContactMillis(), nowMillis, answeredBefore));
                // a peer that never answered this leader may still be starting; one that fell silent is news
                reports.add(!answeredBefore
                        ? new Report(false, "Node " + nodeId + " leads without " + name(peer)
                                + ", which has not answered it yet")
                        : new Report(true, "Node " + nodeId + ": " + name(peer) + " has not answered for "
                                + seconds(peer.lastContactMillis())));
            } else if (nowMillis - known.reportedAt() >= repeat.toMillis()) {
                silent.put(peer.id(), new Silent(known.since(), nowMillis, known.answeredBefore()));
                reports.add(new Report(true, "Node " + nodeId + ": " + name(peer) + " has still not answered, for "
                        + seconds(peer.lastContactMillis())));
            }
        }
        return reports;
    }

    private static String name(MemberStatus peer) {
        return "node " + peer.id() + " at " + peer.raftAddress();
    }

    /** Whole seconds, rounded down: a peer reported after a 3 s silence has not answered "for 3 s". */
    private static String seconds(long millis) {
        return Math.max(0, millis / 1000) + " s";
    }

    /** Stops checking; nothing more is reported. */
    @Override
    public synchronized void close() {
        if (checker != null) {
            checker.shutdownNow();
        }
    }

    /** A line to log: a warning, or news at INFO. */
    record Report(boolean warning, String message) {
    }

    /** A peer reported as silent: since when, when it was last reported, and whether it had answered this leader. */
    private record Silent(long since, long reportedAt, boolean answeredBefore) {
    }
}
