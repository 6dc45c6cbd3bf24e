package io.dqlite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes as separate JVMs on 127.0.0.1 under the set, bank and register workloads while the
 * leader and a follower are killed with SIGKILL and restarted, the leader is frozen with SIGSTOP,
 * and every node is killed at once and restarted; the checkers must find nothing lost, invented or
 * out of order.
 */
class ProcessFaultsIT {

    private static final List<Fault> CYCLE = List.of(Fault.KILL_LEADER, Fault.KILL_FOLLOWER, Fault.PAUSE_LEADER,
            Fault.KILL_ALL);

    /** The longest median time from losing the leader (a kill or a partition) to the next acknowledged write. */
    static final long FAILOVER_GOAL_MILLIS = 1_500;

    @TempDir
    Path directory;

    private ProcessCluster cluster;
    private String runName;

    @Test
    void threeNodesSurviveCrashesPausesAndAFullRestart() throws Exception {
        runName = "three-node-crashes";
        cluster = ProcessCluster.onLoopback(3, SampleJar.privateCopy(directory), directory);
        Figures figures = new FaultRun(runName, cluster, null, FaultSchedule.fromSystemProperties(CYCLE)).run();
        ProcessFaultsIT.assertPassed(figures);
        ProcessFaultsIT.assertFailoverGoal(figures, Fault.KILL_LEADER);
    }

    @AfterEach
    void stopAndKeepLogs() throws IOException, InterruptedException {
        if (cluster != null) {
            try {
                cluster.close();
            } finally {
                keepLogs(cluster, runName);
            }
        }
    }

    /** Writes {@code figures} to the output directory and prints them; returns the file written. */
    static Path report(Figures figures) throws IOException {
        Path written = figures.write(SampleJar.output());
        System.out.println(figures.render());
        return written;
    }

    /** Reports {@code figures} and asserts that every checker passed. */
    static void assertPassed(Figures figures) throws IOException {
        Path written = report(figures);
        assertThat(figures.passed()).as("checkers' verdict (figures in %s):%n%s", written, figures.render()).isTrue();
    }

    /**
     * On a schedule with at least three faults of {@code kind} (the long one), asserts the failover goal: the first
     * write invoked after the fault acknowledged within {@link #FAILOVER_GOAL_MILLIS} at the median. The short
     * schedule's one fault of a kind is reported only, a single sample on a shared machine being no median.
     */
    static void assertFailoverGoal(Figures figures, Fault kind) {
        List<Long> times = figures.recoveryMillis(kind);
        if (times.size() >= 3) {
            assertThat(times.get((times.size() - 1) / 2)).as("median ms from a %s to the next acknowledged write,"
                    + " over %s", kind.description(), times).isLessThan(FAILOVER_GOAL_MILLIS);
        }
    }

    /** Copies every node's log to the output directory, so a failed run can be read after the temp dir is gone. */
    static void keepLogs(ProcessCluster cluster, String runName) throws IOException {
        Path logs = SampleJar.output().resolve(runName + "-logs");
        Files.createDirectories(logs);
        for (NodeProcess node : cluster.nodes()) {
            if (Files.exists(node.log())) {
                Files.copy(node.log(), logs.resolve(node.log().getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
