package io.dqlite.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run: per workload its operations, acknowledged, failed, unknown, lost, stale
 * reads and violations, and the time from each fault to the next acknowledged write; printed and
 * written to a file.
 */
public final class Figures {

    private final String run;
    private final String setup;
    private final Duration elapsed;
    private final List<Verdict> verdicts;
    private final List<RecoveryClock.Recovery> recoveries;
    private final ElectionWatch.Elections elections;
    private final long longestGapMillis;
    private final List<String> timeline;
    private final List<String> problems;
    private final Map<String, String> attachments;

    /**
     * Collects the figures of run {@code run} ({@code setup} says how many nodes and which schedule), with
     * the {@code elections} held while the workloads ran, the longest time without an acknowledged write
     * ({@code longestGapMillis}, -1 when not measured), the {@code timeline} of each fault from the nodes'
     * logs, {@code problems} the harness itself found (stuck workers, unreadable nodes, an election when
     * nothing failed) and {@code attachments} (name to text, such as the history of a key that is not
     * linearizable) to write beside them.
     */
    public Figures(String run, String setup, Duration elapsed, List<Verdict> verdicts,
            List<RecoveryClock.Recovery> recoveries, ElectionWatch.Elections elections, long longestGapMillis,
            List<String> timeline, List<String> problems, Map<String, String> attachments) {
        this.run = run;
        this.setup = setup;
        this.elapsed = elapsed;
        this.verdicts = List.copyOf(verdicts);
        this.recoveries = List.copyOf(recoveries);
        this.elections = elections;
        this.longestGapMillis = longestGapMillis;
        this.timeline = List.copyOf(timeline);
        this.problems = List.copyOf(problems);
        this.attachments = Map.copyOf(attachments);
    }

    /** Tells whether every checker passed, the harness found nothing wrong, and the cluster recovered from every fault. */
    public boolean passed() {
        return problems.isEmpty() && verdicts.stream().allMatch(Verdict::passed)
                && recoveries.stream().allMatch(recovery -> recovery.millis() >= 0);
    }

    /** Returns the elections held while the workloads ran. */
    public ElectionWatch.Elections elections() {
        return elections;
    }

    /** Returns the median time from a fault to the next acknowledged write, in ms, or -1 without faults. */
    public long medianRecoveryMillis() {
        List<Long> times = recoveryTimes();
        return times.isEmpty() ? -1 : times.get((times.size() - 1) / 2);
    }

    /** Returns the longest time from a fault to the next acknowledged write, in ms, or -1 without faults. */
    public long maxRecoveryMillis() {
        List<Long> times = recoveryTimes();
        return times.isEmpty() ? -1 : times.get(times.size() - 1);
    }

    /** Returns the sorted times from each fault of {@code kind} to the next acknowledged write, in ms. */
    public List<Long> recoveryMillis(Fault kind) {
        return recoveryTimes(kind.description());
    }

    /** The kinds of fault, in the order they first occurred: each description up to its ", node". */
    private List<String> faultKinds() {
        List<String> kinds = new ArrayList<>();
        for (RecoveryClock.Recovery recovery : recoveries) {
            String kind = kind(recovery);
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    private static String kind(RecoveryClock.Recovery recovery) {
        String description = recovery.fault().description();
        int node = description.indexOf(", node");
        return node < 0 ? description : description.substring(0, node);
    }

    private List<Long> recoveryTimes() {
        return recoveryTimes(null);
    }

    /** The sorted recovery times of faults of {@code kind} (null: all), a fault never recovered from last. */
    private List<Long> recoveryTimes(String kind) {
        List<Long> times = new ArrayList<>();
        for (RecoveryClock.Recovery recovery : recoveries) {
            if (kind != null && !kind.equals(kind(recovery))) {
                continue;
            }
            times.add(recovery.millis() < 0 ? Long.MAX_VALUE : recovery.millis());
        }
        times.sort(null);
        return times;
    }

    /** Renders the figures as a small plain-text report. */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "run: %s (%s), %d s%n", run, setup, elapsed.toSeconds()));
        String row = "%-10s %10s %12s %8s %8s %6s %6s %10s%n";
        text.append(String.format(Locale.ROOT, row, "workload", "operations", "acknowledged", "failed", "unknown",
                "lost", "stale", "violations"));
        long[] totals = new long[7];
        for (Verdict verdict : verdicts) {
            long[] values = { verdict.operations(), verdict.acknowledged(), verdict.failed(), verdict.unknown(),
                    verdict.lost(), verdict.staleReads(), verdict.violations() };
            text.append(String.format(Locale.ROOT, row, verdict.workload(), values[0], values[1], values[2], values[3],
                    values[4], values[5], values[6]));
            for (int i = 0; i < totals.length; i++) {
                totals[i] += values[i];
            }
        }
        text.append(String.format(Locale.ROOT, row, "total", totals[0], totals[1], totals[2], totals[3], totals[4],
                totals[5], totals[6]));
        if (!recoveries.isEmpty()) {
            text.append(String.format(Locale.ROOT,
                    "fault -> first acknowledged write invoked after it: median %d ms, max %d ms over %d faults%n",
                    medianRecoveryMillis(), maxRecoveryMillis(), recoveries.size()));
            for (String kind : faultKinds()) {
                List<Long> times = recoveryTimes(kind);
                text.append(String.format(Locale.ROOT, "  %s: median %d ms, max %d ms over %d%n", kind,
                        times.get((times.size() - 1) / 2), times.get(times.size() - 1), times.size()));
            }
        }
        for (RecoveryClock.Recovery recovery : recoveries) {
            text.append("  ").append(recovery.fault().description()).append(": ")
                    .append(recovery.millis() < 0 ? "no write acknowledged afterwards" : recovery.millis() + " ms")
                    .append(System.lineSeparator());
        }
        if (!timeline.isEmpty()) {
            text.append("from the nodes' logs:").append(System.lineSeparator());
            timeline.forEach(line -> text.append("  ").append(line).append(System.lineSeparator()));
        }
        if (elections != null) {
            text.append(elections.describe()).append(System.lineSeparator());
            elections.changes().stream().limit(30)
                    .forEach(change -> text.append("  ").append(change).append(System.lineSeparator()));
            if (elections.changes().size() > 30) {
                text.append("  ... ").append(elections.changes().size() - 30).append(" more").append(System.lineSeparator());
            }
        }
        if (longestGapMillis >= 0) {
            text.append(String.format(Locale.ROOT, "longest time without an acknowledged write: %d ms%n", longestGapMillis));
        }
        for (Verdict verdict : verdicts) {
            for (String note : verdict.notes()) {
                text.append(verdict.workload()).append(": ").append(note).append(System.lineSeparator());
            }
        }
        List<String> all = new ArrayList<>(problems);
        for (Verdict verdict : verdicts) {
            verdict.problems().forEach(problem -> all.add(verdict.workload() + ": " + problem));
        }
        for (String problem : all) {
            text.append("PROBLEM ").append(problem).append(System.lineSeparator());
        }
        text.append("verdict: ").append(passed() ? "PASSED" : "FAILED").append(System.lineSeparator());
        return text.toString();
    }

    /** Writes the report to {@code directory}/{@code run}.txt, each attachment to {@code run-name}.txt, and returns the report. */
    public Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(run + ".txt");
        Files.writeString(file, render(), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> attachment : attachments.entrySet()) {
            Files.writeString(directory.resolve(run + "-" + attachment.getKey() + ".txt"), attachment.getValue(),
                    StandardCharsets.UTF_8);
        }
        return file;
    }
}
