package io.dqlite.spring.actuate;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.status.MemberRole;
import io.dqlite.jdbc.LeadershipLostException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
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
 * takes a snapshot now, {@code POST .../leader} with {@code nodeId} hands leadership to that node, and on the
 * leader {@code POST .../add} with {@code nodeId}, {@code address} (and optionally {@code raftAddress} and
 * {@code role}) adds a started node to the cluster, {@code POST .../assign} with {@code nodeId} and {@code role}
 * makes a member a voter, a standby or a spare, and {@code POST .../remove} with {@code nodeId} removes that node. Read-only
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

    /** The operation that adds a node to the cluster. */
    public static final String ADD = "add";

    /** The operation that gives a member a role. */
    public static final String ASSIGN = "assign";

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
     * Runs {@code operation}: {@value #SNAPSHOT}, {@value #LEADER} with the {@code nodeId} to lead, and on the leader
     * {@value #ADD} with the {@code nodeId} and wire {@code address} of a started node (its {@code raftAddress}
     * defaults to the wire port + 1000, its {@code role} to voter), {@value #ASSIGN} with a member's {@code nodeId} and
     * {@code role} (voter, standby or spare), or {@value #REMOVE} with the {@code nodeId} to remove.
     */
    @WriteOperation
    public Map<String, Object> operate(@Selector String operation, @Nullable String nodeId, @Nullable String address,
            @Nullable String raftAddress, @Nullable String role) {
        return switch (operation) {
            case SNAPSHOT -> Map.of("index", takeSnapshot());
            case LEADER -> {
                transferLeadership(required("nodeId", nodeId));
                yield Map.of("leader", nodeId);
            }
            case ADD -> {
                MemberRole added = role == null ? MemberRole.VOTER : role(role);
                addMember(member(required("nodeId", nodeId), required("address", address), raftAddress), added);
                yield Map.of("added", nodeId, "role", added.name().toLowerCase(Locale.ROOT));
            }
            case ASSIGN -> {
                MemberRole assigned = role(required("role", role));
                assign(required("nodeId", nodeId), assigned);
                yield Map.of("assigned", nodeId, "role", assigned.name().toLowerCase(Locale.ROOT));
            }
            case REMOVE -> {
                removeMember(required("nodeId", nodeId));
                yield Map.of("removed", nodeId);
            }
            default -> throw new InvalidEndpointRequestException("unknown operation " + operation,
                    "unknown operation '" + operation + "'; use '" + SNAPSHOT + "', '" + LEADER + "', '" + ADD
                            + "', '" + ASSIGN + "' or '" + REMOVE + "'");
        };
    }

    private static String required(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEndpointRequestException(name + " is required", name + " is required");
        }
        return value;
    }

    private static MemberRole role(String role) {
        return switch (role.strip().toLowerCase(Locale.ROOT)) {
            case "voter" -> MemberRole.VOTER;
            case "standby" -> MemberRole.STANDBY;
            case "spare" -> MemberRole.SPARE;
            default -> {
                String reason = "unknown role '" + role + "'; use 'voter', 'standby' or 'spare'";
                throw new InvalidEndpointRequestException(reason, reason);
            }
        };
    }

    private static Member member(String nodeId, String address, @Nullable String raftAddress) {
        try {
            return raftAddress == null ? Member.withDefaultRaftPort(nodeId, address)
                    : new Member(nodeId, raftAddress, address);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        }
    }

    /** Adds {@code member}, whose node is started, to the cluster with {@code role}; this node must lead. */
    public void addMember(Member member, MemberRole role) {
        try {
            node.addMember(member, role);
        } catch (IllegalArgumentException | LeadershipLostException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives member {@code nodeId} {@code role}; this node must lead. */
    public void assign(String nodeId, MemberRole role) {
        try {
            node.assign(nodeId, role);
        } catch (IllegalArgumentException | LeadershipLostException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
