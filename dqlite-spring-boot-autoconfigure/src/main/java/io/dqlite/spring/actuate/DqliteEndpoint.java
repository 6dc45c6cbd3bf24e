package io.dqlite.spring.actuate;

import io.dqlite.core.Node;
import io.dqlite.jdbc.LeadershipLostException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.jspecify.annotations.Nullable;

/**
 * The {@code dqlite} actuator endpoint: reads the node's view of the cluster; {@code POST .../snapshot}
 * takes a snapshot now, {@code POST .../leader} with {@code nodeId} hands leadership to that node and
 * {@code POST .../remove} with {@code nodeId} removes that node from the cluster (on the leader). Read-only
 * unless the application grants more ({@code management.endpoint.dqlite.access=unrestricted}).
 */
@Endpoint(id = "dqlite", defaultAccess = Access.READ_ONLY)
public class DqliteEndpoint {

    /** The operation that takes a snapshot. */
    public static final String SNAPSHOT = "snapshot";

    /** The operation that transfers leadership. */
    public static final String LEADER = "leader";

    /** The operation that removes a member from the cluster. */
    public static final String REMOVE = "remove";

    private final Node node;
    private final Duration transferTimeout;

    /**
     * Creates the endpoint.
     *
     * @param node the local node
     * @param transferTimeout how long a leadership transfer may take
     */
    public DqliteEndpoint(Node node, Duration transferTimeout) {
        this.node = node;
        this.transferTimeout = transferTimeout;
    }

    /** Returns the node's view of the cluster. */
    @ReadOperation
    public DqliteDescriptor cluster() {
        return DqliteDescriptor.of(node.status());
    }

    /**
     * Runs {@code operation}: {@value #SNAPSHOT}, {@value #LEADER} with the {@code nodeId} to lead, or
     * {@value #REMOVE} with the {@code nodeId} to remove (on the leader).
     */
    @WriteOperation
    public Map<String, Object> operate(@Selector String operation, @Nullable String nodeId) {
        return switch (operation) {
            case SNAPSHOT -> Map.of("index", takeSnapshot());
            case LEADER -> {
                transferLeadership(required(nodeId));
                yield Map.of("leader", nodeId);
            }
            case REMOVE -> {
                removeMember(required(nodeId));
                yield Map.of("removed", nodeId);
            }
            default -> throw new InvalidEndpointRequestException("unknown operation " + operation,
                    "unknown operation '" + operation + "'; use '" + SNAPSHOT + "', '" + LEADER + "' or '" + REMOVE
                            + "'");
        };
    }

    private static String required(@Nullable String nodeId) {
        if (nodeId == null || nodeId.isBlank()) {
            throw new InvalidEndpointRequestException("nodeId is required", "nodeId is required");
        }
        return nodeId;
    }

    /** Removes node {@code nodeId} from the cluster; this node must lead. */
    public void removeMember(String nodeId) {
        try {
            node.removeMember(nodeId);
        } catch (IllegalArgumentException | LeadershipLostException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes a snapshot of everything applied on this node and returns its index. */
    public long takeSnapshot() {
        try {
            return node.takeSnapshot();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands leadership to node {@code nodeId}, waiting until it has taken over. */
    public void transferLeadership(String nodeId) {
        try {
            node.transferLeadership(nodeId, transferTimeout);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
