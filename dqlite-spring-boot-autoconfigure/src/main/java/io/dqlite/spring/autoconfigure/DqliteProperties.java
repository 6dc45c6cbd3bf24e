package io.dqlite.spring.autoconfigure;

import io.dqlite.core.raft.RaftTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the embedded dqlite node, under {@code dqlite.*}; with none set, the application runs a
 * single-node cluster on 127.0.0.1.
 */
@ConfigurationProperties("dqlite")
public class DqliteProperties {

    /** Whether to run an embedded dqlite node. */
    private boolean enabled = true;

    /** Id of this node, unique in the cluster; must be one of the members' ids when members are listed. */
    private String nodeId = "1";

    /** Host and port this node's wire-protocol server listens on; when members are listed, this node's entry sets it. */
    private String address = "127.0.0.1:9001";

    /** Host and port this node's Raft server listens on; defaults to the wire address's host with port + 1000. */
    private String raftAddress;

    /**
     * RPC layer of Raft messages between the nodes, the same on every member: netty (faster, plain TCP only) or grpc
     * (needed with dqlite.ssl.bundle); unset, netty without TLS and grpc with it. Set grpc on a plain-TCP cluster whose
     * members still run a version that spoke gRPC.
     */
    private RaftTransport raftTransport;

    /**
     * Host both of this node's servers listen on (e.g. 0.0.0.0), at the ports of its own addresses, which peers and
     * clients keep using; unset, each server listens on the host of its own address.
     */
    private String bindHost;

    /**
     * Wire addresses (host:port) of running members of a cluster this node joins, instead of bootstrapping one with
     * dqlite.members: the leader adds it as a spare and gives it a role (standby, then voter) as it needs one
     * (a voter at once with dqlite.roles.enabled=false); its dqlite.node-id must be a number and
     * its Raft port its wire port + 1000. A node that joined before restarts as a member.
     */
    private List<String> join = new ArrayList<>();

    /**
     * Name of the cluster this node belongs to: a node refuses to start with a data directory of a cluster of another
     * name, or to join one; unset, a new cluster gets an id of its own (random for a node that starts alone, else
     * computed from the members, so two clusters with the same members need names to be told apart).
     */
    private String clusterName;

    /** Members of the cluster, this node included; empty for a single-node cluster of this node alone. */
    private List<Member> members = new ArrayList<>();

    /** Directory where this node keeps its Raft log, snapshots and databases. */
    private Path dataDirectory = Path.of("dqlite-data");

    /** Name of the database the auto-configured DataSource opens. */
    private String database = "main";

    /** Time a commit waits to be replicated before its outcome is reported unknown. */
    private Duration applyTimeout = Duration.ofSeconds(10);

    /** Longest time one statement may run on the leader before it is interrupted; 0 for no limit. */
    private Duration statementTimeout = Duration.ofSeconds(60);

    /** Groups of commits that may replicate at once; 2 or more lets the next group run while the last replicates. */
    private int commitPipelineDepth = 1;

    /**
     * Longest time a group of commits waits for the sessions the last group answered to come back with more work,
     * so that they join it instead of making a small group (one log entry) of their own; the wait shrinks while they
     * do not come back in time; 0 never waits.
     */
    private Duration commitGatherTime = Duration.ofMillis(1);

    private final Election election = new Election();

    private final Snapshot snapshot = new Snapshot();

    private final Pool pool = new Pool();

    private final Health health = new Health();

    private final Startup startup = new Startup();

    private final Restore restore = new Restore();

    private final Shutdown shutdown = new Shutdown();

    private final Ssl ssl = new Ssl();

    private final Roles roles = new Roles();

    private final Backup backup = new Backup();

