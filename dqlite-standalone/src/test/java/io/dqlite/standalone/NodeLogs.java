package io.dqlite.standalone;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** Waits on conditions over a set of node processes, failing with every node's output. */
final class NodeLogs {

    private final Map<String, NodeProcess> nodes;
    private final Duration timeout;

    /** Reports the output of {@code nodes} (by id, as they are at failure time) and waits up to {@code timeout}. */
    NodeLogs(Map<String, NodeProcess> nodes, Duration timeout) {
        this.nodes = nodes;
        this.timeout = timeout;
    }

    /** Polls {@code attempt} until it returns non-null without throwing; fails with the last error and the logs. */
    <T> T await(String what, Callable<T> attempt) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                T result = attempt.call();
                if (result != null) {
                    return result;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; last error: " + last + all(),
                last);
    }

    /** Returns every node's output, each under its id. */
    String all() {
        StringBuilder logs = new StringBuilder();
        nodes.forEach((id, node) -> logs.append("\n--- node ").append(id).append(" ---\n").append(node.output()));
        return logs.toString();
    }
}
