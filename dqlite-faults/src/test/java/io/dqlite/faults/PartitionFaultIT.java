package io.dqlite.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes, each in a network namespace the test creates on a bridge of its own, under the set,
 * bank and register workloads while the leader is cut off from everyone (its veth down) and then
 * reconnected; runs only as root with iproute2, and deletes its namespaces and bridge afterwards.
 */
class PartitionFaultIT {

    @TempDir
    Path directory;

    private NetworkNamespaces network;
    private ProcessCluster cluster;

    @Test
    void aLeaderCutOffFromTheMajorityLosesNothing() throws Exception {
        Path jar = SampleJar.privateCopy(directory);
        Optional<String> unavailable = NetworkNamespaces.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "skipping the partition test: " + unavailable.get());
        network = NetworkNamespaces.create(3);
        cluster = ProcessCluster.inNamespaces(network, 3, jar, directory);
        Figures figures = new FaultRun("three-node-partition", cluster, network,
                FaultSchedule.fromSystemProperties(List.of(Fault.PARTITION_LEADER))).run();
        ProcessFaultsIT.assertPassed(figures);
        ProcessFaultsIT.assertFailoverGoal(figures, Fault.PARTITION_LEADER);
    }

    @AfterEach
    void stopAndDeleteTheNetwork() throws Exception {
        try {
            if (cluster != null) {
                try {
                    cluster.close();
                } finally {
                    ProcessFaultsIT.keepLogs(cluster, "three-node-partition");
                }
            }
        } finally {
            if (network != null) {
                network.close();
            }
        }
    }
}
