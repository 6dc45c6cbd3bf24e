package io.dqlite.core;

import io.dqlite.core.backup.BackupRestore;
import io.dqlite.core.entry.EntryCodec;
import io.dqlite.core.entry.SpareList;
import io.dqlite.core.raft.ClusterIdentity;
import io.dqlite.core.raft.DatabaseStateMachine;
import io.dqlite.core.raft.ForcedConfiguration;
import io.dqlite.core.raft.LoggedConfiguration;
import io.dqlite.core.raft.RaftLogRepair;
import io.dqlite.core.raft.RaftWiring;
import io.dqlite.core.raft.RatisLeaderLease;
import io.dqlite.core.raft.WriteWindow;
import io.dqlite.core.server.ServedNode;
import io.dqlite.core.server.WireIds;
import io.dqlite.core.server.WireServer;
import io.dqlite.core.session.LeaderDatabase;
import io.dqlite.core.session.LeaderSession;
import io.dqlite.core.snapshot.SnapshotStore;
import io.dqlite.core.status.ActivityListener;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import io.dqlite.core.status.NodeStatus;
import io.dqlite.core.status.PeerWatch;
import io.dqlite.jdbc.LeadershipLostException;
import io.dqlite.jdbc.client.ClientTls;
import io.dqlite.jdbc.client.ClusterAdmin;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.LeaderElectionManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a dqlite cluster: a Ratis server whose state machine holds the databases, and, while
 * it leads, the databases' writer connections.
 */
