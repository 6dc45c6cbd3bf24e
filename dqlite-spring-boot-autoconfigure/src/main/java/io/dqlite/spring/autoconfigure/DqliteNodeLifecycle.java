package io.dqlite.spring.autoconfigure;

import io.dqlite.core.Node;
import io.dqlite.core.NodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the embedded dqlite node: starts it before the web server (or earlier, when a bean such as the
 * DataSource needs it while the context refreshes) and stops it after the web server, handing leadership
 * to a live peer first when it leads.
 */
public class DqliteNodeLifecycle implements SmartLifecycle, DisposableBean {

    /** Below the web server's start-stop phase ({@code DEFAULT_PHASE - 2048}): starts before it, stops after it. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log logger = LogFactory.getLog(DqliteNodeLifecycle.class);
    /** The least time a stopping voter waits for a standby to take its vote (two configuration changes each way). */
    private static final Duration ROLE_HAND_OVER_TIMEOUT = Duration.ofSeconds(10);

    private final NodeConfig config;
    private final List<String> join;
    private final Runnable environmentCheck;
    private final Duration transferTimeout;
    private Node node;
    private boolean running;

    /**
     * Creates the lifecycle of a node.
     *
     * @param config the node's configuration
     * @param environmentCheck run before the node starts; throws if its directory or addresses are unusable
     * @param transferTimeout how long stopping waits for a peer to take over leadership
     */
    public DqliteNodeLifecycle(NodeConfig config, Runnable environmentCheck, Duration transferTimeout) {
        this(config, List.of(), environmentCheck, transferTimeout);
    }

    /**
     * Creates the lifecycle of a node that joins the cluster of the members at {@code join} (wire addresses), or
     * starts as {@code config} says when {@code join} is empty.
     *
     * @param config the node's configuration
     * @param join wire addresses of running members of the cluster to join; empty to start from the configuration
     * @param environmentCheck run before the node starts; throws if its directory or addresses are unusable
     * @param transferTimeout how long stopping waits for a peer to take over leadership
     */
    public DqliteNodeLifecycle(NodeConfig config, List<String> join, Runnable environmentCheck,
            Duration transferTimeout) {
        this.config = config;
        this.join = List.copyOf(join);
        this.environmentCheck = environmentCheck;
        this.transferTimeout = transferTimeout;
    }

    /** Returns the running node, starting it if it has not started yet. */
    public synchronized Node node() {
        start();
        return node;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (node != null) {
            throw new IllegalStateException("dqlite node " + config.nodeId() + " was stopped and is not restarted");
        }
        environmentCheck.run();
        try {
            node = join.isEmpty() ? Node.start(config) : Node.join(config, join);
        } catch (IOException e) {
            throw new UncheckedIOException("dqlite node " + config.nodeId() + " failed to start: " + e.getMessage(), e);
        }
        running = true;
        if (config.members().size() == 1 && join.isEmpty()) {
            // the node says where it runs; this says why it runs alone
            logger.info("dqlite runs as a single-node cluster; list dqlite.members to form a cluster");
        }
    }

    /**
     * Returns false: a paused context (Spring's test context cache pauses the contexts it is not using) keeps its
     * node running, since the node, which other beans hold, is not started again once stopped.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            node.handOverLeadership(transferTimeout);
            node.handOverRole(ROLE_HAND_OVER_TIMEOUT.compareTo(transferTimeout) > 0 ? ROLE_HAND_OVER_TIMEOUT
                    : transferTimeout).ifPresent(logger::info);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            node.close();
        } catch (IOException e) {
            logger.warn("dqlite node " + config.nodeId() + " did not stop cleanly: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Stops the node if the context is closed without stopping its lifecycle, e.g. when its refresh failed. */
    @Override
    public void destroy() {
        stop();
    }
}
