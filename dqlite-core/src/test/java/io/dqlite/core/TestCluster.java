package io.dqlite.core;

import io.dqlite.core.replication.ReplicationSettings;
import io.dqlite.core.server.WireServerSettings;
import io.dqlite.core.status.MemberRole;
import io.dqlite.core.status.MemberStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Nodes of one cluster in this JVM, on free ports of 127.0.0.1, each with its own data directory. */
public final class TestCluster implements AutoCloseable {

    private static final java.util.Set<Integer> USED_PORTS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final Map<Path, TestCluster> CLUSTERS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path directory;
    private final List<Member> members = new ArrayList<>();
    private final Map<String, Node> running = new LinkedHashMap<>();
    private RaftTiming timing;
    private WireServerSettings server = WireServerSettings.defaults();
    private ReplicationSettings replication = ReplicationSettings.defaults();
    private String clusterName;
    private io.dqlite.core.tls.NodeTls tls;
    private io.dqlite.core.raft.RaftTransport raftTransport;

    public TestCluster(Path directory, int size, RaftTiming timing) throws IOException {
        this.directory = directory;
        this.timing = timing;
        for (int i = 1; i <= size; i++) {
            members.add(new Member(Integer.toString(i), "127.0.0.1:" + freePort(), "127.0.0.1:" + freePort()));
        }
        CLUSTERS.put(directory, this);
    }

    /** Returns a cluster of the same members and timing in {@code directory}, whose nodes keep their data. */
    public static TestCluster reopen(Path directory) {
        TestCluster previous = CLUSTERS.get(directory);
        if (previous == null) {
            throw new IllegalStateException("no cluster ran in " + directory);
        }
        return new TestCluster(directory, previous.members, previous.timing);
    }

    /** Returns a new cluster in {@code directory} whose members have the addresses of {@code other}'s. */
    public static TestCluster withMembersOf(Path directory, TestCluster other) {
        TestCluster cluster = new TestCluster(directory, other.members, other.timing);
        CLUSTERS.put(directory, cluster);
        return cluster;
    }

    private TestCluster(Path directory, List<Member> members, RaftTiming timing) {
        this.directory = directory;
        this.members.addAll(members);
        this.timing = timing;
        CLUSTERS.put(directory, this);
    }

    /** Election timeouts short enough for quick tests yet safe on a loaded 2-core machine. */
    public static RaftTiming testTiming() {
        return RaftTiming.defaults().withElectionTimeouts(Duration.ofMillis(600), Duration.ofMillis(1200));
    }

    /** Adds a member that no node knows yet and returns it; start it with {@link #start(String)}. */
    public Member newMember() throws IOException {
        Member member = new Member(Integer.toString(members.size() + 1), "127.0.0.1:" + freePort(),
                "127.0.0.1:" + freePort());
        members.add(member);
        return member;
    }

    public void startAll() throws IOException {
        for (Member member : members) {
            start(member.id());
        }
    }

    /** Changes the timing of nodes started from now on. */
    public void setTiming(RaftTiming timing) {
        this.timing = timing;
    }

    /** Changes the wire server's limits of nodes started from now on. */
    public void setServer(WireServerSettings server) {
        this.server = server;
    }

    /** Gives nodes started from now on TLS on both ports, or none if {@code tls} is null. */
    public void setTls(io.dqlite.core.tls.NodeTls tls) {
        this.tls = tls;
    }

    /** Makes nodes started from now on send Raft messages on {@code transport}, or on the default if null. */
    public void setRaftTransport(io.dqlite.core.raft.RaftTransport transport) {
        this.raftTransport = transport;
    }

    /** Names the cluster of nodes started from now on. */
    public void setClusterName(String name) {
        this.clusterName = name;
    }

    /** Returns the data directory of node {@code id}. */
    public Path dataDirectory(String id) {
        return directory.resolve("node-" + id);
    }

    /** Changes how the leader runs its databases on nodes started from now on. */
    public void setReplication(ReplicationSettings replication) {
        this.replication = replication;
    }

    public Node start(String id) throws IOException {
        Node node = Node.start(new NodeConfig(id, dataDirectory(id), members, timing, replication)
                .withServer(server).withClusterName(clusterName).withTls(tls).withRaftTransport(raftTransport));
        running.put(id, node);
        return node;
    }

    public void stop(String id) throws IOException {
        Node node = running.remove(id);
        if (node != null) {
            node.close();
        }
    }

    /** Returns every member, running or not. */
    public List<Member> members() {
        return List.copyOf(members);
    }

    public Node node(String id) {
        return running.get(id);
    }

    public List<Node> nodes() {
        return List.copyOf(running.values());
    }

    /** Waits for a leader among the running nodes that all running nodes agree on. */
    public Node awaitLeader(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Node> leader = running.values().stream().filter(Node::isLeader).findFirst();
            if (leader.isPresent() && running.values().stream()
                    .allMatch(node -> node.leaderId().equals(Optional.of(leader.get().id())))) {
                return leader.get();
            }
            pause();
        }
        throw new AssertionError("no leader agreed on within " + timeout.toMillis() + " ms");
    }

    /** Returns the role {@code node} sees member {@code id} in, or null when it does not list it. */
    public static MemberRole roleSeenBy(Node node, String id) {
        return node.status().members().stream().filter(member -> member.id().equals(id))
                .map(MemberStatus::role).findFirst().orElse(null);
    }

    /** Waits until {@code condition} holds. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() throws IOException {
        for (String id : List.copyOf(running.keySet())) {
            stop(id);
        }
    }

    /**
     * Returns a member no node knows yet, on 127.0.0.1 with the default Raft port (wire port + 1000), as a node that
     * joins through the wire protocol must have.
     */
    public static Member joiningMember(String id) throws IOException {
        while (true) {
            int wire = freePort();
            if (wire + Member.RAFT_PORT_OFFSET > 65535 || !USED_PORTS.add(wire + Member.RAFT_PORT_OFFSET)) {
                continue;
            }
            try (ServerSocket raft = new ServerSocket(wire + Member.RAFT_PORT_OFFSET, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                return Member.withDefaultRaftPort(id, "127.0.0.1:" + wire);
            } catch (IOException taken) {
                // another process holds it: try another pair
            }
        }
    }

    /** Returns a port free on 127.0.0.1 that this JVM has not handed out before. */
    private static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                if (USED_PORTS.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
