package io.dqlite.faults;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which faults to inject, how long each lasts and how long the run goes on: the short schedule
 * (every fault of the cycle once, pauses and partitions of 5 s) unless {@code faults.duration} asks
 * for a longer one, which repeats the cycle until that time has passed with pauses and partitions of
 * 5 to 15 s. A schedule without faults ({@link #quietFromSystemProperties()}) lets the workloads run
 * undisturbed for its duration.
 *
 * @param cycle the faults, in the order they are injected; empty for a run without faults
 * @param duration how long to keep cycling; zero for one pass
 * @param quiet how long the cluster runs undisturbed between two faults
 * @param followerDowntime how long a killed follower stays down
 */
public record FaultSchedule(List<Fault> cycle, Duration duration, Duration quiet, Duration followerDowntime) {

    /** The system property that selects the long schedule, e.g. {@code -Dfaults.duration=600s}. */
    public static final String DURATION_PROPERTY = "faults.duration";

    /** The system property that sets how long a run without faults lasts, e.g. {@code -Dfaults.quiet-duration=600s}. */
    public static final String QUIET_DURATION_PROPERTY = "faults.quiet-duration";

    /** How long a run without faults lasts when {@value #QUIET_DURATION_PROPERTY} is blank. */
    public static final Duration DEFAULT_QUIET_DURATION = Duration.ofSeconds(60);

    /** Makes the cycle unmodifiable. */
    public FaultSchedule {
        cycle = List.copyOf(cycle);
    }

    /** Returns the schedule for {@code cycle} that the system properties select. */
    public static FaultSchedule fromSystemProperties(List<Fault> cycle) {
        return new FaultSchedule(cycle, parse(System.getProperty(DURATION_PROPERTY, "")), Duration.ofSeconds(3),
                Duration.ofSeconds(3));
    }

    /** Returns the schedule without faults that lasts as long as {@value #QUIET_DURATION_PROPERTY} says (60 s if blank). */
    public static FaultSchedule quietFromSystemProperties() {
        Duration duration = parse(System.getProperty(QUIET_DURATION_PROPERTY, ""));
        return quiet(duration.isZero() ? DEFAULT_QUIET_DURATION : duration);
    }

    /** Returns the schedule without faults that lasts {@code duration}. */
    public static FaultSchedule quiet(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("a run without faults needs a duration, not " + duration);
        }
        return new FaultSchedule(List.of(), duration, Duration.ZERO, Duration.ZERO);
    }

    /** Tells whether this schedule injects no fault at all. */
    public boolean isQuiet() {
        return cycle.isEmpty();
    }

    /** Parses "600s", "10m", "1h" or a plain number of seconds; blank means the short schedule. */
    static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            char unit = value.charAt(value.length() - 1);
            long amount = Character.isDigit(unit) ? Long.parseLong(value)
                    : Long.parseLong(value.substring(0, value.length() - 1));
            return switch (unit) {
                case 'h' -> Duration.ofHours(amount);
                case 'm' -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(DURATION_PROPERTY + "=" + text
                    + " is not a duration; write seconds such as 600s, or 10m", e);
        }
    }

    /** Tells whether this is the long schedule. */
    public boolean isLong() {
        return !duration.isZero();
    }

    /** Tells whether another fault is due, {@code elapsed} into the run after {@code injected} faults. */
    public boolean hasNext(int injected, Duration elapsed) {
        if (isQuiet()) {
            return false;
        }
        return isLong() ? elapsed.compareTo(duration) < 0 : injected < cycle.size();
    }

    /** Returns the fault to inject as the {@code index}-th. */
    public Fault fault(int index) {
        return cycle.get(index % cycle.size());
    }

    /** Returns how long the next pause or partition lasts: 5 s on the short schedule, 5 to 15 s on the long one. */
    public Duration faultLength() {
        return isLong() ? Duration.ofMillis(ThreadLocalRandom.current().nextLong(5_000, 15_001)) : Duration.ofSeconds(5);
    }

    /** Describes the schedule in one line. */
    public String describe() {
        if (isQuiet()) {
            return "no faults, " + duration.toSeconds() + " s";
        }
        return (isLong() ? "long schedule, " + duration.toSeconds() + " s" : "short schedule, one pass") + ": " + cycle;
    }
}
