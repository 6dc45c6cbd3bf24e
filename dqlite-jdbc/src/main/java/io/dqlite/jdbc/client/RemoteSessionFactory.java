package io.dqlite.jdbc.client;

import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import io.dqlite.jdbc.session.Session;
import io.dqlite.jdbc.session.SessionFactory;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

/** Opens remote sessions on the leader of a dqlite cluster, found among the given node addresses. */
public final class RemoteSessionFactory implements SessionFactory {

    /** The VFS name go-dqlite opens databases with; the node uses its own replicated VFS either way. */
    static final String VFS = "volatile";

    private final LeaderFinder leaderFinder;
    private final ClientSettings settings;

    /** Creates a factory for the nodes at {@code addresses} ("host:port" each). */
    public RemoteSessionFactory(List<String> addresses, ClientSettings settings) {
        this.leaderFinder = new LeaderFinder(addresses.stream().map(NodeAddress::parse).toList(), settings);
        this.settings = settings;
    }

    @Override
    public Session open(String database) throws SQLException {
        return new RemoteSession(openOnLeader(database), database, settings, this::openOnLeader);
    }

    /** A database opened on the leader: the connection and the database's id on it. */
    record Opened(NodeConnection connection, int databaseId) {
    }

    /** Connects to the leader and opens {@code database} there. */
    Opened openOnLeader(String database) throws SQLException {
        NodeConnection connection = leaderFinder.connect();
        try {
            Response response = connection.call(new Request.Open(database, 0, VFS));
            if (response instanceof Response.Db db) {
                connection.watchLeadership(leaderFinder::confirmLeads);
                return new Opened(connection, db.id());
            }
            connection.close();
            if (response instanceof Response.Failure failure) {
                throw SqliteErrors.toException((int) failure.code(), "opening " + database + " on "
                        + connection.address() + " failed: " + failure.message());
            }
            throw new SQLTransientConnectionException("node " + connection.address() + " answered OPEN with a message of type "
                    + response.type(), "08001", SqliteErrors.SQLITE_CANTOPEN);
        } catch (IOException e) {
            connection.close();
            throw new SQLTransientConnectionException("lost the connection to dqlite node " + connection.address()
                    + " while opening " + database + ": " + e.getMessage(), "08006", SqliteErrors.SQLITE_IOERR, e);
        }
    }
}
