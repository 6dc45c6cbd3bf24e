package io.dqlite.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * Runs workloads' workers, each on its own thread and connection, until told to stop. Worker
 * {@code i} overall connects through {@code urls.apply(i)}, so workers can start at different nodes.
 */
public final class WorkloadRunner {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(90);

    private final List<Workload> workloads;
    private final IntFunction<String> urls;
    private final int thinkMillis;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    /** Creates a runner; workers pause up to {@code thinkMillis} (a random share) between operations. */
    public WorkloadRunner(List<Workload> workloads, IntFunction<String> urls, int thinkMillis) {
        this.workloads = List.copyOf(workloads);
        this.urls = urls;
        this.thinkMillis = thinkMillis;
    }

    /** Starts every workload's workers. */
    public void start() {
        int overall = 0;
        for (Workload workload : workloads) {
            for (int worker = 0; worker < workload.workers(); worker++) {
                Client client = new Client(urls.apply(overall++));
                int index = worker;
                Thread thread = new Thread(() -> work(workload, index, client), workload.name() + "-" + worker);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }
    }

    private void work(Workload workload, int worker, Client client) {
        try (client) {
            while (!stopped) {
                workload.operate(worker, client);
                if (thinkMillis > 0) {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(thinkMillis + 1));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the workers and waits for each to finish its operation in flight; returns the names of
     * workers that were still stuck after 90 s (then interrupted; their last operation counts as unknown).
     */
    public List<String> stop() throws InterruptedException {
        stopped = true;
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        List<String> stuck = new ArrayList<>();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                stuck.add(thread.getName());
                thread.interrupt();
            }
        }
        return stuck;
    }
}
