package io.dqlite.faults;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * One run of the suite: starts the cluster, prepares and starts the set, bank and register
 * workloads, injects the schedule's faults while they run, stops them, reads the final state through
 * every node (each made leader in turn), and collects the checkers' verdicts into {@link Figures}.
 */
public final class FaultRun {

    /** The database the workloads use: the sample's own. */
    public static final String DATABASE = "notes";
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(30);
    private static final long MAX_SEARCH_STATES = 2_000_000;

    private final String name;
    private final ProcessCluster cluster;
    private final NetworkNamespaces network;
    private final FaultSchedule schedule;
    private final RunLog log;
    private final RecoveryClock clock = new RecoveryClock();
    private final List<String> problems = new ArrayList<>();

    /** Creates the run {@code name} of {@code schedule} against {@code cluster}; {@code network} may be null. */
    public FaultRun(String name, ProcessCluster cluster, NetworkNamespaces network, FaultSchedule schedule) {
        this.name = name;
        this.cluster = cluster;
        this.network = network;
        this.schedule = schedule;
        this.log = new RunLog(name);
    }

    /** Runs everything and returns the figures; the caller closes the cluster. */
    public Figures run() throws IOException, InterruptedException, TimeoutException, SQLException {
        RegisterWorkload register = new RegisterWorkload(4, 6, clock, new LinearizabilityChecker(MAX_SEARCH_STATES));
        List<Workload> workloads = List.of(new SetWorkload(3, clock), new BankWorkload(3, 5, 100, clock), register);
        log.line("starting " + cluster.nodes().size() + " nodes; " + schedule.describe());
        NodeProcess leader = cluster.start();
        log.line("node " + leader.id() + " leads");
        for (Workload workload : workloads) {
            withConnection(cluster.jdbcUrl(0, DATABASE), workload::prepare);
        }
        WorkloadRunner runner = new WorkloadRunner(workloads, worker -> cluster.jdbcUrl(worker, DATABASE), 10);
        runner.start();
        awaitProgress("the workloads' first writes");
        ElectionWatch watch = ElectionWatch.start(cluster);
        long faultsStart = System.nanoTime();
        ElectionWatch.Elections elections;
        long longestGap;
        try {
            if (schedule.isQuiet()) {
                runUndisturbed(faultsStart);
            } else {
                for (int injected = 0; schedule.hasNext(injected, Duration.ofNanos(System.nanoTime() - faultsStart));
                        injected++) {
                    Thread.sleep(schedule.quiet().toMillis());
                    Fault fault = schedule.fault(injected);
                    new FaultInjector(cluster, network, clock, log).inject(fault, schedule);
                    awaitProgress("a write after " + fault.description());
                }
                Thread.sleep(schedule.quiet().toMillis());
            }
            longestGap = clock.longestGapMillis(faultsStart, System.nanoTime());
            elections = watch.finish();
            log.line(elections.describe());
        } finally {
            watch.close();
            List<String> stuck = runner.stop();
            if (!stuck.isEmpty()) {
                problems.add("workers still in an operation 90 s after being stopped: " + stuck);
            }
        }
        if (schedule.isQuiet() && !elections.none()) {
            problems.add("nothing failed, yet the cluster held an election or a node's leader changed: "
                    + elections.describe() + "; " + elections.changes());
        }
        log.line("workers stopped after " + clock.acknowledgedCount() + " acknowledged writes; reading through every node");
        readThroughEveryNode(workloads);
        List<Verdict> verdicts = new ArrayList<>();
        for (Workload workload : workloads) {
            verdicts.add(workload.verdict());
        }
        Map<String, String> attachments = new TreeMap<>();
        String failedKeys = register.historyOfFailedKeys(log.origin());
        if (!failedKeys.isEmpty()) {
            attachments.put("register-history", "times in s since the run began, as in the run's log\n" + failedKeys);
        }
        String setup = cluster.nodes().size() + " nodes" + (network == null ? " on 127.0.0.1" : " in network namespaces")
                + ", " + schedule.describe();
        List<RecoveryClock.Recovery> recoveries = clock.recoveries();
        List<String> timeline = FailoverTimeline.describe(recoveries,
                cluster.nodes().stream().map(NodeProcess::log).toList());
        return new Figures(name, setup, log.elapsed(), verdicts, recoveries, elections,
                schedule.isQuiet() ? longestGap : -1, timeline, problems, attachments);
    }

