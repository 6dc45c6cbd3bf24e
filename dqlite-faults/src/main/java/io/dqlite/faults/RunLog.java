package io.dqlite.faults;

import java.time.Duration;

/** Prints a run's progress with the time since it began, to explain a run afterwards (the checkers decide). */
public final class RunLog {

    private final String name;
    private final long start = System.nanoTime();

    /** Creates the log of the run {@code name}. */
    public RunLog(String name) {
        this.name = name;
    }

    /** Prints one line. */
    public void line(String text) {
        System.out.printf("[%s +%6.1f s] %s%n", name, elapsed().toMillis() / 1000.0, text);
    }

    /** Returns when the run began, in {@link System#nanoTime()}, the origin of every "+s" the log prints. */
    public long origin() {
        return start;
    }

    /** Returns the time since the run began. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
