package io.dqlite.spring.metrics;

import io.dqlite.core.Node;
import io.dqlite.core.NodeRole;
import io.dqlite.core.status.ActivityListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Locale;

/**
 * Micrometer meters of a dqlite node: commits, snapshots, leader changes, its role, term and indexes.
 */
public class DqliteMetrics implements MeterBinder {

    private final Node node;

    /** Creates the meters of {@code node}. */
    public DqliteMetrics(Node node) {
        this.node = node;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("node", node.id());
        for (NodeRole role : NodeRole.values()) {
            Gauge.builder("dqlite.role", node, each -> each.role() == role ? 1 : 0)
                    .tags(tags).tag("role", role.name().toLowerCase(Locale.ROOT))
                    .description("Whether the node has this Raft role (1) or not (0)")
                    .register(registry);
        }
        Gauge.builder("dqlite.term", node, Node::term).tags(tags).description("Current Raft term").register(registry);
        Gauge.builder("dqlite.commit.index", node, Node::commitIndex).tags(tags)
                .description("Highest log index known to be committed").register(registry);
        Gauge.builder("dqlite.applied.index", node, Node::appliedIndex).tags(tags)
                .description("Highest log index applied to the databases").register(registry);
        Counter leaderChanges = Counter.builder("dqlite.leader.changes").tags(tags)
                .description("Leaders this node has seen elected or lost").register(registry);
        node.addLeaderListener(leader -> leaderChanges.increment());
        node.addActivityListener(new MeterRecorder(registry, tags));
    }

    /** Records commits and snapshots as they happen. */
    private static final class MeterRecorder implements ActivityListener {

        private final Timer commitLatency;
        private final Counter committedEntries;
        private final Counter committedBytes;
        private final Timer snapshotDuration;
        private final DistributionSummary snapshotSize;

        MeterRecorder(MeterRegistry registry, Tags tags) {
            this.commitLatency = Timer.builder("dqlite.commit.latency").tags(tags)
                    .description("Time from submitting a log entry to its being committed and applied")
                    .register(registry);
            this.committedEntries = Counter.builder("dqlite.committed.entries").tags(tags)
                    .description("Log entries committed by this node as leader").register(registry);
            this.committedBytes = Counter.builder("dqlite.committed.bytes").baseUnit(BaseUnits.BYTES).tags(tags)
                    .description("Bytes of log entries committed by this node as leader").register(registry);
            this.snapshotDuration = Timer.builder("dqlite.snapshot.duration").tags(tags)
                    .description("Time taken to write each snapshot").register(registry);
            this.snapshotSize = DistributionSummary.builder("dqlite.snapshot.size").baseUnit(BaseUnits.BYTES)
                    .tags(tags).description("Size of each snapshot's database files").register(registry);
        }

        @Override
        public void committed(int entryBytes, Duration latency) {
            commitLatency.record(latency);
            committedEntries.increment();
            committedBytes.increment(entryBytes);
        }

        @Override
        public void snapshotTaken(long index, long sizeBytes, Duration duration) {
            snapshotDuration.record(duration);
            snapshotSize.record(sizeBytes);
        }
    }
}
