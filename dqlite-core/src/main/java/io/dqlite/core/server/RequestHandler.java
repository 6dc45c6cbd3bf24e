package io.dqlite.core.server;

import io.dqlite.core.raft.ClusterIdentity;
import io.dqlite.core.session.LeaderSession;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.core.status.NodeStatus;
import io.dqlite.jdbc.LeadershipLostException;
import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.protocol.DumpFile;
import io.dqlite.jdbc.protocol.NodeInfo;
import io.dqlite.jdbc.protocol.NodeRole;
import io.dqlite.jdbc.protocol.ProtocolVersion;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import io.dqlite.jdbc.protocol.Row;
import io.dqlite.jdbc.session.Rows;
import io.dqlite.jdbc.session.StatementHandle;
import io.dqlite.jdbc.session.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection's requests: cluster questions on any node, SQL through leader sessions,
 * and for SQL on a follower the not-leader failure that sends dqlite clients to the leader.
 */
final class RequestHandler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_OPEN_DATABASES = 64;
    // a DUMP answer is one message built in memory
    private static final long MAX_DUMP_BYTES = 64L * 1024 * 1024;

    /** A database this connection opened; its session starts at the first SQL request. */
    private static final class OpenDatabase {
        final String name;
        volatile LeaderSession session;
        SQLException broken;

        OpenDatabase(String name) {
            this.name = name;
        }
    }

    private final ServedNode node;
    private final long protocolVersion;
    private final int rowsBatchBytes;
    private final PreparedStatementBudget prepared;
    private final Map<Integer, OpenDatabase> databases = new ConcurrentHashMap<>();
    private int nextDatabaseId;

    RequestHandler(ServedNode node, long protocolVersion, WireServerSettings settings) {
        this.node = node;
        this.protocolVersion = protocolVersion;
        this.rowsBatchBytes = settings.rowsBatchBytes();
        this.prepared = new PreparedStatementBudget(settings.maxPreparedStatements(), settings.maxPreparedSqlBytes());
    }

    /** Answers {@code request}; {@code interrupted} turns true when the client interrupts a streaming query. */
    void handle(Request request, ResponseWriter out, BooleanSupplier interrupted) throws IOException {
        try {
            answer(request, out, interrupted);
        } catch (SQLException e) {
            out.write(new Response.Failure(SqliteErrors.codeOf(e), String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            log.warn("Node {} failed to answer a {} request", node.id(), request.getClass().getSimpleName(), e);
            out.write(new Response.Failure(SqliteErrors.SQLITE_ERROR, "internal error: " + e));
        }
    }

    /** Stops the statement running on database {@code databaseId}; called from a thread that does not run it. */
    void interrupt(long databaseId) {
        OpenDatabase database = databases.get((int) databaseId);
        if (database != null && database.session != null) {
            try {
                database.session.interrupt();
            } catch (SQLException e) {
                log.debug("Interrupting database {} failed", databaseId, e);
            }
        }
    }

    /** Tells whether a session of this connection holds an open transaction, and with it the writer. */
    boolean holdsTransaction() {
        for (OpenDatabase database : databases.values()) {
            LeaderSession session = database.session;
            if (session != null && session.inTransaction()) {
                return true;
            }
        }
        return false;
    }

    /** Interrupts whatever runs, so that closing does not wait for it. */
    void interruptAll() {
        for (Integer id : databases.keySet()) {
            interrupt(id);
        }
    }

    /** Closes every session: open transactions roll back. */
    @Override
    public void close() {
        for (OpenDatabase database : databases.values()) {
            if (database.session != null) {
                try {
                    database.session.close();
                } catch (SQLException e) {
                    log.debug("Closing a session on '{}' failed", database.name, e);
                }
            }
        }
        databases.clear();
    }

    private void answer(Request request, ResponseWriter out, BooleanSupplier interrupted)
            throws IOException, SQLException {
        if (request instanceof Request.Leader) {
            out.write(leader());
        } else if (request instanceof Request.Client) {
            out.write(new Response.Welcome(0));
        } else if (request instanceof Request.Open open) {
            out.write(open(open));
        } else if (request instanceof Request.Prepare prepare) {
            out.write(prepare(prepare));
        } else if (request instanceof Request.Exec exec) {
            out.write(result(session(exec.databaseId()).exec(exec.statementId(), exec.parameters())));
        } else if (request instanceof Request.Query query) {
            stream(session(query.databaseId()).query(query.statementId(), query.parameters()), out, interrupted);
        } else if (request instanceof Request.Finalize finalize) {
            session(finalize.databaseId()).finalizeStatement(finalize.statementId());
            prepared.remove(finalize.databaseId(), finalize.statementId());
            out.write(new Response.Empty());
        } else if (request instanceof Request.ExecSql exec) {
            out.write(result(session(exec.databaseId()).execSql(exec.sql(), exec.parameters())));
        } else if (request instanceof Request.QuerySql query) {
            stream(session(query.databaseId()).querySql(query.sql(), query.parameters()), out, interrupted);
        } else if (request instanceof Request.Cluster cluster) {
            out.write(cluster(cluster.format()));
        } else if (request instanceof Request.Describe) {
            out.write(new Response.Metadata(node.failureDomain(), node.weight()));
        } else if (request instanceof Request.Weight weight) {
            node.setWeight(weight.weight());
            out.write(new Response.Empty());
        } else if (request instanceof Request.Identify) {
            ClusterIdentity cluster = node.cluster();
            out.write(new Response.Identity(cluster.id().toString(), cluster.name() == null ? "" : cluster.name()));
        } else if (request instanceof Request.Transfer transfer) {
            transfer(transfer.id());
            out.write(new Response.Empty());
        } else if (request instanceof Request.Add add) {
            addSpare(add.id(), add.address());
            out.write(new Response.Empty());
        } else if (request instanceof Request.Assign assign) {
            assign(assign.id(), assign.role());
            out.write(new Response.Empty());
        } else if (request instanceof Request.Remove remove) {
            remove(remove.id());
            out.write(new Response.Empty());
        } else if (request instanceof Request.Dump dump) {
            out.write(dump(dump.name()));
        } else {
            out.write(new Response.Failure(SqliteErrors.SQLITE_ERROR, request.getClass().getSimpleName().toUpperCase()
                    + " is not supported by this server"));
        }
    }

    // dqlite answers a database file and its WAL; ours is one consistent file, so its WAL is empty
    private Response dump(String name) throws IOException, SQLException {
        Path copy = Files.createTempFile("dqlite-dump-", ".db");
        try {
            if (node.backup(name, copy) < 0) {
                throw SqliteErrors.toException(SqliteErrors.SQLITE_NOTFOUND, "node " + node.id()
                        + " has no database named '" + name + "' to dump");
            }
            long size = Files.size(copy);
            if (size > MAX_DUMP_BYTES) {
                throw SqliteErrors.toException(SqliteErrors.SQLITE_TOOBIG, "database '" + name + "' is " + size
                        + " bytes, more than the " + MAX_DUMP_BYTES + " a DUMP answers in one message; back it up"
                        + " through Node.backup or the dqlitebackup actuator endpoint, which stream it");
            }
            return new Response.Files(List.of(new DumpFile(name, Files.readAllBytes(copy)),
                    new DumpFile(name + "-wal", new byte[0])));
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Prepares a statement if the connection's prepared statements leave room for it. */
    private Response prepare(Request.Prepare prepare) throws SQLException {
        String sql = prepare.sql();
        int bytes = PreparedStatementBudget.utf8Length(sql);
        prepared.requireRoomFor(bytes);
        StatementHandle handle = session(prepare.databaseId()).prepare(sql);
        prepared.add(prepare.databaseId(), handle.id(), bytes);
        return new Response.Stmt((int) prepare.databaseId(), handle.id(), handle.parameterCount(), bytes);
    }

    private Response leader() {
        Optional<MemberStatus> leader = node.status().leader();
        if (protocolVersion == ProtocolVersion.VERSION_LEGACY) {
            return new Response.ServerLegacy(leader.map(MemberStatus::address).orElse(""));
        }
        return leader.map(member -> new Response.Server(WireIds.of(member.id()), member.address()))
                .orElse(new Response.Server(0, ""));
    }

    private Response open(Request.Open open) throws SQLException {
        String name = open.name();
        if (name == null || name.isEmpty()) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_MISUSE, "OPEN needs a database name");
        }
        if (databases.size() >= MAX_OPEN_DATABASES) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_MISUSE, "this connection has opened "
                    + MAX_OPEN_DATABASES + " databases; open more on another connection");
        }
        int id = nextDatabaseId++;
        databases.put(id, new OpenDatabase(name));
        return new Response.Db(id);
    }

    private LeaderSession session(long databaseId) throws SQLException {
        OpenDatabase database = databases.get((int) databaseId);
        if (database == null || databaseId != (int) databaseId) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_MISUSE, "no database with id " + databaseId
                    + " is open on this connection");
        }
        if (database.broken != null) {
            throw new LeadershipLostException("the session on '" + database.name + "' ended: "
                    + database.broken.getMessage() + "; open the database again");
        }
        if (database.session == null) {
            io.dqlite.core.NodeRole role = node.role();
            if (role != io.dqlite.core.NodeRole.LEADER) {
                String leader = node.leaderId().filter(id -> !id.equals(node.id())).orElse(null);
                throw new LeadershipLostException("not leader: node " + node.id() + " is " + described(role), leader);
            }
            database.session = node.openSession(database.name);
        } else if (!database.session.isValid(0)) {
            database.broken = new LeadershipLostException("node " + node.id() + " stopped leading",
                    node.leaderId().orElse(null));
            database.session.close();
            prepared.removeDatabase(databaseId);
            throw database.broken;
        }
        return database.session;
    }

    /** Names a role that is not the leader's as the message of a refused statement says it. */
    private static String described(io.dqlite.core.NodeRole role) {
        return switch (role) {
            case FOLLOWER -> "a follower";
            case CANDIDATE -> "a candidate in an election";
            case STOPPED -> "stopping";
            case LEADER -> "the leader";
        };
    }

    private static Response result(io.dqlite.jdbc.session.ExecResult result) {
        return new Response.Result(result.lastInsertId(), result.rowsAffected());
    }

    /**
     * Sends the rows in batches of about {@code rowsBatchBytes}, stopping early if the client
     * interrupts, unless the statement already ran to its end: a write that committed always
     * answers with its rows, so the client never takes a committed write for an interrupted one.
     */
    private void stream(Rows rows, ResponseWriter out, BooleanSupplier interrupted) throws IOException, SQLException {
        try (rows) {
            List<String> columns = rows.columns();
            List<Row> batch = new ArrayList<>();
            long bytes = 0;
            while (rows.isComplete() || !interrupted.getAsBoolean()) {
                if (!rows.next()) {
                    out.write(new Response.Rows(columns, batch, true));
                    return;
                }
                List<ValueType> types = new ArrayList<>(columns.size());
                List<Object> values = new ArrayList<>(columns.size());
                for (int i = 0; i < columns.size(); i++) {
                    types.add(rows.type(i));
                    values.add(rows.value(i));
                    bytes += size(rows.value(i));
                }
                batch.add(new Row(types, values));
                if (bytes >= rowsBatchBytes) {
                    out.write(new Response.Rows(columns, batch, false));
                    batch = new ArrayList<>();
                    bytes = 0;
                }
            }
        }
    }

    private static long size(Object value) {
        if (value instanceof String text) {
            return 8 + text.length();
        }
        if (value instanceof byte[] blob) {
            return 8 + blob.length;
        }
        return 8;
    }

    private Response cluster(long format) {
        NodeStatus status = node.status();
        List<NodeInfo> nodes = new ArrayList<>();
        for (MemberStatus member : status.members()) {
            nodes.add(new NodeInfo(WireIds.of(member.id()), member.address(), role(member.role())));
        }
        return new Response.Servers(format, nodes);
    }

    private static NodeRole role(MemberRole role) {
        switch (role) {
            case STANDBY:
                return NodeRole.STANDBY;
            case SPARE:
                return NodeRole.SPARE;
            default:
                return NodeRole.VOTER;
        }
    }

    private void transfer(long wireId) throws SQLException {
        String member = memberId(wireId);
        try {
            node.transferLeadership(member, TRANSFER_TIMEOUT);
        } catch (IOException e) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_ERROR, e.getMessage());
        }
    }

    // as dqlite does, ADD makes the node a spare, which ASSIGN (or automatic roles) gives a role. ADD names the node by
    // its wire address only, so its Raft server must have the default port (wire port + 1000)
    private void addSpare(long wireId, String address) throws SQLException {
        requireLeader("ADD");
        try {
            node.addSpare(Long.toUnsignedString(wireId), address);
        } catch (IllegalArgumentException e) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_ERROR, e.getMessage());
        } catch (IOException e) {
            throw membershipNotChanged(e);
        }
    }

    private void assign(long wireId, NodeRole role) throws SQLException {
        requireLeader("ASSIGN");
        String member = memberId(wireId);
        try {
            node.assign(member, switch (role) {
                case VOTER -> MemberRole.VOTER;
                case STANDBY -> MemberRole.STANDBY;
                case SPARE -> MemberRole.SPARE;
            });
        } catch (IllegalArgumentException e) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_ERROR, e.getMessage());
        } catch (IOException e) {
            throw membershipNotChanged(e);
        }
    }

    private void remove(long wireId) throws SQLException {
        requireLeader("REMOVE");
        String member = memberId(wireId);
        try {
            node.removeMember(member);
        } catch (IllegalArgumentException e) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_ERROR, e.getMessage());
        } catch (IOException e) {
            throw membershipNotChanged(e);
        }
    }

    // a change refused as invalid is SQLITE_ERROR; one Ratis could not make now (another change under way, a new
    // leader, a timeout) is SQLITE_BUSY, so that a client may try it again
    private static SQLException membershipNotChanged(IOException e) {
        return SqliteErrors.toException(SqliteErrors.SQLITE_BUSY, e.getMessage());
    }

    // a follower answers not-leader, as for SQL, so that dqlite's clients ask the leader
    private void requireLeader(String request) throws SQLException {
        if (!node.isLeader()) {
            throw SqliteErrors.toException(SqliteErrors.SQLITE_IOERR_NOT_LEADER, "node " + node.id()
                    + " is not the leader; send " + request + " to the leader");
        }
    }

    private String memberId(long wireId) throws SQLException {
        for (MemberStatus member : node.status().members()) {
            if (WireIds.of(member.id()) == wireId) {
                return member.id();
            }
        }
        throw SqliteErrors.toException(SqliteErrors.SQLITE_ERROR, "no member has wire id "
                + Long.toUnsignedString(wireId));
    }
}
