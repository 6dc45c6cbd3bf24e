package io.dqlite.spring.health;

import io.dqlite.core.Node;
import io.dqlite.core.status.NodeStatus;
import java.util.Locale;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the local dqlite node: UP when it knows a leader and has applied the committed log to within
 * a tolerated lag, DOWN with the reason otherwise.
 */
public class DqliteHealthIndicator extends AbstractHealthIndicator {

    private final Node node;
    private final long maxAppliedLag;

    /**
     * Creates the indicator.
     *
     * @param node the local node
     * @param maxAppliedLag the most committed entries the node may not yet have applied and still be UP
     */
    public DqliteHealthIndicator(Node node, long maxAppliedLag) {
        super("dqlite health check failed");
        this.node = node;
        this.maxAppliedLag = maxAppliedLag;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        NodeStatus status = node.status();
        long lag = Math.max(0, status.commitIndex() - status.appliedIndex());
        builder.withDetail("nodeId", status.nodeId())
                .withDetail("role", status.role().name().toLowerCase(Locale.ROOT))
                .withDetail("term", status.term())
                .withDetail("commitIndex", status.commitIndex())
                .withDetail("appliedIndex", status.appliedIndex());
        if (status.leaderId() == null) {
            builder.down().withDetail("reason", "node " + status.nodeId() + " knows no leader");
        }
        else if (lag > maxAppliedLag) {
            builder.down().withDetail("leader", status.leaderId()).withDetail("reason", "node " + status.nodeId()
                    + " has " + lag + " committed entries not yet applied, more than " + maxAppliedLag
                    + " (dqlite.health.max-applied-lag)");
        }
        else {
            builder.up().withDetail("leader", status.leaderId());
        }
    }
}
