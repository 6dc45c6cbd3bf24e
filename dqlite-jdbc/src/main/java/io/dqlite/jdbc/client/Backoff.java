package io.dqlite.jdbc.client;

import java.time.Duration;
import java.util.Random;

/** Exponential backoff with jitter: round n waits between half and all of min(initial * 2^n, max). */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final Random random;

    Backoff(Duration initial, Duration max, Random random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** Returns the pause after round {@code round} (from 0). */
    Duration delay(int round) {
        long ceiling = initialNanos;
        for (int i = 0; i < round && ceiling < maxNanos; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxNanos);
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (random.nextDouble() * (ceiling - half)));
    }
}
