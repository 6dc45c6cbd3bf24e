package io.dqlite.faults;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five nodes as separate JVMs on 127.0.0.1 under the same workloads and crash, pause and restart
 * faults as the three-node run. Five JVMs take minutes to start on two cores, so this runs with the
 * long schedule only ({@code -Dfaults.duration=...}).
 */
@EnabledIfSystemProperty(named = FaultSchedule.DURATION_PROPERTY, matches = ".*\\d.*",
        disabledReason = "five JVMs are part of the long schedule only; run with -Dfaults.duration=600s")
class FiveNodeFaultsIT {

    private static final List<Fault> CYCLE = List.of(Fault.KILL_LEADER, Fault.KILL_FOLLOWER, Fault.PAUSE_LEADER,
            Fault.KILL_FOLLOWER, Fault.KILL_ALL);

    @TempDir
    Path directory;

    private ProcessCluster cluster;

    @Test
    void fiveNodesSurviveCrashesPausesAndAFullRestart() throws Exception {
        cluster = ProcessCluster.onLoopback(5, SampleJar.privateCopy(directory), directory);
        Figures figures = new FaultRun("five-node-crashes", cluster, null, FaultSchedule.fromSystemProperties(CYCLE))
                .run();
        ProcessFaultsIT.assertPassed(figures);
        ProcessFaultsIT.assertFailoverGoal(figures, Fault.KILL_LEADER);
    }

    @AfterEach
    void stopAndKeepLogs() throws Exception {
        if (cluster != null) {
            try {
                cluster.close();
            } finally {
                ProcessFaultsIT.keepLogs(cluster, "five-node-crashes");
            }
        }
    }
}