public final class Node implements ServedNode, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Node.class);
    /** How long to wait for a requested snapshot before asking again (it may have been deferred). */
    private static final Duration SNAPSHOT_RETRY = Duration.ofMillis(200);
    /** How long a peer may be silent before the leader reports it, unless two election timeouts are longer. */
    private static final Duration PEER_SILENCE = Duration.ofSeconds(3);
    /** How often the leader reports a peer again while it stays silent. */
    private static final Duration PEER_SILENCE_REPEAT = Duration.ofSeconds(60);
    /** How many apply timeouts a joining node keeps asking to become a voter, while the cluster is busy. */
    private static final int JOIN_TIMEOUT_APPLY_TIMEOUTS = 3;

    private final NodeConfig config;
    private final ClusterIdentity cluster;
    /** How this node speaks TLS to other nodes' wire ports, or null without TLS. */
    private final ClientTls clientTls;
    private final RaftGroup group;
    /** Ratis' leader lease of this node's member of the group, once its server runs. */
    private volatile RatisLeaderLease leaderLease;
    /** Where this node's own requests go, once its server runs; see {@link #requestTarget()}. */
    private volatile RaftClientAsynchronousProtocol requestTarget;
    private final DatabaseStateMachine stateMachine;
    private final RaftServer server;
    private final RaftClient client;
    private final LeaderDatabases leaderDatabases;
    private final List<Consumer<Optional<String>>> leaderListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<NodeRole>> roleListeners = new CopyOnWriteArrayList<>();
    private final List<ActivityListener> activityListeners = new CopyOnWriteArrayList<>();
    private final WriteWindow writeWindow;
    private final PeerWatch peerWatch;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private volatile boolean closed;
    private volatile WireServer wireServer;
    private volatile RoleKeeper roleKeeper;
    /** Members this leader took out of the configuration to change their role, until they are back in. */
    private final Map<String, RaftPeer> outForRoleChange = new ConcurrentHashMap<>();
    /**
     * Held through each change of members (adding, assigning a role, removing), so that an operator's change and the
     * {@link RoleKeeper}'s run one after the other, each from the configuration the one before left.
     */
    private final Object memberChanges = new Object();
    /** When this leader last made each member a standby on request, so that keeping roles does not undo it at once. */
    private final Map<String, Long> madeStandby = new ConcurrentHashMap<>();
    /** The weight dqlite's WEIGHT request set, which DESCRIBE reports. */
    private final AtomicLong weight = new AtomicLong();
    /** Whether this node's Raft server is kept from standing for election, as a member that is not a voter. */
    private final AtomicBoolean electionsPaused = new AtomicBoolean();
    /** The log index up to which this node's own configuration does not count: it restarted as no voter. */
    private volatile long standingAsideThrough = -1;
    /** The leader last logged, so that Ratis' repeated notices of one change make one line. */
    private final AtomicReference<String> loggedLeader = new AtomicReference<>("");

    private Node(NodeConfig config, ClusterIdentity cluster, boolean joining) throws IOException {
        this.config = config;
        this.cluster = cluster;
        this.clientTls = config.tls() == null ? null : config.tls().client();
        // a joining node starts as a standby of itself, so it never campaigns; the leader's log brings it the cluster
        this.group = joining ? RaftWiring.joiningGroup(cluster, config.self())
                : RaftWiring.group(cluster, config.members());
        this.stateMachine = new DatabaseStateMachine(config.dataDirectory().resolve("applied"), this::leaderChanged,
                this::membershipApplied);
        RaftProperties properties = RaftWiring.properties(config);
        new RaftLogRepair(RaftServerConfigKeys.Log.Appender.bufferByteLimit(properties))
                .repairAll(config.dataDirectory().resolve("raft"));
        Parameters parameters = RaftWiring.parameters(config);
        this.server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(config.nodeId()))
                .setGroup(group)
                .setProperties(properties)
                .setParameters(parameters)
                .setStateMachine(stateMachine)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        this.writeWindow = new WriteWindow(RaftWiring.writeWindowBytes(config), config.timing().applyTimeout(),
                this::submit);
        this.leaderDatabases = new LeaderDatabases(config, stateMachine, writeWindow, this::confirmLeadership);
        this.client = RaftClient.newBuilder()
                .setRaftGroup(RaftWiring.clientGroup(cluster, config.members()))
                .setLeaderId(RaftPeerId.valueOf(config.nodeId()))
                .setProperties(properties)
                .setParameters(parameters)
                .setRetryPolicy(RetryPolicies.noRetry())
                .build();
        Duration twoElections = config.timing().electionTimeoutMax().multipliedBy(2);
        this.peerWatch = new PeerWatch(config.nodeId(), twoElections.compareTo(PEER_SILENCE) > 0 ? twoElections
                : PEER_SILENCE, PEER_SILENCE_REPEAT, this::status);
    }

    /** Starts a node from its configuration, recovering its data directory if it has one. */
    public static Node start(NodeConfig config) throws IOException {
        ClusterIdentity cluster;
        try {
            cluster = ClusterIdentity.forStart(config.dataDirectory(), config.clusterName(), config.members(),
                    () -> clusterOfPeers(config));
        } catch (IOException | RuntimeException e) {
            log.error("Node {} failed to start: {}", config.nodeId(), e.getMessage());
            throw e;
        }
        return start(config, cluster, false, config.members().stream()
                .filter(member -> !member.id().equals(config.nodeId())).map(Member::wireAddress).toList());
    }

    // asked once of each other member, with no wait for a leader: every member knows its cluster
    private static Optional<ClusterIdentity> clusterOfPeers(NodeConfig config) {
        List<String> peers = config.members().stream().filter(member -> !member.id().equals(config.nodeId()))
                .map(Member::wireAddress).toList();
        try {
            return ClusterAdmin.identifyAny(peers, config.clientSettings())
                    .map(identity -> ClusterIdentity.parse(identity.clusterId(), identity.clusterName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a node that joins the cluster of the nodes at {@code contacts} (wire addresses, any of its members):
     * the leader adds it as a spare and makes it a voter, which receives the log (a snapshot if the log was
     * compacted); with automatic roles ({@link NodeConfig#roles}) it stays a spare until the leader needs a standby or
     * a voter. A node that joined before restarts as the member its log says it is, and asks
     * to be added again if the leader took it out while it was down.
     * {@code config} lists this node alone; its id must be a number (the wire protocol's node ids are) and its Raft
     * port the default, its wire port + {@value Member#RAFT_PORT_OFFSET} (the wire protocol's ADD carries the wire
     * address only).
     */
    public static Node join(NodeConfig config, List<String> contacts) throws IOException {
        Member self = config.self();
        if (config.members().size() != 1) {
            throw new IllegalArgumentException("a joining node knows only itself, not members "
                    + config.members().stream().map(Member::id).toList());
        }
        long wireId;
        try {
            wireId = Long.parseUnsignedLong(self.id());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a joining node's id must be a positive number, not '" + self.id() + "'");
        }
        if (!Member.withDefaultRaftPort(self.id(), self.wireAddress()).equals(self)) {
            throw new IllegalArgumentException("a joining node's Raft address must be its wire port + "
                    + Member.RAFT_PORT_OFFSET + " (" + Member.withDefaultRaftPort(self.id(), self.wireAddress())
                    .raftAddress() + "), not " + self.raftAddress());
        }
        Optional<ClusterIdentity> stored = ClusterIdentity.of(config.dataDirectory());
        if (stored.isPresent() && Files.isDirectory(RaftWiring.groupDirectory(config.dataDirectory(), stored.get()))) {
            // the configuration lists this node alone: its log, not the configuration, says who the members are
            ClusterIdentity cluster = ClusterIdentity.forStart(config.dataDirectory(), config.clusterName(),
                    config.members(), Optional::empty);
            Node node = start(config, cluster, true, contacts);
            log.info("Node {} joined the cluster {} before; it restarts as a member", self.id(), cluster.describe());
            node.rejoinIfTakenOut(contacts, wireId);
            return node;
        }
        ClusterJoin join = new ClusterJoin(new ClusterAdmin(contacts, config.clientSettings()), wireId,
                self.wireAddress(), config.timing().applyTimeout().multipliedBy(JOIN_TIMEOUT_APPLY_TIMEOUTS));
        ClusterIdentity cluster;
        try {
            cluster = ClusterIdentity.forJoin(config.dataDirectory(), config.clusterName(), join.identify());
        } catch (SQLException | IOException | RuntimeException e) {
            log.error("Node {} failed to start: it could not join the cluster of {}: {}", self.id(), contacts,
                    e.getMessage());
            throw new IOException("node " + self.id() + " could not join the cluster of " + contacts + ": "
                    + e.getMessage(), e);
        }
        Node node = start(config, cluster, true, List.of());
        try {
            join.run(node, config.roles() != null);
        } catch (SQLException | IOException | RuntimeException e) {
            node.close();
            // a node that never became a voter holds nothing of its own: what it received goes, so that the next
            // start joins again instead of restarting as a member of nothing
            SnapshotStore.deleteRecursively(RaftWiring.groupDirectory(config.dataDirectory(), cluster));
            SnapshotStore.deleteRecursively(config.dataDirectory().resolve("applied"));
            Files.deleteIfExists(config.dataDirectory().resolve(ClusterIdentity.FILE_NAME));
            throw new IOException("node " + self.id() + " could not join the cluster of " + contacts + ": "
                    + e.getMessage(), e);
        }
        log.info("Node {} joined the cluster of {} as a {}", self.id(), contacts,
                config.roles() != null ? "spare (the leader gives spares a role as it needs standbys and voters)"
                        : "voter");
        return node;
    }

    // a member the leader took out while it was down (as a lost voter, or by REMOVE) learns it from the leader's list
    // of members and asks to be added again, as when it first joined; a cluster without a leader now is not asked
    private void rejoinIfTakenOut(List<String> contacts, long wireId) {
        ClusterAdmin admin;
        try {
            admin = new ClusterAdmin(contacts, config.clientSettings()
                    .withLeaderTimeout(config.timing().electionTimeoutMax().multipliedBy(4)));
            if (admin.members().stream().anyMatch(member -> member.id() == wireId)) {
                return;
            }
        } catch (SQLException | IOException e) {
            log.info("Node {} could not ask the cluster whether it is still a member ({}); it runs as the member its log"
                    + " says it is", id(), e.getMessage());
            return;
        }
        log.warn("Node {} is no longer a member of its cluster (it was taken out while it was down); it asks to be"
                + " added again", id());
        try {
            new ClusterJoin(admin, wireId, config.self().wireAddress(),
                    config.timing().applyTimeout().multipliedBy(JOIN_TIMEOUT_APPLY_TIMEOUTS))
                    .run(this, config.roles() != null);
        } catch (SQLException | IOException e) {
            log.warn("Node {} could not be added to its cluster again: {}; add it through the leader", id(),
                    e.getMessage());
        }
    }

    /**
     * Brings back a cluster that lost a majority of its voters for good: rewrites the stopped node's Raft log so that
     * it is its cluster's only voter, and returns the index of the configuration written. Started again with
     * {@link #start} and {@code config}, it elects itself and commits every entry its log holds, so no write it had
     * is lost; then add new members (e.g. with {@link #join}). Take the most up-to-date survivor (the highest
     * applied index), and never start the other old members again. {@code config} lists this node alone.
     */
    public static long recover(NodeConfig config) throws IOException {
        if (config.members().size() != 1) {
            throw new IllegalArgumentException("a recovered node is its cluster's only member; configure it alone, not"
                    + " with members " + config.members().stream().map(Member::id).toList());
        }
        ClusterIdentity cluster = ClusterIdentity.forStart(config.dataDirectory(), config.clusterName(),
                config.members(), Optional::empty);
        RaftProperties properties = RaftWiring.properties(config);
        return new ForcedConfiguration(RaftServerConfigKeys.Log.Appender.bufferByteLimit(properties))
                .forceSingleVoter(RaftWiring.groupDirectory(config.dataDirectory(), cluster), config.self());
    }

    // a restarting node asks the members at peerAddresses what it is first (see RestartListing)
    private static Node start(NodeConfig config, ClusterIdentity cluster, boolean joining, List<String> peerAddresses)
            throws IOException {
        Files.createDirectories(config.dataDirectory());
        // leader copies never outlive their leadership; the applied files hold the truth
        SnapshotStore.deleteRecursively(config.dataDirectory().resolve("leader"));
        Path groupDirectory = RaftWiring.groupDirectory(config.dataDirectory(), cluster);
        boolean bootstrapped = Files.isDirectory(groupDirectory);
        RestartListing listing = bootstrapped ? RestartListing.ask(config, peerAddresses) : RestartListing.UNANSWERED;
        boolean startAfresh = listing.spare() && outsideOwnLog(config, groupDirectory);
        if (startAfresh) {
            // out of the configuration its own log ends with, its copy of the log is nobody's only copy: the voters of
            // that configuration hold every committed entry
            log.info("Node {} restarts as a spare of its cluster, outside the configuration its log ends with: it drops"
                    + " its copy of the log and starts as a joining node does, to receive the log again once it is"
                    + " given a role", config.nodeId());
            SnapshotStore.deleteRecursively(groupDirectory);
            SnapshotStore.deleteRecursively(config.dataDirectory().resolve("applied"));
            bootstrapped = false;
        }
        Node node = new Node(config, cluster, joining || startAfresh);
        try {
            warmUp(config);
            node.server.start();
            if (!listing.standsForElection() && !startAfresh) {
                node.standAside(listing.describe());
            }
            if (bootstrapped && !joining) {
                node.requireConfiguredMembership();
            }
            node.wireServer = WireServer.start(node, config.wireListenAddress(), config.server(), config.tls());
            node.peerWatch.start();
            if (config.roles() != null) {
                node.roleKeeper = RoleKeeper.start(node, config.roles(), config.clientSettings());
            }
        } catch (IOException | RuntimeException e) {
            log.error("Node {} failed to start: {}", config.nodeId(), e.getMessage());
            node.close();
            throw e;
        }
        log.info("Node {} started: cluster {}, clients on {}, Raft on {}, data in {}, members {}", config.nodeId(),
                cluster.describe(), config.self().wireAddress(), config.self().raftAddress(), config.dataDirectory(),
                config.members().stream().map(Member::id).toList());
        OutOfMemoryExit.warnIfTheJvmGoesOn(log, config.nodeId());
        return node;
    }

    // Ratis would start the node outside the cluster, with no election timer even once it is a voter again
    private static boolean outsideOwnLog(NodeConfig config, Path groupDirectory) throws IOException {
        return LoggedConfiguration.last(groupDirectory,
                        RaftServerConfigKeys.Log.Appender.bufferByteLimit(RaftWiring.properties(config)))
                .map(configuration -> !LoggedConfiguration.lists(configuration, config.nodeId())).orElse(false);
    }

    // the configured members bootstrap a new cluster only. Later a member the log knows under other addresses than
    // the configured ones would be silently ignored, so it stops the start; members on one side only are expected
    // (nodes join and leave through the leader, and a log that ends inside a role change lacks the member being
    // moved) and are named in a warning. Spares are known once the log this node holds as committed is applied
    private void requireConfiguredMembership() throws IOException {
        Set<Member> configured = new HashSet<>(config.members());
        Set<Member> current = currentMembers();
        if (!current.equals(configured)) {
            RaftServer.Division division = server.getDivision(group.getGroupId());
            try {
                stateMachine.awaitApplied(division.getRaftLog().getLastCommittedIndex(),
                        config.timing().applyTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the cluster's members");
            }
            current = currentMembers();
        }
        Map<String, Member> configuredById = new HashMap<>();
        config.members().forEach(member -> configuredById.put(member.id(), member));
        boolean conflicting = current.stream().anyMatch(member -> configuredById.containsKey(member.id())
                && !configuredById.get(member.id()).equals(member));
        if (conflicting) {
            throw new IllegalStateException("node " + id() + "'s data directory " + config.dataDirectory()
                    + " holds a cluster of members " + describe(current) + " but the node is configured with members "
                    + describe(config.members()) + ": the configured members only bootstrap a new cluster. Change"
                    + " membership through the leader (REMOVE/ADD/ASSIGN, Node.removeMember, Node.join) and configure"
                    + " the members the cluster has now");
        }
        if (!current.equals(configured)) {
            log.info("Node {}'s log lists the members {}, its configuration {}: the configured members only bootstrap"
                    + " a cluster, and the log's hold (nodes join and leave through the leader, and a log that ends"
                    + " inside a role change lacks the member being moved until the node catches up)", id(),
                    describe(current), describe(config.members()));
        }
    }

    // the voters and standbys of the configuration this node holds, and its spares
    private Set<Member> currentMembers() throws IOException {
        RaftConfiguration conf = server.getDivision(group.getGroupId()).getRaftConf();
        Set<Member> current = new HashSet<>();
        for (RaftPeerRole role : List.of(RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER)) {
            for (RaftPeer peer : conf.getAllPeers(role)) {
                current.add(new Member(peer.getId().toString(), peer.getAddress(), peer.getClientAddress()));
            }
        }
        for (SpareList.Spare spare : spares().spares()) {
            current.add(new Member(spare.id(), spare.raftAddress(), spare.wireAddress()));
        }
        return current;
    }

    private static List<String> describe(Collection<Member> members) {
        return members.stream().sorted(Comparator.comparing(Member::id))
                .map(member -> member.id() + "=" + member.wireAddress() + "/" + member.raftAddress()).toList();
    }

    private static void warmUp(NodeConfig config) throws IOException {
        try {
            LeaderDatabase.warmUp(config.dataDirectory().resolve("leader"));
        } catch (SQLException e) {
            throw new IOException("SQLite failed on a scratch database in " + config.dataDirectory().resolve("leader")
                    + ": " + e.getMessage(), e);
        }
    }

    /** Returns this node's id. */
    public String id() {
        return config.nodeId();
    }

    @Override
    public long failureDomain() {
        return config.failureDomain();
    }

    @Override
    public long weight() {
        return weight.get();
    }

    @Override
    public void setWeight(long weight) {
        this.weight.set(weight);
    }

    /** Returns the members this leader made standbys on request within {@code period}: a voter that is stopping. */
    Set<String> madeStandbyWithin(Duration period) {
        long since = System.nanoTime() - period.toNanos();
        madeStandby.values().removeIf(at -> at < since);
        return Set.copyOf(madeStandby.keySet());
    }

    /** Returns how this node speaks TLS to other nodes' wire ports, or null when it has no TLS. */
    ClientTls clientTls() {
        return clientTls;
    }

    /** Returns the cluster this node belongs to. */
    public ClusterIdentity cluster() {
        return cluster;
    }

    /** Returns how many client connections this node's wire server holds open. */
    public int wireConnectionCount() {
        WireServer wire = wireServer;
        return wire == null ? 0 : wire.connectionCount();
    }

    /** Returns this node's Raft role. */
    public NodeRole role() {
        if (closed) {
            return NodeRole.STOPPED;
        }
        DivisionInfo info = info();
        if (info == null || !info.isAlive()) {
            return NodeRole.STOPPED;
        }
        return info.isLeader() ? NodeRole.LEADER : info.isCandidate() ? NodeRole.CANDIDATE : NodeRole.FOLLOWER;
    }

    /** Tells whether this node leads the cluster. */
    public boolean isLeader() {
        return role() == NodeRole.LEADER;
    }

    /** Returns the id of the leader this node knows of. */
    public Optional<String> leaderId() {
        DivisionInfo info = info();
        return info == null || info.getLeaderId() == null ? Optional.empty() : Optional.of(info.getLeaderId().toString());
    }

    /** Returns the current Raft term, or -1 when stopped. */
    public long term() {
        DivisionInfo info = info();
        return info == null ? -1 : info.getCurrentTerm();
    }

    /** Returns why this node stopped applying the log, if it did; such a node serves nothing until rebuilt. */
    public Optional<String> applyFailure() {
        return Optional.ofNullable(stateMachine.failure());
    }

    /** Returns the index of the last log entry applied to this node's databases. */
    public long appliedIndex() {
        return stateMachine.appliedIndex();
    }

    /** Registers {@code listener} to hear the id of each new leader (empty when none is known). */
    public void addLeaderListener(Consumer<Optional<String>> listener) {
        leaderListeners.add(listener);
    }

    /** Registers {@code listener} to hear this node's role whenever the leader changes. */
    public void addRoleListener(Consumer<NodeRole> listener) {
        roleListeners.add(listener);
    }

    /** Returns the applied file of {@code database}: the committed log, as SQLite would checkpoint it. */
    public Path appliedFile(String database) {
        return stateMachine.appliedFile(database);
    }

    /**
     * Writes {@code database} as this node has applied it to {@code destination}: one consistent SQLite file, taken
     * between two applied entries while writes go on, that any SQLite opens. It holds at least every entry this node
     * knew committed when called (on the leader: every acknowledged commit), waiting up to the apply timeout for them
     * to be applied; a follower's copy may lag the leader's by the entries it has not heard of yet. Returns the index
     * of the last log entry it holds, or -1 (and writes nothing) when the cluster has no such database.
     */
    public long backup(String database, Path destination) throws IOException {
        if (isLeader()) {
            // a leader just elected learns that its log's earlier entries are committed only when its own first
            // entry is: until then its commit index can lag what it acknowledged in an earlier term
            try {
                awaitLeaderReady();
            } catch (SQLException e) {
                throw new IOException("no backup of '" + database + "' taken: " + e.getMessage(), e);
            }
        }
        long committed = commitIndex();
        try {
            if (!stateMachine.awaitApplied(committed, config.timing().applyTimeout())) {
                throw new IOException("node " + id() + " has not applied the committed index " + committed + " within "
                        + config.timing().applyTimeout().toMillis() + " ms; no backup of '" + database + "' taken");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to back up '" + database + "'");
        }
        return stateMachine.copyAppliedFile(database, destination);
    }

    /**
     * Loads {@code backup} (a file {@link #backup} wrote, or any SQLite database) into {@code database} when the
     * cluster's copy of it holds no table yet; this node must lead. The pages reach every node through the log.
     *
     * @throws LeadershipLostException if this node does not lead
     * @throws SQLException naming the file if it is not a sound SQLite database with a table in it
     */
    public BackupRestore.Outcome restore(String database, Path backup) throws SQLException {
        return BackupRestore.into(database(database), backup);
    }

    /** Returns the latest snapshot, or null. */
    public SnapshotStore.Snapshot latestSnapshot() {
        return stateMachine.latestSnapshot();
    }

    /**
     * Returns the leader's handle on {@code database}, creating the database if the cluster has none
     * of that name; waits until every earlier log entry is applied.
     *
     * @throws LeadershipLostException if this node does not lead
     * @throws SQLException naming the setting if the name is not among the allowed ones, or creating the
     *     database would pass the cluster's limit on databases
     */
    public LeaderDatabase database(String name) throws SQLException {
        if (stateMachine.failure() != null) {
            throw new SQLException("node " + id() + " serves no database: " + stateMachine.failure());
        }
        return leaderDatabases.get(name, () -> {
            requireLeader();
            awaitLeaderReady();
        });
    }

    /** Opens a session on {@code database}; this node must lead. */
    public LeaderSession openSession(String database) throws SQLException {
        return new LeaderSession(database(database));
    }

    /**
     * Takes a snapshot of everything applied so far and returns its index once it is on disk. A snapshot
     * the state machine defers (a split transaction is half applied, e.g. until the leader's first entry
     * of a new term discards a dead leader's parts) is asked for again until the timeout.
     */
    public long takeSnapshot() throws IOException {
        long applied = appliedIndex();
        Duration timeout = config.timing().applyTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            RaftClientReply reply = client.getSnapshotManagementApi(RaftPeerId.valueOf(id())).create(timeout.toMillis());
            if (!reply.isSuccess()) {
                throw new IOException("snapshot on node " + id() + " failed: " + reply.getException());
            }
            long retryAt = Math.min(deadline, System.nanoTime() + SNAPSHOT_RETRY.toNanos());
            while (latestSnapshot() == null || latestSnapshot().index() < applied) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("snapshot on node " + id() + " did not reach index " + applied + " within "
                            + timeout.toMillis() + " ms");
                }
                if (System.nanoTime() > retryAt) {
                    break;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for a snapshot", e);
                }
            }
            if (latestSnapshot() != null && latestSnapshot().index() >= applied) {
                return latestSnapshot().index();
            }
        }
    }

    /**
     * Adds {@code member} to the cluster as a voter; call on the leader once the member's node is started.
     * A member that is far behind catches up by snapshot installation.
     */
    public void addMember(Member member) throws IOException, LeadershipLostException {
        addMember(member, MemberRole.VOTER);
    }

    /**
     * Adds {@code member} to the cluster as a voter, a standby (it receives the log but does not vote) or a spare (the
     * cluster knows it and may give it a role, but it neither votes nor receives the log); call on the leader once
     * the member's node is started.
     *
     * @throws LeadershipLostException if this node does not lead
     * @throws IllegalArgumentException if the member's id is taken
     */
    public void addMember(Member member, MemberRole role) throws IOException, LeadershipLostException {
        synchronized (memberChanges) {
            addMemberAlone(member, role);
        }
    }

    private void addMemberAlone(Member member, MemberRole role) throws IOException, LeadershipLostException {
        requireLeader();
        if (configurationPeer(member.id()) != null || spares().find(member.id()).isPresent()) {
            throw new IllegalArgumentException("node " + member.id() + " is already a member");
        }
        if (role == MemberRole.SPARE) {
            changeSpares("adding node " + member.id() + " as a spare", spares -> spares.with(spare(member)));
        } else {
            changeMembership("adding node " + member.id() + " as " + role, members -> {
                if (members.find(member.id()) != null) {
                    throw new IllegalArgumentException("node " + member.id() + " is already a member");
                }
                members.put(RaftWiring.peer(member), role);
            });
        }
        log.info("Node {} added node {} to the cluster as {}", id(), member.id(), role);
    }

    /**
     * Adds node {@code id} as a spare, its Raft address the default for {@code wireAddress} (port + {@value
     * Member#RAFT_PORT_OFFSET}), as the wire protocol's ADD does; call on the leader.
     */
    @Override
    public void addSpare(String id, String wireAddress) throws IOException, LeadershipLostException {
        addMember(Member.withDefaultRaftPort(id, wireAddress), MemberRole.SPARE);
    }

    /**
     * Makes member {@code memberId} a voter, a standby or a spare; call on the leader.
     *
     * @throws LeadershipLostException if this node does not lead
     * @throws IllegalArgumentException if it is not a member or is this leader
     */
    public void assign(String memberId, MemberRole role) throws IOException, LeadershipLostException {
        boolean changed;
        synchronized (memberChanges) {
            changed = assignAlone(memberId, role);
        }
        if (changed) {
            log.info("Node {} made node {} a {}", id(), memberId, role.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Makes member {@code memberId} a {@code role} only if it still has the role {@code seen} it had when the change
     * was decided, as {@link RoleKeeper} decides on a view an operator's change may have overtaken.
     *
     * @return whether the member still had the role seen and now has {@code role}
     */
    boolean assignIfStill(String memberId, MemberRole seen, MemberRole role)
            throws IOException, LeadershipLostException {
        synchronized (memberChanges) {
            return roleOf(memberId).filter(seen::equals).isPresent() && assignAlone(memberId, role);
        }
    }

    // the member's role in this node's configuration and list of spares; empty when neither lists it
    private Optional<MemberRole> roleOf(String memberId) {
        RaftPeer peer = configurationPeer(memberId);
        if (peer == null) {
            return spares().find(memberId).map(spare -> MemberRole.SPARE);
        }
        try {
            boolean voter = server.getDivision(group.getGroupId()).getRaftConf()
                    .getCurrentPeers(RaftPeerRole.FOLLOWER).contains(peer);
            return Optional.of(voter ? MemberRole.VOTER : MemberRole.STANDBY);
        } catch (IOException closed) {
            return Optional.empty();
        }
    }

    // returns whether it changed the member's role
    private boolean assignAlone(String memberId, MemberRole role) throws IOException, LeadershipLostException {
        requireLeader();
        if (memberId.equals(id())) {
            throw new IllegalArgumentException("node " + id() + " leads; transfer leadership before changing its role");
        }
        String what = "assigning node " + memberId + " the role " + role;
        RaftConfiguration conf = server.getDivision(group.getGroupId()).getRaftConf();
        RaftPeer peer = configurationPeer(memberId);
        if (peer == null) {
            peer = outForRoleChange.get(memberId);
        } else if (role != MemberRole.SPARE
                && conf.getCurrentPeers(RaftPeerRole.FOLLOWER).contains(peer) == (role == MemberRole.VOTER)) {
            return false;
        }
        Optional<SpareList.Spare> spare = spares().find(memberId);
        if (peer == null && spare.isEmpty()) {
            throw new IllegalArgumentException("node " + memberId + " is not a member of the cluster; add it");
        }
        if (role == MemberRole.SPARE) {
            if (peer != null) {
                makeSpare(peer, what);
            }
            return peer != null;
        }
        if (peer == null) {
            RaftPeer enlisted = RaftWiring.peer(new Member(memberId, spare.get().raftAddress(),
                    spare.get().wireAddress()));
            changeMembership(what, members -> members.put(enlisted, role));
            changeSpares(what, spares -> spares.without(memberId));
        } else {
            changeRole(peer, role, what);
            if (role == MemberRole.STANDBY) {
                madeStandby.put(memberId, System.nanoTime());
            }
        }
        return true;
    }

    // Ratis cannot move a member between voter and listener in one change: a leader elected while that change is
    // under way counts the member twice, fails to start, and leaves the cluster without a leader for good. So the
    // member leaves the configuration, then comes back in its new role
    private void changeRole(RaftPeer member, MemberRole role, String what) throws IOException {
        String memberId = member.getId().toString();
        outForRoleChange.put(memberId, member);
        changeMembership(what + " (taking it out first)", members -> members.remove(memberId));
        try {
            changeMembership(what, members -> members.put(member, role));
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "; node " + memberId + " is out of the cluster's configuration"
                    + " until it is assigned a role again", e);
        }
        outForRoleChange.remove(memberId);
    }

    // listed as a spare first, then out of the configuration: a failure between the two leaves it in its old role,
    // as the configuration wins over the list of spares
    private void makeSpare(RaftPeer member, String what) throws IOException {
        String memberId = member.getId().toString();
        changeSpares(what, spares -> spares.with(new SpareList.Spare(memberId, member.getAddress(),
                member.getClientAddress())));
        changeMembership(what, members -> members.remove(memberId));
        outForRoleChange.remove(memberId);
    }

    /**
     * Removes node {@code memberId} from the cluster: out of its configuration, or off its spares; call on the leader.
     * The removed node's process keeps running until its operator stops it, but it no longer votes or receives the
     * log.
     *
     * @throws LeadershipLostException if this node does not lead
     * @throws IllegalArgumentException if no such member exists, it is this leader (transfer leadership first), or
     *     it is the last voter
     */
    public void removeMember(String memberId) throws IOException, LeadershipLostException {
        synchronized (memberChanges) {
            removeMemberAlone(memberId);
        }
    }

    private void removeMemberAlone(String memberId) throws IOException, LeadershipLostException {
        requireLeader();
        if (memberId.equals(id())) {
            throw new IllegalArgumentException("node " + id() + " leads; transfer leadership to another node before"
                    + " removing it");
        }
        boolean listedSpare = stateMachine.spares().find(memberId).isPresent();
        if (configurationPeer(memberId) != null || !listedSpare) {
            changeMembership("removing node " + memberId, members -> {
                if (members.find(memberId) == null) {
                    throw new IllegalArgumentException("node " + memberId + " is not a member of the cluster");
                }
                members.remove(memberId);
            });
        }
        if (listedSpare) {
            changeSpares("removing node " + memberId, spares -> spares.without(memberId));
        }
        outForRoleChange.remove(memberId);
        log.info("Node {} removed node {} from the cluster", id(), memberId);
    }

    /** Returns the cluster's spare members: listed as spares, and not in the Raft configuration. */
    public SpareList spares() {
        SpareList listed = stateMachine.spares();
        SpareList spares = listed;
        for (SpareList.Spare spare : listed.spares()) {
            if (configurationPeer(spare.id()) != null) {
                spares = spares.without(spare.id());
            }
        }
        return spares;
    }

    private RaftPeer configurationPeer(String memberId) {
        try {
            return server.getDivision(group.getGroupId()).getRaftConf()
                    .getPeer(RaftPeerId.valueOf(memberId), RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER);
        } catch (IOException closed) {
            return null;
        }
    }

    private static SpareList.Spare spare(Member member) {
        return new SpareList.Spare(member.id(), member.raftAddress(), member.wireAddress());
    }

    // the list of spares is replicated whole: read as this leader applied it, changed, and committed through Raft, one
    // change at a time with the configuration changes (callers hold memberChanges)
    private void changeSpares(String what, UnaryOperator<SpareList> edit) throws IOException {
        try {
            awaitLeaderReady();
        } catch (SQLException e) {
            throw new IOException(what + " failed: " + e.getMessage(), e);
        }
        SpareList changed = edit.apply(stateMachine.spares());
        if (changed.equals(stateMachine.spares())) {
            return;
        }
        Duration timeout = config.timing().applyTimeout();
        try {
            request(Message.valueOf(UnsafeByteOperations.unsafeWrap(EntryCodec.encode(changed))),
                    RaftClientRequest.writeRequestType()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + what);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IOException(what + " failed: " + cause, cause);
        }
    }

    /** Returns whether this node's own Raft configuration lists it, as a voter or a standby. */
    boolean inOwnConfiguration() {
        try {
            return server.getDivision(group.getGroupId()).getRaftConf()
                    .getPeer(RaftPeerId.valueOf(id()), RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER) != null;
        } catch (IOException closed) {
            return false;
        }
    }

    /**
     * Returns whether this node is a voter in its own Raft configuration and Ratis runs it as one (with an election
     * timer), not as the standby it joined as.
     */
    boolean runsAsVoter() {
        try {
            RaftServer.Division division = server.getDivision(group.getGroupId());
            return division.getRaftConf().getCurrentPeers(RaftPeerRole.FOLLOWER).stream()
                    .anyMatch(peer -> peer.getId().toString().equals(id()))
                    && !division.getInfo().isListener();
        } catch (IOException closed) {
            return false;
        }
    }

    // one change at a time from this node (callers hold memberChanges), each made to the configuration current when
    // it is proposed
    private void changeMembership(String what, ConfigurationChange.Edit edit) throws IOException {
        RaftServer.Division division = server.getDivision(group.getGroupId());
        ConfigurationChange.apply(division::getRaftConf, client, config.timing().applyTimeout(), what, edit);
    }

    /**
     * Begins an orderly stop: stops reporting silent peers and, if this node leads, hands leadership to the
     * most caught-up peer that answered within an election timeout, waiting at most {@code timeout} for it
     * to take over, or steps down when none does or could hold a majority. Call {@link #close()} next.
     *
     * @return what became of this node's leadership, in the sentence it logs; empty when it did not lead
     */
    public Optional<String> handOverLeadership(Duration timeout) throws InterruptedException {
        if (closed) {
            return Optional.empty();
        }
        peerWatch.close();
        Optional<String> outcome = new LeadershipHandOver(id(), server, group.getGroupId(), this::status,
                config.timing().electionTimeoutMin()).run(timeout);
        outcome.ifPresent(log::info);
        return outcome;
    }

    /**
     * Before a stop, hands this voter's vote to a standby when the cluster keeps automatic roles: asks the leader to
     * make this node a standby, whereupon it promotes a standby at once, and waits until the cluster has as many
     * voters as before, for up to {@code timeout}. Does nothing on a leader (hand leadership over first), a standby,
     * or a cluster without standbys; returns what it did, for the log.
     */
    public Optional<String> handOverRole(Duration timeout) throws InterruptedException {
        if (config.roles() == null || closed || isLeader()) {
            return Optional.empty();
        }
        NodeStatus before = status();
        long voters = before.members().stream().filter(member -> member.role() == MemberRole.VOTER).count();
        boolean voter = before.members().stream()
                .anyMatch(member -> member.id().equals(id()) && member.role() == MemberRole.VOTER);
        boolean standby = before.members().stream().anyMatch(member -> member.role() == MemberRole.STANDBY);
        if (!voter || !standby || leaderId().isEmpty()) {
            return Optional.empty();
        }
        try {
            // the leader is known: a short wait for it, as a cluster stopping as a whole has none for long
            Duration leaderTimeout = config.timing().electionTimeoutMax().multipliedBy(2);
            new ClusterAdmin(before.members().stream().map(MemberStatus::address).toList(),
                    config.clientSettings().withLeaderTimeout(leaderTimeout))
                    .assign(WireIds.of(id()), io.dqlite.jdbc.protocol.NodeRole.STANDBY);
        } catch (SQLException | IOException e) {
            return Optional.of("Node " + id() + " stops as a voter: the leader did not make it a standby ("
                    + e.getMessage() + ")");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (status().members().stream().filter(member -> member.role() == MemberRole.VOTER).count() >= voters) {
                return Optional.of("Node " + id() + " handed its vote to a standby before stopping");
            }
            Thread.sleep(50);
        }
        return Optional.of("Node " + id() + " stops as a standby; no standby had become a voter within "
                + timeout.toMillis() + " ms");
    }

    /**
     * Stops the Raft server, then closes the leader databases (commits still waiting for Raft fail
     * with an unknown outcome) and the client. A leader that closes without {@link #handOverLeadership}
     * leaves its peers to elect a new leader once its heartbeats stop.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        boolean leading = isLeader();
        closed = true;
        peerWatch.close();
        if (roleKeeper != null) {
            roleKeeper.close();
        }
        if (wireServer != null) {
            wireServer.close();
        }
        try {
            closeRaftServer(leading);
        } finally {
            closeLeaderDatabases();
            client.close();
            stateMachine.close();
        }
        log.info("Node {} stopped", id());
    }

    private void closeRaftServer(boolean leading) throws IOException {
        // a leader closes at once, as in a crash: closing its RPC server first would leave it replicating, and
        // committing, for as long as that takes. Any other node stops its RPC server first, so that no heartbeat
        // reaches a closing server (Ratis logs an ERROR, with a stack trace, for each one)
        if (!leading) {
            try {
                server.getServerRpc().close();
            } catch (IOException e) {
                log.debug("Node {} could not stop its Raft RPC server ahead of the server", id(), e);
            }
        }
        server.close();
    }

    /** Appends {@code entry} through this server directly; the future completes once it is applied here. */
    private CompletableFuture<Void> submit(byte[] entry) {
        long started = System.nanoTime();
        // the entry is never changed after it is encoded, so Ratis may share its bytes
        return request(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)), RaftClientRequest.writeRequestType())
                .thenApply(reply -> {
                    Duration latency = Duration.ofNanos(System.nanoTime() - started);
                    for (ActivityListener listener : activityListeners) {
                        listener.committed(entry.length, latency);
                    }
                    return null;
                });
    }

    private CompletableFuture<RaftClientReply> request(Message message, RaftClientRequest.Type type) {
        RaftClientRequest request = new RaftClientRequest.Builder()
                .setClientId(clientId)
                .setServerId(RaftPeerId.valueOf(id()))
                .setGroupId(group.getGroupId())
                .setCallId(callIds.incrementAndGet())
                .setMessage(message)
                .setType(type)
                .build();
        try {
            return requestTarget().submitClientRequestAsync(request).thenApply(reply -> {
                if (!reply.isSuccess()) {
                    throw new CompletionException(reply.getException());
                }
                return reply;
            });
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Confirms that this node still leads: at once while Ratis' leader lease holds, else through Raft
     * (a ReadIndex request, which a lease renewed meanwhile may still answer without a round).
     */
    private void confirmLeadership() throws SQLException {
        if (leaseHolds()) {
            return;
        }
        try {
            request(Message.EMPTY, RaftClientRequest.readRequestType())
                    .get(config.timing().applyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while confirming leadership", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new LeadershipLostException("node " + id() + " could not confirm its leadership: " + cause,
                    leaderId().orElse(null));
        }
    }

    private void requireLeader() throws LeadershipLostException {
        if (!isLeader()) {
            throw new LeadershipLostException("node " + id() + " is not the leader", leaderId().orElse(null));
        }
    }

    /** Waits until this leader has applied every entry in its log, so its databases are current. */
    private void awaitLeaderReady() throws SQLException, IOException {
        Duration timeout = config.timing().applyTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!info().isLeaderReady()) {
                requireLeader();
                if (System.nanoTime() > deadline) {
                    throw new LeadershipLostException("leader " + id() + " did not become ready within "
                            + timeout.toMillis() + " ms", null);
                }
                Thread.sleep(5);
            }
            long last = server.getDivision(group.getGroupId()).getRaftLog().getLastEntryTermIndex().getIndex();
            if (!stateMachine.awaitApplied(last, timeout)) {
                throw new LeadershipLostException("leader " + id() + " did not apply its log up to index " + last
                        + " within " + timeout.toMillis() + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for leader readiness", e);
        }
        if (stateMachine.failure() != null) {
            throw new SQLException(stateMachine.failure());
        }
    }

    private void leaderChanged(String leader) {
        logLeader(leader);
        if (!id().equals(leader)) {
            // off Ratis' thread: closing waits for work in progress
            Thread stepDown = new Thread(this::closeLeaderDatabases, "dqlite-step-down-" + id());
            stepDown.setDaemon(true);
            stepDown.start();
        }
        for (Consumer<Optional<String>> listener : leaderListeners) {
            listener.accept(Optional.ofNullable(leader));
        }
        NodeRole role = id().equals(leader) ? NodeRole.LEADER : closed ? NodeRole.STOPPED : NodeRole.FOLLOWER;
        for (Consumer<NodeRole> listener : roleListeners) {
            listener.accept(role);
        }
    }

    // Ratis keeps running a voter made a standby (or removed) as a follower until it restarts, and a follower that
    // finds itself outside the voters when it stands for election shuts its Raft server down for good: such a node
    // never stands for election, and one made a voter again does
    // A node listed as a spare stops standing for election as soon as it applies that list, before the leader takes
    // it out of the configuration: the configuration change may never reach it, and campaigning, it would be told by
    // the leader to shut its Raft server down for good
    private void membershipApplied() {
        boolean voter;
        try {
            RaftConfiguration conf = server.getDivision(group.getGroupId()).getRaftConf();
            voter = conf.getLogEntryIndex() > standingAsideThrough && conf.getAllPeers(RaftPeerRole.FOLLOWER).stream()
                    .anyMatch(peer -> peer.getId().toString().equals(id()))
                    && stateMachine.spares().find(id()).isEmpty();
        } catch (IOException stopped) {
            return;
        }
        electionsPaused(voter);
    }

    // until the leader's log makes it a voter again, past what its own log holds now
    private void standAside(String why) throws IOException {
        RaftServer.Division division = server.getDivision(group.getGroupId());
        standingAsideThrough = division.getRaftLog().getLastEntryTermIndex() == null ? -1
                : division.getRaftLog().getLastEntryTermIndex().getIndex();
        log.info("Node {} restarts without standing for election: {}", id(), why);
        electionsPaused(false);
    }

    private void electionsPaused(boolean voter) {
        if (electionsPaused.getAndSet(!voter) == !voter) {
            return;
        }
        RaftPeerId self = RaftPeerId.valueOf(id());
        long callId = callIds.incrementAndGet();
        try {
            server.leaderElectionManagement(voter
                    ? LeaderElectionManagementRequest.newResume(clientId, self, group.getGroupId(), callId)
                    : LeaderElectionManagementRequest.newPause(clientId, self, group.getGroupId(), callId));
            log.info(voter ? "Node {} stands for election: it is a voter"
                    : "Node {} does not stand for election while it is not a voter", id());
        } catch (IOException e) {
            log.warn("Node {} could not {} its elections: {}", id(), voter ? "resume" : "pause", e.getMessage());
        }
    }

    private void logLeader(String leader) {
        if (String.valueOf(leader).equals(loggedLeader.getAndSet(String.valueOf(leader)))) {
            return;
        }
        long term = term();
        String inTerm = term < 0 ? "" : " in term " + term;
        if (leader == null) {
            log.info("Node {} knows no leader{}", id(), inTerm);
        } else if (leader.equals(id())) {
            log.info("Node {} leads the cluster{}", id(), inTerm);
        } else {
            log.info("Node {} follows node {}{}", id(), leader, inTerm);
        }
    }

    private void closeLeaderDatabases() {
        leaderDatabases.closeAll();
    }

    /**
     * Returns where this node's own requests go: its member of the group itself, which appends a write on the
     * calling thread, when Ratis lets it; else the server, which first hands each request to a thread of its
     * own and blocks the caller until that thread has appended it (a hand-off measured at tens of microseconds).
     */
    private RaftClientAsynchronousProtocol requestTarget() {
        RaftClientAsynchronousProtocol target = requestTarget;
        if (target == null) {
            try {
                RaftServer.Division division = server.getDivision(group.getGroupId());
                target = division instanceof RaftClientAsynchronousProtocol direct ? direct : server;
                requestTarget = target;
            } catch (IOException e) {
                // the server is not running (yet, or any more): it answers the request itself
                return server;
            }
        }
        return target;
    }

    /** Tells whether Ratis' leader lease lets this node confirm its leadership now without a Raft round. */
    boolean leaseHolds() {
        return leaderLease().map(RatisLeaderLease::holds).orElse(false);
    }

    private Optional<RatisLeaderLease> leaderLease() {
        RatisLeaderLease lease = leaderLease;
        if (lease == null && RatisLeaderLease.available()) {
            try {
                lease = new RatisLeaderLease(server.getDivision(group.getGroupId()));
                leaderLease = lease;
            } catch (IOException e) {
                // the server is not running (yet, or any more): nothing can be confirmed without a round
            }
        }
        return Optional.ofNullable(lease);
    }

    private DivisionInfo info() {
        try {
            return server.getDivision(group.getGroupId()).getInfo();
        } catch (IOException e) {
            return null;
        }
    }

    /** Returns what this node knows about itself and its cluster now. */
    public NodeStatus status() {
        RaftServer.Division division = null;
        if (!closed) {
            try {
                division = server.getDivision(group.getGroupId());
            } catch (IOException e) {
                // the server is stopping: report the configured members only
            }
        }
        return new NodeStatusReader(config, cluster, stateMachine).read(role(), division);
    }

    /** Returns the highest log index this node knows to be committed, or -1 when stopped. */
    public long commitIndex() {
        if (closed) {
            return -1;
        }
        try {
            return server.getDivision(group.getGroupId()).getRaftLog().getLastCommittedIndex();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Registers {@code listener} to hear of this node's commits and snapshots. */
    public void addActivityListener(ActivityListener listener) {
        activityListeners.add(listener);
        stateMachine.addActivityListener(listener);
    }

    /**
     * Asks the leader to hand leadership to member {@code nodeId} and waits until it has, at most {@code timeout}.
     *
     * @throws IllegalArgumentException if {@code nodeId} is not a member of the cluster
     * @throws IOException if no leader is known or the transfer did not complete in time
     */
    public void transferLeadership(String nodeId, Duration timeout) throws IOException {
        if (status().members().stream().noneMatch(member -> member.id().equals(nodeId))) {
            throw new IllegalArgumentException("node " + nodeId + " is not a member of the cluster");
        }
        String leader = leaderId().orElseThrow(() -> new IOException("node " + id() + " knows no leader"));
        RaftClientReply reply = client.admin().transferLeadership(RaftPeerId.valueOf(nodeId),
                RaftPeerId.valueOf(leader), timeout.toMillis());
        if (!reply.isSuccess()) {
            throw new IOException("transferring leadership from node " + leader + " to node " + nodeId + " failed: "
                    + reply.getException());
        }
        log.info("Node {} saw leadership transferred from node {} to node {}", id(), leader, nodeId);
    }
}
