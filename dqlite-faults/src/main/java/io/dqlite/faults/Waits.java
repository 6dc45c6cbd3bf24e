package io.dqlite.faults;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waits for a condition to hold, polling it, and fails with the condition's description when time runs out. */
public final class Waits {

    private static final long POLL_MILLIS = 200;

    private Waits() {
    }

    /** Returns once {@code condition} holds, or throws a {@link TimeoutException} naming {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("waited " + timeout.toSeconds() + " s for " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Tells whether {@code condition} came to hold within {@code timeout}. */
    public static boolean within(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        try {
            await("a condition", timeout, condition);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
