package io.dqlite.core;

import io.dqlite.core.status.MemberStatus;
import io.dqlite.jdbc.LeadershipLostException;
import io.dqlite.jdbc.client.ClientSettings;
import io.dqlite.jdbc.client.RemoteSessionFactory;
import io.dqlite.jdbc.session.Session;
import io.dqlite.jdbc.session.SessionFactory;
import java.sql.SQLException;
import java.util.List;

/**
 * Opens sessions for an application embedded in a node: in-process while this node leads, over
 * the wire protocol to the leader otherwise. Either kind reports itself invalid once its node
 * stops leading, so a pool replaces it.
 */
final class NodeSessionFactory implements SessionFactory {

    private final Node node;
    private final ClientSettings settings;

    /** Sessions of {@code node}'s applications; forwarded ones speak TLS as the node does unless {@code settings} say. */
    NodeSessionFactory(Node node, ClientSettings settings) {
        this.node = node;
        this.settings = settings.tls() != null ? settings : settings.withTls(node.clientTls());
    }

    @Override
    public Session open(String database) throws SQLException {
        if (node.isLeader()) {
            try {
                return node.openSession(database);
            } catch (LeadershipLostException e) {
                // lost leadership on the way in: the new leader is reached over the wire below
            }
        }
        return new RemoteSessionFactory(addresses(), settings).open(database);
    }

    /** Returns the wire addresses of the cluster's members as this node knows them. */
    List<String> addresses() {
        return node.status().members().stream().map(MemberStatus::address).toList();
    }
}
