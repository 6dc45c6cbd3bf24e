package io.dqlite.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts elections while workloads run: reads every node's Raft term when the watch begins and when it
 * ends, and in between asks every node each second for its term and leader, noting each change it sees.
 * A term only grows and survives restarts, so the highest term at the end minus the highest at the
 * beginning counts every election begun in between, including those the sampling missed (with pre-vote,
 * a candidate that cannot win does not raise the term).
 */
public final class ElectionWatch implements AutoCloseable {

    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What the watch saw.
     *
     * @param termsBefore each node's term when the watch began (-1: it did not answer)
     * @param termsAfter each node's term when it ended (-1: it did not answer)
     * @param elections the highest term at the end minus the highest at the beginning
     * @param changes each change of a node's term or leader the sampling saw, with its time
     * @param samples how many times every node was asked
     * @param unanswered how many of those questions went unanswered within 2 s
     */
    public record Elections(Map<Integer, Long> termsBefore, Map<Integer, Long> termsAfter, long elections,
            List<String> changes, long samples, long unanswered) {

        /** Makes the collections unmodifiable. */
        public Elections {
            termsBefore = Map.copyOf(termsBefore);
            termsAfter = Map.copyOf(termsAfter);
            changes = List.copyOf(changes);
        }

        /** Tells whether no node's term or leader changed. */
        public boolean none() {
            return elections == 0 && termsBefore.equals(termsAfter) && changes.isEmpty();
        }

        /** Describes the count in one line. */
        public String describe() {
            return "elections (terms begun): " + elections + "; terms before " + new TreeMap<>(termsBefore)
                    + ", after " + new TreeMap<>(termsAfter) + "; " + changes.size() + " changes of term or leader seen in "
                    + samples + " samples of every node (" + unanswered + " answers missing)";
        }
    }

    private final ProcessCluster cluster;
    private final Map<Integer, Long> termsBefore;
    private final Map<Integer, NodeView> last = new TreeMap<>();
    private final List<String> changes = new ArrayList<>();
    private final Thread sampler;
    private long samples;
    private long unanswered;
    private volatile boolean stopped;

    private ElectionWatch(ProcessCluster cluster, Map<Integer, Long> termsBefore) {
        this.cluster = cluster;
        this.termsBefore = termsBefore;
        this.sampler = new Thread(this::sample, "election-watch");
        this.sampler.setDaemon(true);
    }

    /** Reads every running node's term and starts sampling. */
    public static ElectionWatch start(ProcessCluster cluster) throws InterruptedException {
        ElectionWatch watch = new ElectionWatch(cluster, terms(cluster));
        watch.sampler.start();
        return watch;
    }

    private static Map<Integer, Long> terms(ProcessCluster cluster) throws InterruptedException {
        Map<Integer, Long> terms = new TreeMap<>();
        for (NodeProcess node : cluster.nodes()) {
            AtomicReference<Optional<NodeView>> view = new AtomicReference<>(Optional.empty());
            Waits.within(READ_TIMEOUT, () -> {
                view.set(node.view().filter(answer -> answer.term() >= 0));
                return view.get().isPresent() || !node.alive() || node.paused();
            });
            terms.put(node.id(), view.get().map(NodeView::term).orElse(-1L));
        }
        return terms;
    }

    private void sample() {
        long next = System.nanoTime();
        while (!stopped) {
            synchronized (this) {
                samples++;
                for (NodeProcess node : cluster.nodes()) {
                    Optional<NodeView> view = node.view();
                    if (view.isEmpty()) {
                        unanswered++;
                        continue;
                    }
                    NodeView previous = last.put(node.id(), view.get());
                    long before = previous != null ? previous.term() : termsBefore.getOrDefault(node.id(), -1L);
                    String leaderBefore = previous != null ? previous.leaderId() : null;
                    boolean termChanged = before >= 0 && view.get().term() != before;
                    boolean leaderChanged = previous != null && previous.leaderId() != null
                            && !previous.leaderId().equals(view.get().leaderId());
                    if (termChanged || leaderChanged) {
                        changes.add(Instant.now() + " node " + node.id() + ": term " + before + " -> "
                                + view.get().term() + ", leader " + leaderBefore + " -> " + view.get().leaderId());
                    }
                }
            }
            next += SAMPLE_EVERY.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Stops sampling, reads every running node's term again and returns what the watch saw. */
    public Elections finish() throws InterruptedException {
        close();
        Map<Integer, Long> termsAfter = terms(cluster);
        long highestBefore = termsBefore.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        long highestAfter = termsAfter.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        synchronized (this) {
            return new Elections(termsBefore, termsAfter, Math.max(0, highestAfter - highestBefore), changes, samples,
                    unanswered);
        }
    }

    /** Stops sampling. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        sampler.join(Duration.ofSeconds(15).toMillis());
        if (sampler.isAlive()) {
            sampler.interrupt();
            sampler.join();
        }
    }
}
