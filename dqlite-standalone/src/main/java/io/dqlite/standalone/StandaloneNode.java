package io.dqlite.standalone;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.NodeConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one dqlite node from command-line flags and environment variables (see {@link StandaloneOption}) until
 * the process is told to stop (SIGTERM, Ctrl-C), then closes the node. Exits with 2 for invalid settings,
 * naming the flag or variable, and with 1 when the node cannot start.
 */
public final class StandaloneNode {

    /** Exit status for a flag or environment variable whose value cannot be used. */
    public static final int INVALID_SETTINGS = 2;

    /** Exit status for a node that could not start, e.g. because its address is taken. */
    public static final int START_FAILED = 1;

    private static final Logger log = LoggerFactory.getLogger(StandaloneNode.class);
    /** How long a stopping node waits for its leadership, then its vote, to pass to another node. */
    private static final Duration HAND_OVER_TIMEOUT = Duration.ofSeconds(3);

    private final Node node;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StandaloneNode(Node node) {
        this.node = node;
    }

    /** Starts the node the arguments and environment describe, and returns only once it has stopped. */
    public static void main(String[] args) throws InterruptedException {
        NodeConfig config;
        List<String> join;
        boolean recover;
        try {
            OptionValues values = OptionValues.parse(List.of(args), System.getenv());
            if (values.helpRequested()) {
                System.out.print(StandaloneOption.usage());
                return;
            }
            values.unknownVariables().forEach(name -> log.warn("{} is not a setting of the dqlite node and is ignored;"
                    + " run with --help to list them", name));
            NodeConfigReader reader = new NodeConfigReader(values);
            config = reader.read();
            join = reader.join();
            recover = reader.recover();
        } catch (InvalidOptionException e) {
            System.err.println("dqlite-standalone: " + e.getMessage());
            System.err.println("Run with --help to list every flag and environment variable.");
            System.exit(INVALID_SETTINGS);
            return;
        }
        if (recover) {
            recover(config);
            return;
        }
        StandaloneNode standalone;
        try {
            standalone = new StandaloneNode(join.isEmpty() ? Node.start(config) : Node.join(config, join));
        } catch (IOException | RuntimeException e) {
            log.error("dqlite node {} failed to start: {}", config.nodeId(), e.getMessage());
            System.exit(START_FAILED);
            return;
        }
        standalone.run(config);
    }

    private static void recover(NodeConfig config) {
        try {
            long index = Node.recover(config);
            log.info("dqlite node {} is now the only voter of its cluster (configuration at index {}); start it again"
                    + " without --recover, then join new nodes to it", config.nodeId(), index);
        } catch (IOException | RuntimeException e) {
            log.error("dqlite node {} could not be recovered: {}", config.nodeId(), e.getMessage());
            System.exit(START_FAILED);
        }
    }

    private void run(NodeConfig config) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "dqlite-standalone-stop"));
        Member self = config.self();
        log.info("dqlite node {} started: clients reach it at {} (listening on {}), Raft on {}, data in {}, cluster {}",
                self.id(), self.wireAddress(), config.wireListenAddress(), self.raftAddress(), config.dataDirectory(),
                config.members().stream().map(member -> member.id() + "=" + member.wireAddress()).toList());
        node.addLeaderListener(this::logLeader);
        // a leader elected before the listener was added is reported once here
        node.leaderId().ifPresent(leader -> logLeader(Optional.of(leader)));
        stopped.await();
    }

    private void logLeader(Optional<String> leader) {
        if (leader.isPresent()) {
            log.info("dqlite node {}: node {} leads", node.id(), leader.get());
        } else {
            log.info("dqlite node {}: no leader known", node.id());
        }
    }

    private void stop() {
        log.info("dqlite node {} stopping", node.id());
        try {
            node.handOverLeadership(HAND_OVER_TIMEOUT);
            node.handOverRole(HAND_OVER_TIMEOUT.multipliedBy(3)).ifPresent(log::info);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            node.close();
            log.info("dqlite node {} stopped", node.id());
        } catch (IOException | RuntimeException e) {
            log.warn("dqlite node {} did not stop cleanly: {}", node.id(), e.getMessage());
        } finally {
            stopped.countDown();
        }
    }

}
