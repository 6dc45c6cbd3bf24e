package io.dqlite.benchmarks;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.NodeConfig;
import io.dqlite.core.RaftTiming;
import io.dqlite.core.replication.ReplicationSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Three nodes in this JVM on free ports of 127.0.0.1, in a temporary directory that closing removes. */
final class BenchmarkCluster implements AutoCloseable {

    private final Path directory;
    private final List<Member> members = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();

    private BenchmarkCluster(Path directory) {
        this.directory = directory;
    }

    /** Starts the cluster, each node's configuration changed by {@code configure}, and waits for its leader. */
    static BenchmarkCluster start(UnaryOperator<NodeConfig> configure) throws IOException, InterruptedException {
        BenchmarkCluster cluster = new BenchmarkCluster(Files.createTempDirectory("dqlite-bench"));
        try {
            for (int i = 1; i <= 3; i++) {
                cluster.members.add(new Member(Integer.toString(i), "127.0.0.1:" + freePort(),
                        "127.0.0.1:" + freePort()));
            }
            for (Member member : cluster.members) {
                cluster.nodes.add(Node.start(configure.apply(new NodeConfig(member.id(),
                        cluster.directory.resolve("node-" + member.id()), cluster.members, RaftTiming.defaults(),
                        ReplicationSettings.defaults()))));
            }
            cluster.leader();
            return cluster;
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    /** Returns the leader, waiting up to 30 s for one. */
    Node leader() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Node node : nodes) {
                if (node.isLeader()) {
                    return node;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no leader within 30 s");
    }

    /** Returns the wire address of the leader. */
    String leaderAddress() throws InterruptedException {
        String id = leader().id();
        return members.stream().filter(member -> member.id().equals(id)).findFirst().orElseThrow().wireAddress();
    }

    @Override
    public void close() throws IOException {
        for (Node node : nodes) {
            node.close();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
