package io.dqlite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes as separate JVMs on 127.0.0.1 under the set, bank and register workloads with no fault
 * at all, for 60 s or as long as {@code -Dfaults.quiet-duration} says: no node's Raft term and no
 * node's leader may change (a loaded machine must not make followers give up on a live leader), and
 * the checkers must find nothing wrong.
 */
class QuietRunIT {

    private static final String RUN = "three-node-quiet";

    @TempDir
    Path directory;

    private ProcessCluster cluster;

    @Test
    void noElectionWhenNothingFails() throws Exception {
        cluster = ProcessCluster.onLoopback(3, SampleJar.privateCopy(directory), directory);
        Figures figures = new FaultRun(RUN, cluster, null, FaultSchedule.quietFromSystemProperties()).run();
        Path written = ProcessFaultsIT.report(figures);
        assertThat(figures.elections().elections()).as("elections while nothing failed (figures in %s):%n%s", written,
                figures.render()).isZero();
        assertThat(figures.passed()).as("checkers' verdict (figures in %s):%n%s", written, figures.render()).isTrue();
    }

    @AfterEach
    void stopAndKeepLogs() throws Exception {
        if (cluster != null) {
            try {
                cluster.close();
            } finally {
                ProcessFaultsIT.keepLogs(cluster, RUN);
            }
        }
    }
}
