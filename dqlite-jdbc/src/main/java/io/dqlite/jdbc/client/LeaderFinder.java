package io.dqlite.jdbc.client;

import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.io.IOException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the leader among a list of nodes: asks each node who leads, follows the answer, and accepts
 * a node only when it names itself; retries with backoff until the leader timeout.
 *
 * <p>No node gets more than {@link #ASK_TIMEOUT} of a round: a paused node still accepts
 * connections but never answers, and must not hold up the others. The leader last found for a
 * list of addresses is remembered across finders, so each new connection asks it first.
 */
final class LeaderFinder {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderFinder.class);
    /** How long one node may take to say who leads before the next node is asked. */
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(1);
    private static final Map<List<NodeAddress>, NodeAddress> KNOWN_LEADERS = new ConcurrentHashMap<>();

    private final List<NodeAddress> addresses;
    private final ClientSettings settings;

    LeaderFinder(List<NodeAddress> addresses, ClientSettings settings) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no node addresses given; name at least one host:port");
        }
        this.addresses = List.copyOf(addresses);
        this.settings = settings;
    }

    /** Returns a connection to the leader, or fails naming every address tried and the last error. */
    NodeConnection connect() throws SQLTransientConnectionException {
        long deadline = System.nanoTime() + settings.leaderTimeout().toNanos();
        Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), ThreadLocalRandom.current());
        Map<String, String> errors = new LinkedHashMap<>();
        String lastError = "none";
        for (int round = 0; ; round++) {
            for (NodeAddress address : candidates()) {
                if (System.nanoTime() >= deadline) {
                    break;
                }
                try {
                    NodeConnection leader = tryNode(address, deadline);
                    if (leader != null) {
                        KNOWN_LEADERS.put(addresses, leader.address());
                        return leader;
                    }
                    lastError = address + " knows no leader";
                } catch (IOException e) {
                    lastError = address + ": " + e;
                    KNOWN_LEADERS.remove(addresses, address);
                }
                errors.put(address.toString(), lastError);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SQLTransientConnectionException("found no dqlite leader within " + settings.leaderTimeout()
                        + "; tried " + errors.keySet() + "; last error: " + lastError, "08001", SqliteErrors.SQLITE_CANTOPEN);
            }
            pause(Math.min(left, backoff.delay(round).toNanos()));
        }
    }

    /**
     * Asks the other nodes who leads and throws if one of them names another node that confirms it
     * leads; returns when they name {@code node}, none, or a node that does not confirm.
     */
    void confirmLeads(NodeAddress node) throws IOException {
        for (NodeAddress other : addresses) {
            if (other.equals(node)) {
                continue;
            }
            long deadline = System.nanoTime() + ASK_TIMEOUT.toNanos();
            NodeAddress named;
            try (NodeConnection asked = NodeConnection.open(other, settings, connectTimeout(deadline))) {
                named = askLeader(asked, deadline);
            } catch (IOException e) {
                continue;
            }
            if (named == null || named.equals(node)) {
                // no news: never dial the node in question, which may be unreachable
                continue;
            }
            NodeAddress leader;
            try (NodeConnection confirmed = tryNode(named, System.nanoTime() + ASK_TIMEOUT.toNanos())) {
                leader = confirmed == null ? null : confirmed.address();
            } catch (IOException e) {
                continue;
            }
            if (leader != null && !leader.equals(node)) {
                KNOWN_LEADERS.put(addresses, leader);
                throw new IOException("node " + node + " no longer leads: node " + leader + " does");
            }
        }
    }

    private List<NodeAddress> candidates() {
        List<NodeAddress> candidates = new ArrayList<>(addresses);
        NodeAddress leader = KNOWN_LEADERS.get(addresses);
        if (leader != null) {
            candidates.remove(leader);
            candidates.add(0, leader);
        }
        return candidates;
    }

    /** Asks {@code address} for the leader and returns a verified connection to it, or null if none is known. */
    private NodeConnection tryNode(NodeAddress address, long deadline) throws IOException {
        deadline = Math.min(deadline, System.nanoTime() + ASK_TIMEOUT.toNanos());
        NodeConnection connection = NodeConnection.open(address, settings, connectTimeout(deadline));
        NodeAddress reported;
        try {
            reported = askLeader(connection, deadline);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        if (reported == null || reported.equals(address)) {
            if (reported == null) {
                connection.close();
                return null;
            }
            return connection;
        }
        connection.close();
        LOG.debug("{} names {} as the leader", address, reported);
        NodeConnection leader = NodeConnection.open(reported, settings, connectTimeout(deadline));
        try {
            if (reported.equals(askLeader(leader, deadline))) {
                return leader;
            }
        } catch (IOException | RuntimeException e) {
            leader.close();
            throw e;
        }
        leader.close();
        return null;
    }

    private static NodeAddress askLeader(NodeConnection connection, long deadline) throws IOException {
        connection.useReadTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE,
                Duration.ofNanos(deadline - System.nanoTime()).toMillis())));
        Response response = connection.call(new Request.Leader());
        connection.useReadTimeout(0);
        if (response instanceof Response.Server server) {
            if (server.address().isEmpty()) {
                return null;
            }
            try {
                return NodeAddress.parse(server.address());
            } catch (IllegalArgumentException e) {
                throw new IOException("node " + connection.address() + " reported a leader at an unusable address: "
                        + e.getMessage());
            }
        }
        if (response instanceof Response.Failure failure) {
            throw new IOException("LEADER failed with code " + failure.code() + ": " + failure.message());
        }
        throw new IOException("LEADER was answered with a message of type " + response.type());
    }

    private Duration connectTimeout(long deadline) {
        long left = Math.max(1, deadline - System.nanoTime());
        return Duration.ofNanos(Math.min(left, settings.connectTimeout().toNanos()));
    }

    private static void pause(long nanos) throws SQLTransientConnectionException {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while looking for the dqlite leader", "08001",
                    SqliteErrors.SQLITE_CANTOPEN, e);
        }
    }
}
