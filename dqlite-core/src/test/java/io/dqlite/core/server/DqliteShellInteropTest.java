package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dqlite's own shell (Debian's go-dqlite package) works against a 3-node cluster of ours. */
class DqliteShellInteropTest {

    @TempDir
    static Path dir;

    private static TestCluster cluster;
    private static List<String> servers;

    @BeforeAll
    static void startCluster() throws Exception {
        assumeTrue(DqliteShell.installed(), "the dqlite shell is not installed: apt-get install go-dqlite");
        cluster = new TestCluster(dir, 3, TestCluster.testTiming());
        cluster.startAll();
        cluster.awaitLeader(Duration.ofSeconds(30));
        servers = cluster.members().stream().map(Member::wireAddress).toList();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theShellCreatesInsertsAndSelects() throws Exception {
        assertThat(DqliteShell.run(servers, "shell", "CREATE TABLE pets(name TEXT, legs INTEGER)").exitCode())
                .isZero();
        assertThat(DqliteShell.run(servers, "shell", "INSERT INTO pets VALUES('żółw', 4), ('kos', 2)").exitCode())
                .isZero();

        DqliteShell.Output select = DqliteShell.run(servers, "shell", "SELECT name, legs FROM pets ORDER BY legs");

        assertThat(select.exitCode()).as(select.text()).isZero();
        assertThat(select.text()).contains("kos").contains("żółw").contains("4");
    }

    @Test
    void theShellListsOurNodesAndLeader() throws Exception {
        Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
        String leaderAddress = cluster.members().stream().filter(m -> m.id().equals(leader.id())).findFirst()
                .orElseThrow().wireAddress();

        DqliteShell.Output members = DqliteShell.run(servers, "shell", ".cluster");
        DqliteShell.Output leaderOutput = DqliteShell.run(servers, "shell", ".leader");

        assertThat(members.exitCode()).as(members.text()).isZero();
        assertThat(members.text()).contains(servers.get(0), servers.get(1), servers.get(2));
        assertThat(leaderOutput.text()).contains(leaderAddress);
    }

    @Test
    void theShellDumpsADatabaseThatSqliteOpens(@TempDir Path workingDirectory) throws Exception {
        assertThat(DqliteShell.run(servers, "dumped", "CREATE TABLE birds(name TEXT)").exitCode()).isZero();
        assertThat(DqliteShell.run(servers, "dumped", "INSERT INTO birds VALUES('kos'), ('sikorka')").exitCode())
                .isZero();
        Node follower = cluster.nodes().stream().filter(node -> !node.isLeader()).findFirst().orElseThrow();
        String followerAddress = cluster.members().stream().filter(m -> m.id().equals(follower.id())).findFirst()
                .orElseThrow().wireAddress();
        TestCluster.await("the follower applied the inserts", Duration.ofSeconds(30),
                () -> follower.appliedIndex() >= cluster.awaitLeader(Duration.ofSeconds(30)).appliedIndex());

        DqliteShell.Output dump = DqliteShell.runIn(workingDirectory, servers, "dumped",
                ".dump " + followerAddress + " dumped");

        assertThat(dump.exitCode()).as(dump.text()).isZero();
        assertThat(workingDirectory.resolve("dumped-wal")).isEmptyFile();
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + workingDirectory.resolve("dumped"));
                Statement statement = sqlite.createStatement();
                ResultSet rows = statement.executeQuery("SELECT group_concat(name, ',') FROM birds")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("kos,sikorka");
        }
        assertThat(DqliteShell.runIn(workingDirectory, servers, "dumped", ".dump " + followerAddress + " absent")
                .text()).contains("dump failed");
    }
}
