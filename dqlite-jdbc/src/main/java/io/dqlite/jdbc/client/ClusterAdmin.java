package io.dqlite.jdbc.client;

import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.protocol.NodeInfo;
import io.dqlite.jdbc.protocol.NodeRole;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Optional;

/**
 * Changes a cluster's membership through the wire protocol, as go-dqlite's client does: each call finds the leader
 * among the given nodes and sends it ADD, ASSIGN or REMOVE.
 */
public final class ClusterAdmin {

    private final LeaderFinder leaderFinder;

    /** Creates an admin for the cluster of the nodes at {@code addresses} ("host:port" each). */
    public ClusterAdmin(List<String> addresses, ClientSettings settings) {
        this.leaderFinder = new LeaderFinder(addresses.stream().map(NodeAddress::parse).toList(), settings);
    }

    /** Adds node {@code id}, serving clients at {@code address}, to the cluster without a vote (dqlite's spare). */
    public void add(long id, String address) throws SQLException {
        call(new Request.Add(id, address), "adding node " + Long.toUnsignedString(id) + " at " + address);
    }

    /** Gives node {@code id} {@code role}. */
    public void assign(long id, NodeRole role) throws SQLException {
        call(new Request.Assign(id, role), "assigning node " + Long.toUnsignedString(id) + " the role " + role);
    }

    /** Removes node {@code id} from the cluster. */
    public void remove(long id) throws SQLException {
        call(new Request.Remove(id), "removing node " + Long.toUnsignedString(id));
    }

    /** Returns the cluster's members and their roles, as its leader knows them (CLUSTER). */
    public List<NodeInfo> members() throws SQLException {
        return call(new Request.Cluster(Request.Cluster.FORMAT_V1), "listing the cluster's members",
                Response.Servers.class).nodes();
    }

    /**
     * Returns the id and name of the cluster, asked of its leader (an extension of dqlite's protocol that nodes of
     * dqlite for Spring Boot answer).
     */
    public Response.Identity identify() throws SQLException {
        return call(new Request.Identify(), "asking the cluster's id", Response.Identity.class);
    }

    /**
     * Returns the id and name of the cluster of the first node among {@code addresses} that answers, asking each once
     * without waiting for a leader (every member knows its cluster); empty if none answers.
     */
    public static Optional<Response.Identity> identifyAny(List<String> addresses, ClientSettings settings) {
        for (String address : addresses) {
            try (NodeConnection connection = NodeConnection.open(NodeAddress.parse(address), settings,
                    settings.connectTimeout())) {
                if (connection.call(new Request.Identify()) instanceof Response.Identity identity) {
                    return Optional.of(identity);
                }
            } catch (IOException | RuntimeException unreachable) {
                // not up, or not a node that tells its cluster: ask the next
            }
        }
        return Optional.empty();
    }

    /** Returns the failure domain and weight of the node at {@code address} (DESCRIBE), asked once; empty if it does not answer. */
    public static Optional<Response.Metadata> describe(String address, ClientSettings settings) {
        try (NodeConnection connection = NodeConnection.open(NodeAddress.parse(address), settings,
                settings.connectTimeout())) {
            return connection.call(new Request.Describe(0)) instanceof Response.Metadata metadata
                    ? Optional.of(metadata) : Optional.empty();
        } catch (IOException | RuntimeException unreachable) {
            return Optional.empty();
        }
    }

    private void call(Request request, String what) throws SQLException {
        call(request, what, Response.Empty.class);
    }

    private <T extends Response> T call(Request request, String what, Class<T> expected) throws SQLException {
        NodeConnection leader = leaderFinder.connect();
        try {
            Response response = leader.call(request);
            if (response instanceof Response.Failure failure) {
                throw SqliteErrors.toException((int) failure.code(), what + " on leader " + leader.address()
                        + " failed: " + failure.message());
            }
            if (!expected.isInstance(response)) {
                throw new SQLException(what + ": leader " + leader.address() + " answered with a message of type "
                        + response.type());
            }
            return expected.cast(response);
        } catch (IOException e) {
            throw new SQLTransientConnectionException(what + ": lost the connection to leader " + leader.address()
                    + ": " + e.getMessage(), "08006", SqliteErrors.SQLITE_IOERR, e);
        } finally {
            leader.close();
        }
    }
}
