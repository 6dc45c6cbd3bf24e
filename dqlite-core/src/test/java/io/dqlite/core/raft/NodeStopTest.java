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

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