    /**
     * Lets the workloads run for the schedule's duration from {@code start}, checking every 10 s that
     * writes are still acknowledged and logging the count each minute.
     */
    private void runUndisturbed(long start) throws InterruptedException {
        long end = start + schedule.duration().toNanos();
        long nextReport = start + Duration.ofMinutes(1).toNanos();
        long now;
        while ((now = System.nanoTime()) - end < 0) {
            Thread.sleep(Math.max(1, Math.min(10_000, (end - now) / 1_000_000)));
            awaitProgress("writes while nothing failed");
            if (System.nanoTime() - nextReport >= 0) {
                log.line(clock.acknowledgedCount() + " writes acknowledged; " + cluster.describe());
                nextReport += Duration.ofMinutes(1).toNanos();
            }
        }
    }

    private void awaitProgress(String what) throws InterruptedException {
        long before = clock.acknowledgedCount();
        if (!Waits.within(PROGRESS_TIMEOUT, () -> clock.acknowledgedCount() >= before + 5)) {
            problems.add("fewer than 5 writes acknowledged within " + PROGRESS_TIMEOUT.toSeconds() + " s waiting for "
                    + what + "; " + cluster.describe());
            log.line("no progress: " + what + "; the workers' stacks follow, the nodes' are in their logs\n" + workerStacks());
            for (NodeProcess node : cluster.up()) {
                try {
                    node.requestThreadDump();
                } catch (IOException e) {
                    log.line("could not ask " + node + " for a thread dump: " + e.getMessage());
                }
            }
        }
    }

    private static String workerStacks() {
        StringBuilder stacks = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            if (thread.getName().matches("(set|bank|register)-\\d+")) {
                stacks.append(thread.getName()).append(" ").append(thread.getState()).append('\n');
                for (StackTraceElement frame : frames) {
                    stacks.append("    at ").append(frame).append('\n');
                }
            }
        });
        return stacks.toString();
    }

    private void readThroughEveryNode(List<Workload> workloads) throws InterruptedException, TimeoutException {
        for (NodeProcess node : cluster.nodes()) {
            boolean leads = makeLeader(node);
            log.line("reading through node " + node.id() + (leads ? " as the leader" : " (it could not be made leader)"));
            try {
                withConnection(cluster.jdbcUrlThrough(node, DATABASE), connection -> {
                    for (Workload workload : workloads) {
                        workload.readFinalState(node.id(), connection);
                    }
                });
            } catch (SQLException e) {
                problems.add("could not read the final state through node " + node.id() + ": " + e);
            }
        }
    }

    /** Hands leadership to {@code node} so that the final read is served from its copy; true once it leads. */
    private boolean makeLeader(NodeProcess node) throws InterruptedException, TimeoutException {
        for (int attempt = 0; attempt < 3; attempt++) {
            NodeProcess leader = cluster.awaitStable();
            if (leader == node) {
                return true;
            }
            leader.transferLeadershipTo(node.id());
            if (Waits.within(TRANSFER_TIMEOUT, () -> cluster.stableLeader().filter(current -> current == node).isPresent())) {
                return true;
            }
        }
        return false;
    }

    /** Work on one connection. */
    private interface ConnectionWork {
        void accept(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on a fresh connection to {@code url}, retrying transient failures for up to 90 s. */
    private static void withConnection(String url, ConnectionWork work) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
        while (true) {
            try (Connection connection = DriverManager.getConnection(url)) {
                work.accept(connection);
                return;
            } catch (SQLException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }
}
