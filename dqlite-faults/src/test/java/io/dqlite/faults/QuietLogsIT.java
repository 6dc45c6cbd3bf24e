package io.dqlite.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads in the logs of three nodes (the notes sample's jar with its own Spring Boot logging,
 * as separate JVMs on 127.0.0.1): a clean start and stop print no WARN or ERROR line and few lines at all, and
 * a killed peer is reported by the leader once, not at every heartbeat. A start during which the host stalled
 * the JVMs long enough for Raft to notice is not clean, and the test is aborted saying so.
 */
class QuietLogsIT {

    /** Lines a node may print from its start until it serves, Spring Boot's banner and its own lines included. */
    private static final int START_LINES = 40;
    /**
     * Lines of dqlite's own loggers in a start: node, members and data directory, role and leader, the leader's
     * database, and a peer that joins late.
     */
    private static final int DQLITE_START_LINES = 5;
    /**
     * Ratis' true warnings that the host stalled the JVMs (three start at once on 2 shared cores): a pause longer
     * than the election timeout, a follower's election timer that overslept as long, or a first leader deposed
     * because its followers answered too late.
     */
    private static final Pattern HOST_STALL = Pattern.compile("Detected pause in JVM or host machine"
            + "|Unexpected long sleep|Lost leadership on term");
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** How long the leader's log is watched after a peer dies: a report at every heartbeat would repeat many times. */
    private static final Duration DEAD_PEER_WINDOW = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    private ProcessCluster cluster;
    private String runName;

    @Test
    void cleanStartAndStopPrintNoWarningAndFewLines() throws Exception {
        runName = "quiet-start-stop";
        cluster = ProcessCluster.onLoopback(3, SampleJar.privateCopy(directory), directory);
        cluster.start();
        awaitWrite();
        int[] startLines = new int[3];
        for (NodeProcess node : cluster.nodes()) {
            startLines[node.id() - 1] = log(node).lines().size();
        }
        abortIfTheHostStalled();

        for (NodeProcess node : cluster.nodes()) {
            node.sendStop();
        }
        for (NodeProcess node : cluster.nodes()) {
            assertThat(node.awaitStopped()).as("%s exited within 30 s of SIGTERM", node).isTrue();
        }

        for (NodeProcess node : cluster.nodes()) {
            List<String> lines = log(node).lines();
            List<String> start = lines.subList(0, startLines[node.id() - 1]);
            assertThat(lines.stream().filter(NodeLog::warningOrError))
                    .as("WARN and ERROR lines of %s in a clean start and stop:%n%s", node, String.join("\n", lines))
                    .isEmpty();
            assertThat(start.stream().filter(NodeLog::fromDqlite).count())
                    .as("dqlite's lines in the start of %s:%n%s", node, String.join("\n", start))
                    .isLessThanOrEqualTo(DQLITE_START_LINES);
            assertThat(start).as("lines of %s from its start until it served a write", node)
                    .hasSizeLessThanOrEqualTo(START_LINES);
        }
    }

    @Test
    void killedPeerIsReportedByTheLeaderOnceNotAtEveryHeartbeat() throws Exception {
        runName = "quiet-dead-peer";
        cluster = ProcessCluster.onLoopback(3, SampleJar.privateCopy(directory), directory);
        NodeProcess leader = cluster.start();
        awaitWrite();
        abortIfTheHostStalled();
        NodeProcess dead = cluster.nodes().stream().filter(node -> node != leader).findFirst().orElseThrow();
        NodeProcess survivor = cluster.nodes().stream().filter(node -> node != leader && node != dead)
                .findFirst().orElseThrow();
        int leaderMark = log(leader).lines().size();
        int survivorMark = log(survivor).lines().size();

        long killedAt = System.nanoTime();
        dead.kill();
        Waits.within(DEAD_PEER_WINDOW, () -> !reportsOf(dead, leader, leaderMark).isEmpty());
        // the window is watched to its end: a report repeated at every heartbeat would show within it
        long left = DEAD_PEER_WINDOW.toNanos() - (System.nanoTime() - killedAt);
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }

        List<String> sinceKill = log(leader).linesAfter(leaderMark);
        List<String> reports = reportsOf(dead, leader, leaderMark);
        assertThat(sinceKill.stream().filter(NodeLog::warningOrError).filter(line -> !reports.contains(line)))
                .as("WARN and ERROR lines of leader %s in the %d s after %s was killed, other than dqlite's report:%n%s",
                        leader, DEAD_PEER_WINDOW.toSeconds(), dead, String.join("\n", sinceKill))
                .isEmpty();
        assertThat(reports).as("dqlite's reports of %s (Raft %s) by leader %s in the %d s after it was killed:%n%s",
                dead, dead.spec().raftAddress(), leader, DEAD_PEER_WINDOW.toSeconds(), String.join("\n", sinceKill))
                .hasSizeBetween(1, 2);
        List<String> survivorLines = log(survivor).linesAfter(survivorMark);
        assertThat(survivorLines.stream().filter(NodeLog::warningOrError))
                .as("WARN and ERROR lines of follower %s after %s was killed:%n%s", survivor, dead,
                        String.join("\n", survivorLines))
                .isEmpty();
    }

    @AfterEach
    void stopAndKeepLogs() throws Exception {
        if (cluster != null) {
            try {
                cluster.close();
            } finally {
                ProcessFaultsIT.keepLogs(cluster, runName);
            }
        }
    }

    /** Waits until a note is written through the cluster, which then has a leader that serves. */
    private void awaitWrite() throws Exception {
        String url = cluster.jdbcUrl(0, "notes");
        SQLException[] last = new SQLException[1];
        try {
            Waits.await("a note written through " + url, WRITE_TIMEOUT, () -> {
                try (Connection connection = DriverManager.getConnection(url);
                        PreparedStatement insert = connection.prepareStatement("INSERT INTO notes(text) VALUES (?)")) {
                    insert.setString(1, "quiet logs");
                    return insert.executeUpdate() == 1;
                } catch (SQLException e) {
                    last[0] = e;
                    return false;
                }
            });
        } catch (TimeoutException e) {
            throw new TimeoutException(e.getMessage() + "; the last attempt failed with " + last[0] + "; "
                    + cluster.describe());
        }
    }

    /** Aborts the test if a node's log so far shows that the host stalled the JVMs: the start was not clean. */
    private void abortIfTheHostStalled() throws IOException {
        for (NodeProcess node : cluster.nodes()) {
            List<String> stalls = log(node).lines().stream().filter(line -> HOST_STALL.matcher(line).find()).toList();
            if (!stalls.isEmpty()) {
                abort("the host stalled " + node + " while the cluster started, so the start was not clean:\n"
                        + String.join("\n", stalls));
            }
        }
    }

    /** Returns dqlite's lines in {@code reporter}'s log, after its first {@code mark}, that name {@code peer}'s Raft address. */
    private static List<String> reportsOf(NodeProcess peer, NodeProcess reporter, int mark) {
        try {
            return log(reporter).linesAfter(mark).stream().filter(NodeLog::fromDqlite)
                    .filter(line -> line.contains(peer.spec().raftAddress())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NodeLog log(NodeProcess node) {
        return new NodeLog(node.log());
    }
}
