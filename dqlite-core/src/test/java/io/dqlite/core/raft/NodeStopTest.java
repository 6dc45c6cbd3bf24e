package io.dqlite.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.SessionSql;
import io.dqlite.core.Node;
import io.dqlite.core.NodeRole;
import io.dqlite.core.TestCluster;
import io.dqlite.core.session.LeaderSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeStopTest {

    @TempDir
    Path dir;

    @Test
    void stoppedNodesLeaveNoThreadsOfTheirOwnAndNoLeaderCopies() throws Exception {
        Set<String> before = threadNames();
        Node leader;
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            leader = cluster.awaitLeader(Duration.ofSeconds(30));
            try (LeaderSession session = leader.openSession("notes")) {
                SessionSql.exec(session, "CREATE TABLE notes(body TEXT)");
            }
        }
        assertThat(leader.role()).isEqualTo(NodeRole.STOPPED);
        TestCluster.await("threads of the stopped nodes to end", Duration.ofSeconds(30), () -> {
            Set<String> left = threadNames();
            left.removeAll(before);
            return left.stream().noneMatch(name -> name.startsWith("dqlite-") || name.matches("^\\d+[@-].*"));
        });
        try (Stream<Path> copies = Files.list(dir.resolve("node-" + leader.id()).resolve("leader"))) {
            assertThat(copies).as("leader copies left behind").isEmpty();
        }
    }

    @Test
    void aStoppingLeaderHandsLeadershipToAPeerThatAnswers() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            Optional<String> outcome = leader.handOverLeadership(Duration.ofSeconds(5));
            assertThat(leader.isLeader()).as("the old leader after the hand-over").isFalse();
            cluster.stop(leader.id());
            Node successor = cluster.awaitLeader(Duration.ofSeconds(30));
            assertThat(outcome).hasValueSatisfying(sentence -> assertThat(sentence)
                    .startsWith("Node " + leader.id() + " handed leadership to node " + successor.id() + " in "));
        }
    }

    @Test
    void aLeaderWhosePeersAreGoneStepsDownAtOnceInsteadOfWaitingForThem() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            for (Node node : cluster.nodes()) {
                if (node != leader) {
                    cluster.stop(node.id());
                }
            }
            long started = System.nanoTime();
            // Ratis itself deposes a leader only an election timeout (0.6-1.2 s here) after its majority's last answer
            Optional<String> outcome = leader.handOverLeadership(Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the hand-over with no one to take over")
                    .isLessThan(Duration.ofSeconds(2));
            // the follower stopped last may have answered less than 600 ms ago
            assertThat(outcome).hasValueSatisfying(sentence -> assertThat(sentence)
                    .startsWith("Node " + leader.id() + " stops as leader without handing over: ")
                    .endsWith(" of the other 2 voters answered in the last 600 ms, and a leader needs 2 (the others"
                            + " are stopping or down)"));
            assertThat(leader.isLeader()).as("a leader without a majority after the hand-over").isFalse();
        }
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
