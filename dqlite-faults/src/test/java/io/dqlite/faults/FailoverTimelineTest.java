package io.dqlite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline finds, after each fault, the first node that leads and the first database served as leader. */
class FailoverTimelineTest {

    @TempDir
    Path directory;

    @Test
    void setsEachFaultBesideTheLogsThatFollowIt() throws Exception {
        String prefix = "  INFO 22241 --- [notes] [ault-executor-1] io.dqlite.core.Node                      : ";
        Path one = directory.resolve("node-1.log");
        Path two = directory.resolve("node-2.log");
        Files.writeString(one, String.join("\n",
                "2026-11-30T06:00:00.000Z" + prefix + "Node 1 leads the cluster in term 1",
                "==== start 2 of node 1",
                "2026-11-30T06:00:11.500Z" + prefix + "Node 1 follows node 2 in term 2", ""));
        Files.writeString(two, String.join("\n",
                "2026-11-30T06:00:10.200Z" + prefix + "Node 2 knows no leader in term 1",
                "2026-11-30T06:00:10.900Z" + prefix + "Node 2 leads the cluster in term 2",
                "2026-11-30T06:00:11.100Z" + prefix + "Node 2 serves database 'notes' as leader from index 12", ""));
        RecoveryClock.FaultMark kill = new RecoveryClock.FaultMark("kill -9 of the leader, node 1", 0,
                Instant.parse("2026-11-30T06:00:10.000Z"));
        RecoveryClock.FaultMark follower = new RecoveryClock.FaultMark("kill -9 of a follower, node 1", 0,
                Instant.parse("2026-11-30T06:00:30.000Z"));
        List<String> timeline = FailoverTimeline.describe(List.of(new RecoveryClock.Recovery(kill, 1400),
                new RecoveryClock.Recovery(follower, 60)), List.of(one, two, directory.resolve("node-3.log")));
        assertThat(timeline).containsExactly(
                "kill -9 of the leader, node 1 at 2026-11-30T06:00:10Z: node 2 took leadership +900 ms,"
                        + " node 2 served 'notes' as leader +1,100 ms, first acknowledged write +1,400 ms",
                "kill -9 of a follower, node 1 at 2026-11-30T06:00:30Z: no node took leadership,"
                        + " no database served as leader, first acknowledged write +60 ms");
    }
}
