package io.dqlite.spring.health;

import io.dqlite.core.Node;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.core.status.NodeStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the local dqlite node: UP when it knows a leader and has applied the committed log to within
 * a tolerated lag, DOWN with the reason otherwise; members whose host does not resolve are listed in either case.
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
        List<String> unresolved = unresolvedAddresses(status);
        if (!unresolved.isEmpty()) {
            builder.withDetail("unresolvedMembers", unresolved);
        }
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

    // a mistyped peer host (127.0.0.l) leaves the cluster one member short with no other sign than Ratis' retries
    private static List<String> unresolvedAddresses(NodeStatus status) {
        List<String> unresolved = new ArrayList<>();
        for (MemberStatus member : status.members()) {
            for (String address : List.of(member.address(), member.raftAddress())) {
                String host = hostOf(address);
                try {
                    InetAddress.getByName(host);
                } catch (UnknownHostException e) {
                    unresolved.add("member " + member.id() + " at " + address + ": host '" + host + "' does not resolve");
                }
            }
        }
        return unresolved;
    }

    private static String hostOf(String address) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
