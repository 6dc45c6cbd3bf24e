package io.dqlite.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.jdbc.client.ClientSettings;
import io.dqlite.jdbc.client.ClusterAdmin;
import io.dqlite.jdbc.protocol.NodeInfo;
import io.dqlite.jdbc.protocol.NodeRole;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five standalone nodes, one started alone and four joining it as spares, with targets of 3 voters and 1 standby: the
 * leader gives spares roles until 3 voters and a standby answer, replaces a voter killed with kill -9 within seconds
 * and makes it a spare, takes the vote of a voter that stops gracefully before it is gone, and so keeps tolerating one
 * more failure; the killed voter, started again, comes back as a spare and is made a voter when one is missing.
 */
class AutomaticRolesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> ROLES = List.of("--voters", "3", "--standbys", "1", "--lost-after", "2s");

    @TempDir
    Path directory;

    private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();

    @AfterEach
    void killNodes() {
        nodes.values().forEach(NodeProcess::close);
    }

    @Test
    void theLeaderKeepsThreeVotersThroughAKillAndAGracefulStop() throws Exception {
        for (String id : List.of("1", "2", "3", "4", "5")) {
            addresses.put(id, "127.0.0.1:" + StandaloneClusterIT.pairedFreePort());
            start(id, id.equals("1") ? null : addresses.get("1"), "node-" + id + ".log");
            if (id.equals("1")) {
                await("node 1 leading alone", () -> nodes.get("1").reportedLeader().filter("1"::equals).orElse(null));
            }
        }
        Map<String, NodeRole> roles = await("3 voters, a standby and a spare", () -> {
            Map<String, NodeRole> now = members();
            return count(now, NodeRole.VOTER) == 3 && count(now, NodeRole.STANDBY) == 1
                    && count(now, NodeRole.SPARE) == 1 ? now : null;
        });
        write("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)");

        // a voter dies: the standby takes its place within seconds, the dead voter becomes a spare, and the spare that
        // answers a standby
        String killed = follower(roles, NodeRole.VOTER);
        nodes.get(killed).kill();
        long killedAt = System.nanoTime();
        roles = await("a standby promoted in node " + killed + "'s place", () -> {
            Map<String, NodeRole> now = members();
            return count(now, NodeRole.VOTER) == 3 && now.get(killed) == NodeRole.SPARE
                    && count(now, NodeRole.STANDBY) == 1 ? now : null;
        });
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(30));
        write("INSERT OR REPLACE INTO notes VALUES (1, 'after the kill')");

        // a voter stops gracefully: the last standby has its vote before it is gone
        String stopped = follower(roles, NodeRole.VOTER);
        assertThat(nodes.get(stopped).terminate(TIMEOUT)).as("exit status after SIGTERM").isEqualTo(143);
        assertThat(nodes.get(stopped).output()).contains("handed its vote to a standby");
        roles = members();
        assertThat(count(roles, NodeRole.VOTER)).as("%s%s", roles, logs()).isEqualTo(3);
        assertThat(roles.get(stopped)).as("%s%s", roles, logs()).isEqualTo(NodeRole.STANDBY);

        // and one more voter may fail: two of the three still commit
        nodes.get(follower(roles, NodeRole.VOTER)).kill();
        await("a write with one voter of three gone", () -> {
            write("INSERT OR REPLACE INTO notes VALUES (2, 'after the second failure')");
            return true;
        });

        // the voter killed first starts again: a spare, it does not campaign, and is made a voter as one is missing
        String contact = nodes.entrySet().stream().filter(node -> node.getValue().isAlive()).map(Map.Entry::getKey)
                .map(addresses::get).findFirst().orElseThrow();
        start(killed, contact, "node-" + killed + "-again.log");
        await("node " + killed + " a voter again", () -> members().get(killed) == NodeRole.VOTER ? true : null);
        write("INSERT OR REPLACE INTO notes VALUES (3, 'with the returned voter')");
    }

    // node {@code id} with the role targets, joining the node at {@code contact} unless null
    private void start(String id, String contact, String logName) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--node-id", id, "--address", addresses.get(id),
                "--data-directory", directory.resolve("node-" + id).toString()));
        arguments.addAll(ROLES);
        if (contact != null) {
            arguments.addAll(List.of("--join", contact));
        }
        nodes.put(id, NodeProcess.start(arguments, Map.of(), directory.resolve(logName)));
    }

    private Map<String, NodeRole> members() throws Exception {
        List<NodeInfo> members = new ClusterAdmin(List.copyOf(addresses.values()),
                ClientSettings.defaults().withLeaderTimeout(Duration.ofSeconds(5))).members();
        return members.stream().collect(Collectors.toMap(member -> Long.toUnsignedString(member.id()),
                NodeInfo::role, (a, b) -> a, LinkedHashMap::new));
    }

    // an alive member with {@code role} that does not lead, so that losing it costs no election
    private String follower(Map<String, NodeRole> roles, NodeRole role) {
        String leader = nodes.values().stream().filter(NodeProcess::isAlive).map(NodeProcess::reportedLeader)
                .flatMap(Optional::stream).findFirst().orElse(null);
        return roles.entrySet().stream().filter(entry -> entry.getValue() == role).map(Map.Entry::getKey)
                .filter(id -> nodes.get(id).isAlive() && !id.equals(leader)).findFirst().orElseThrow();
    }

    private static long count(Map<String, NodeRole> roles, NodeRole role) {
        return roles.values().stream().filter(role::equals).count();
    }

    private void write(String sql) throws Exception {
        String url = "jdbc:dqlite://" + String.join(",", addresses.values()) + "/roles?leaderTimeout=20000";
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private <T> T await(String what, Callable<T> attempt) throws InterruptedException {
        return new NodeLogs(nodes, TIMEOUT).await(what, attempt);
    }

    private String logs() {
        return new NodeLogs(nodes, TIMEOUT).all();
    }
}