    private final Server server = new Server();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getNodeId() {
        return this.nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public String getAddress() {
        return this.address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getRaftAddress() {
        return this.raftAddress;
    }

    public void setRaftAddress(String raftAddress) {
        this.raftAddress = raftAddress;
    }

    public RaftTransport getRaftTransport() {
        return this.raftTransport;
    }

    public void setRaftTransport(RaftTransport raftTransport) {
        this.raftTransport = raftTransport;
    }

    public String getClusterName() {
        return this.clusterName;
    }

    public void setClusterName(String clusterName) {
        this.clusterName = clusterName;
    }

    public String getBindHost() {
        return this.bindHost;
    }

    public void setBindHost(String bindHost) {
        this.bindHost = bindHost;
    }

    public List<String> getJoin() {
        return this.join;
    }

    public void setJoin(List<String> join) {
        this.join = join;
    }

    public List<Member> getMembers() {
        return this.members;
    }

    public void setMembers(List<Member> members) {
        this.members = members;
    }

    public Path getDataDirectory() {
        return this.dataDirectory;
    }

    public void setDataDirectory(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public String getDatabase() {
        return this.database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public Duration getApplyTimeout() {
        return this.applyTimeout;
    }

    public void setApplyTimeout(Duration applyTimeout) {
        this.applyTimeout = applyTimeout;
    }

    public Duration getStatementTimeout() {
        return this.statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public Duration getCommitGatherTime() {
        return this.commitGatherTime;
    }

    public void setCommitGatherTime(Duration commitGatherTime) {
        this.commitGatherTime = commitGatherTime;
    }

    public int getCommitPipelineDepth() {
        return this.commitPipelineDepth;
    }

    public void setCommitPipelineDepth(int commitPipelineDepth) {
        this.commitPipelineDepth = commitPipelineDepth;
    }

    public Election getElection() {
        return this.election;
    }

    public Snapshot getSnapshot() {
        return this.snapshot;
    }

    public Pool getPool() {
        return this.pool;
    }

    public Health getHealth() {
        return this.health;
    }

    public Restore getRestore() {
        return this.restore;
    }

    public Startup getStartup() {
        return this.startup;
    }

    public Shutdown getShutdown() {
        return this.shutdown;
    }

    public Server getServer() {
        return this.server;
    }

    public Ssl getSsl() {
        return this.ssl;
    }

    public Roles getRoles() {
        return this.roles;
    }

    public Backup getBackup() {
        return this.backup;
    }

    /** One member of the cluster. */
    public static class Member {

        /** Id of the member, unique in the cluster. */
        private String id;

        /** Host and port of the member's wire-protocol server. */
        private String address;

        /** Host and port of the member's Raft server; defaults to the wire address's host with port + 1000. */
        private String raftAddress;

        public String getId() {
            return this.id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getAddress() {
            return this.address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public String getRaftAddress() {
            return this.raftAddress;
        }

        public void setRaftAddress(String raftAddress) {
            this.raftAddress = raftAddress;
        }

    }

    /** Raft election timing. */
    public static class Election {

        /** Shortest time a follower waits for the leader before it stands for election. */
        private Duration timeoutMin = Duration.ofMillis(400);

        /** Longest time a follower waits for the leader before it stands for election. */
        private Duration timeoutMax = Duration.ofMillis(800);

        public Duration getTimeoutMin() {
            return this.timeoutMin;
        }

        public void setTimeoutMin(Duration timeoutMin) {
            this.timeoutMin = timeoutMin;
        }

        public Duration getTimeoutMax() {
            return this.timeoutMax;
        }

        public void setTimeoutMax(Duration timeoutMax) {
            this.timeoutMax = timeoutMax;
        }

    }

    /** Snapshots of the databases, after which the Raft log is truncated. */
    public static class Snapshot {

        /** Number of applied log entries after which a snapshot is taken. */
        private long threshold = 10_000;

        /** Number of log entries kept behind a snapshot for followers that lag a little. */
        private long trailingEntries = 1_000;

        public long getThreshold() {
            return this.threshold;
        }

        public void setThreshold(long threshold) {
            this.threshold = threshold;
        }

        public long getTrailingEntries() {
            return this.trailingEntries;
        }

        public void setTrailingEntries(long trailingEntries) {
            this.trailingEntries = trailingEntries;
        }

    }

    /** Connection pool of the auto-configured DataSource. */
    public static class Pool {

        /** Maximum number of connections in the pool. */
        private int maxSize = 10;

        /** Time to wait for a connection from the pool before failing. */
        private Duration connectionTimeout = Duration.ofSeconds(30);

        public int getMaxSize() {
            return this.maxSize;
        }

        public void setMaxSize(int maxSize) {
            this.maxSize = maxSize;
        }

        public Duration getConnectionTimeout() {
            return this.connectionTimeout;
        }

        public void setConnectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
        }

    }

    /** The dqlite health indicator. */
    public static class Health {

        /** Largest number of committed log entries this node may not yet have applied and still be UP. */
        private long maxAppliedLag = 100;

        public long getMaxAppliedLag() {
            return this.maxAppliedLag;
        }

        public void setMaxAppliedLag(long maxAppliedLag) {
            this.maxAppliedLag = maxAppliedLag;
        }

    }

    /** Loading a backup into a new cluster. */
    public static class Restore {

        /**
         * Backup file (one SQLite file, e.g. from GET /actuator/dqlitebackup) that the leader's instance loads into
         * dqlite.database at start-up while the cluster's copy of it holds no table; name the same file on every
         * instance.
         */
        private Path file;

        public Path getFile() {
            return this.file;
        }

        public void setFile(Path file) {
            this.file = file;
        }

    }

    /** Start-up of the application. */
    public static class Startup {

        /** Time schema migrations (Flyway, Liquibase) wait for the cluster to elect a leader before start-up fails. */
        private Duration leaderTimeout = Duration.ofSeconds(60);

        public Duration getLeaderTimeout() {
            return this.leaderTimeout;
        }

        public void setLeaderTimeout(Duration leaderTimeout) {
            this.leaderTimeout = leaderTimeout;
        }

    }

    /** Periodic backups of every database this instance has applied, to a directory of its own. */
    public static class Backup {

        /** Directory this instance writes its backups to (NAME-yyyyMMdd-HHmmss-SSS.db); unset, no periodic backups. */
        private Path directory;

        /** Time between two backups. */
        private Duration interval = Duration.ofHours(1);

        /** Number of backups of each database kept; older ones are deleted. */
        private int retain = 24;

        public Path getDirectory() {
            return this.directory;
        }

        public void setDirectory(Path directory) {
            this.directory = directory;
        }

        public Duration getInterval() {
            return this.interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public int getRetain() {
            return this.retain;
        }

        public void setRetain(int retain) {
            this.retain = retain;
        }

    }

    /** Automatic roles: the voters and standbys the leader keeps as members come and go. */
    public static class Roles {

        /** Whether the leader keeps the targets; off, roles change only when asked (ASSIGN, the actuator, Java). */
        private boolean enabled = true;

        /** Voters the leader keeps: while fewer answer, it makes a standby a voter, and a lost voter it replaced becomes a spare. */
        private int voters = 3;

        /** Standbys the leader keeps ready to become voters; nodes beyond the targets are spares. */
        private int standbys = 3;

        /** How long a member may not answer the leader before it counts as lost. */
        private Duration lostAfter = Duration.ofSeconds(5);

        /** Failure domain of this node (a zone or rack, as a number): voters are spread across domains when they can be. */
        private long failureDomain;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getVoters() {
            return this.voters;
        }

        public void setVoters(int voters) {
            this.voters = voters;
        }

        public int getStandbys() {
            return this.standbys;
        }

        public void setStandbys(int standbys) {
            this.standbys = standbys;
        }

        public Duration getLostAfter() {
            return this.lostAfter;
        }

        public long getFailureDomain() {
            return this.failureDomain;
        }

        public void setFailureDomain(long failureDomain) {
            this.failureDomain = failureDomain;
        }

        public void setLostAfter(Duration lostAfter) {
            this.lostAfter = lostAfter;
        }

    }

    /** TLS on both of the node's ports, and on its connections to other nodes, from a Spring SSL bundle. */
    public static class Ssl {

        /**
         * Name of the SSL bundle (spring.ssl.bundle.pem.NAME or .jks.NAME) holding this node's certificate and key and
         * the certificates it trusts: the Raft port then uses mutual TLS, the wire port TLS, and the node's own
         * connections to other nodes TLS too; unset, both ports speak plain TCP.
         */
        private String bundle;

        /** Whether the wire port requires client certificates (need), accepts them (want) or does not ask (none). */
        private ClientAuth clientAuth = ClientAuth.NEED;

        public String getBundle() {
            return this.bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public ClientAuth getClientAuth() {
            return this.clientAuth;
        }

        public void setClientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
        }

        /** Whether the wire port asks clients for a certificate. */
        public enum ClientAuth {
            /** Every client must present a trusted certificate. */
            NEED,
            /** A client may present one, which must then be trusted. */
            WANT,
            /** Clients are not asked for one. */
            NONE
        }

    }

    /** Shutdown of the node. */
    public static class Shutdown {

        /** Time a leading node waits for a live peer to take over leadership before it stops anyway. */
        private Duration leadershipTransferTimeout = Duration.ofSeconds(3);

        public Duration getLeadershipTransferTimeout() {
            return this.leadershipTransferTimeout;
        }

        public void setLeadershipTransferTimeout(Duration leadershipTransferTimeout) {
            this.leadershipTransferTimeout = leadershipTransferTimeout;
        }

    }

    /** Limits on what clients of this node's wire-protocol server, and the sessions on the leader, may hold. */
    public static class Server {

        /** Maximum number of client connections; when all are taken, the connection idle longest makes room. */
        private int maxConnections = 256;

        /** Maximum number of client connections from one remote address. */
        private int maxConnectionsPerAddress = 64;

        /** Time a new connection may take to send its protocol version before it is closed. */
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        /** Time a connection that holds no transaction may send nothing before it is closed. */
        private Duration idleTimeout = Duration.ofMinutes(5);

        /** Time a client may leave a transaction idle, or a response unread, before its connection is closed. */
        private Duration stallTimeout = Duration.ofSeconds(30);

        /** Largest request a client may send; a larger one closes its connection. */
        private DataSize maxMessageSize = DataSize.ofMegabytes(32);

        /** Maximum number of requests one connection may send ahead of their responses. */
        private int maxPendingRequests = 16;

        /** Maximum size of the requests one connection sends ahead of their responses, at least max-message-size. */
        private DataSize maxPendingRequestSize = DataSize.ofMegabytes(64);

        /** Maximum number of prepared statements one connection may hold. */
        private int maxPreparedStatements = 1000;

        /** Maximum size of the SQL of the prepared statements one connection holds. */
        private DataSize maxPreparedSqlSize = DataSize.ofMegabytes(8);

        /**
         * Maximum size of one statement's rows held in memory (a write's RETURNING rows, or the rest of a result left
         * open in a transaction), on the leader and in the DataSource that forwards to it; past it the statement fails.
         */
        private DataSize maxBufferedResultSize = DataSize.ofMegabytes(64);

        /** Maximum number of databases the cluster may hold; creating one more is refused. */
        private int maxDatabases = 100;

        /** Names of the only databases clients may open; empty for any name. */
        private List<String> allowedDatabases = new ArrayList<>();

        public int getMaxConnections() {
            return this.maxConnections;
        }

        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        public int getMaxConnectionsPerAddress() {
            return this.maxConnectionsPerAddress;
        }

        public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
            this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        }

        public Duration getHandshakeTimeout() {
            return this.handshakeTimeout;
        }

        public void setHandshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }

        public Duration getIdleTimeout() {
            return this.idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public Duration getStallTimeout() {
            return this.stallTimeout;
        }

        public void setStallTimeout(Duration stallTimeout) {
            this.stallTimeout = stallTimeout;
        }

        public DataSize getMaxMessageSize() {
            return this.maxMessageSize;
        }

        public void setMaxMessageSize(DataSize maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }

        public int getMaxPendingRequests() {
            return this.maxPendingRequests;
        }

        public void setMaxPendingRequests(int maxPendingRequests) {
            this.maxPendingRequests = maxPendingRequests;
        }

        public DataSize getMaxPendingRequestSize() {
            return this.maxPendingRequestSize;
        }

        public void setMaxPendingRequestSize(DataSize maxPendingRequestSize) {
            this.maxPendingRequestSize = maxPendingRequestSize;
        }

        public int getMaxPreparedStatements() {
            return this.maxPreparedStatements;
        }

        public void setMaxPreparedStatements(int maxPreparedStatements) {
            this.maxPreparedStatements = maxPreparedStatements;
        }

        public DataSize getMaxPreparedSqlSize() {
            return this.maxPreparedSqlSize;
        }

        public void setMaxPreparedSqlSize(DataSize maxPreparedSqlSize) {
            this.maxPreparedSqlSize = maxPreparedSqlSize;
        }

        public DataSize getMaxBufferedResultSize() {
            return this.maxBufferedResultSize;
        }

        public void setMaxBufferedResultSize(DataSize maxBufferedResultSize) {
            this.maxBufferedResultSize = maxBufferedResultSize;
        }

        public int getMaxDatabases() {
            return this.maxDatabases;
        }

        public void setMaxDatabases(int maxDatabases) {
            this.maxDatabases = maxDatabases;
        }

        public List<String> getAllowedDatabases() {
            return this.allowedDatabases;
        }

        public void setAllowedDatabases(List<String> allowedDatabases) {
            this.allowedDatabases = allowedDatabases;
        }

    }

}
