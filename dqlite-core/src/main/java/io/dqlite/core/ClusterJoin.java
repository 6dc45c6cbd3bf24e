package io.dqlite.core;

import io.dqlite.core.raft.ClusterIdentity;
import io.dqlite.jdbc.client.ClusterAdmin;
import io.dqlite.jdbc.protocol.NodeRole;
import io.dqlite.jdbc.protocol.Response;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The steps that make a started node a member of a running cluster, asked through the wire port of any member: ADD
 * (it becomes a spare), then ASSIGN voter unless automatic roles leave its role to the leader. Each step is tried again
 * while the cluster cannot make it yet (a leader election, another node joining at the same moment) and counts as done
 * once the cluster lists the node (ADD) or its own configuration makes it a voter (ASSIGN), so that an answer lost
 * with its leader does not fail the join.
 */
final class ClusterJoin {

    private static final long RETRY_PAUSE_MILLIS = 100;

    private final ClusterAdmin admin;
    private final long wireId;
    private final String address;
    private final Duration timeout;
    private final long deadline;

    /** A join that gives up once {@code timeout} has passed from now, with the last error. */
    ClusterJoin(ClusterAdmin admin, long wireId, String address, Duration timeout) {
        this.admin = admin;
        this.wireId = wireId;
        this.address = address;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /** Returns the cluster the contacts belong to, asking again while none of them answers (they may be starting). */
    ClusterIdentity identify() throws SQLException, IOException {
        while (true) {
            try {
                Response.Identity identity = admin.identify();
                try {
                    return ClusterIdentity.parse(identity.clusterId(), identity.clusterName());
                } catch (IllegalArgumentException e) {
                    throw new SQLException("the contacts answered a cluster id that is not one: " + e.getMessage(), e);
                }
            } catch (SQLTransientException unreachable) {
                if (System.nanoTime() > deadline) {
                    throw unreachable;
                }
                pause();
            }
        }
    }

    /**
     * Adds {@code node} to the cluster as a spare, then, unless {@code asSpare} (the leader keeps automatic roles and
     * gives spares roles itself), makes it a voter; fails once the timeout has passed with the last error.
     */
    void run(Node node, boolean asSpare) throws SQLException, IOException {
        step(deadline, () -> admin.add(wireId, address), () -> node.inOwnConfiguration() || listed());
        if (asSpare) {
            return;
        }
        step(deadline, () -> admin.assign(wireId, NodeRole.VOTER), node::runsAsVoter);
        if (!await(deadline, node::runsAsVoter)) {
            throw new IOException("node " + node.id() + " was made a voter but did not run as one within "
                    + timeout.toMillis() + " ms");
        }
    }

    // whether the cluster's leader lists the node, as a spare or in a role
    private boolean listed() {
        try {
            return admin.members().stream().anyMatch(member -> member.id() == wireId);
        } catch (SQLException unknownYet) {
            return false;
        }
    }

    @FunctionalInterface
    private interface Request {
        void send() throws SQLException;
    }

    private void step(long deadline, Request request, BooleanSupplier done) throws SQLException, IOException {
        while (true) {
            try {
                request.send();
                return;
            } catch (SQLTransientException busy) {
                // a leader election or another change under way: the request may even have been made
                if (done.getAsBoolean()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw busy;
                }
                pause();
            } catch (SQLException refused) {
                // refused, unless an earlier attempt whose answer was lost already made the change
                if (!await(Math.min(deadline, System.nanoTime() + Duration.ofSeconds(2).toNanos()), done)) {
                    throw refused;
                }
                return;
            }
        }
    }

    private static boolean await(long deadline, BooleanSupplier done) throws InterruptedIOException {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause();
        }
        return true;
    }

    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while joining the cluster");
        }
    }
}
