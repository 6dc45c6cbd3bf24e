package io.dqlite.spring.autoconfigure;

import io.dqlite.core.Node;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.InitializingBean;

/**
 * Holds up the beans that depend on it, such as schema migrations, until the cluster has a leader to
 * execute their SQL.
 */
public class LeaderAwait implements InitializingBean {

    private final Node node;
    private final Duration timeout;

    /**
     * Creates a wait for a leader.
     *
     * @param node the local node
     * @param timeout how long to wait before start-up fails
     */
    public LeaderAwait(Node node, Duration timeout) {
        this.node = node;
        this.timeout = timeout;
    }

    /** Waits until the node knows a leader, or fails naming the timeout's property. */
    @Override
    public void afterPropertiesSet() throws InterruptedException {
        CountDownLatch elected = new CountDownLatch(1);
        node.addLeaderListener(leader -> leader.ifPresent(id -> elected.countDown()));
        if (node.leaderId().isPresent()) {
            return;
        }
        if (!elected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("dqlite node " + node.id() + " saw no leader elected within "
                    + timeout.toMillis() + " ms (dqlite.startup.leader-timeout); start a majority of dqlite.members "
                    + node.status().members().stream().map(member -> member.id()).toList());
        }
    }
}
