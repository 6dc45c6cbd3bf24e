package io.dqlite.core.session;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels statements that run longer than the node's statement timeout, so that no statement
 * (an unbounded recursive query, say) holds a reader or the writer forever.
 *
 * <p>A statement's clock is an entry in a set that one thread sweeps every {@value #SWEEP_MILLIS} ms while
 * statements run, so a statement is cancelled at most that late. Starting and stopping a clock wakes no thread: a
 * timer task per statement woke the timer thread on most point reads, a tenth of a read's cost on 2 cores.
 */
final class StatementTimer {

    private static final Logger log = LoggerFactory.getLogger(StatementTimer.class);
    static final long SWEEP_MILLIS = 50;
    /** Sweeps in a row that found no clock running before the sweeping stops (and a second later its thread). */
    private static final int IDLE_SWEEPS = 20;
    private static final Set<Deadline> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean SWEEPING = new AtomicBoolean();
    private static final ScheduledThreadPoolExecutor SWEEPER = sweeper();
    /** Touched by the sweeping thread only. */
    private static int idleSweeps;

    private final Duration limit;

    /** Creates a timer that cancels statements after {@code limit}; zero means never. */
    StatementTimer(Duration limit) {
        this.limit = limit;
    }

    /** Returns the limit statements run under. */
    Duration limit() {
        return limit;
    }

    /** Starts the clock on {@code statement}, which is cancelled if it still runs when the limit passes. */
    Deadline start(Statement statement) {
        if (limit.isZero()) {
            return Deadline.NEVER;
        }
        Deadline deadline = new Deadline(statement, System.nanoTime() + limit.toNanos());
        RUNNING.add(deadline);
        if (!SWEEPING.get() && SWEEPING.compareAndSet(false, true)) {
            SWEEPER.schedule(StatementTimer::sweep, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
        return deadline;
    }

    /** The clock on one statement. */
    static final class Deadline {

        static final Deadline NEVER = new Deadline(null, 0);

        private final Statement statement;
        private final long due;
        private boolean stopped;
        private volatile boolean expired;

        private Deadline(Statement statement, long due) {
            this.statement = statement;
            this.due = due;
        }

        /** Stops the clock; call when the statement ends. No cancel reaches the statement after this returns. */
        void stop() {
            if (statement == null) {
                return;
            }
            RUNNING.remove(this);
            synchronized (this) {
                stopped = true;
            }
        }

        /** Tells whether the limit passed and the statement was cancelled. */
        boolean passed() {
            return expired;
        }

        private void expireIfDue(long now) {
            if (now - due < 0) {
                return;
            }
            RUNNING.remove(this);
            // under the lock, so that a statement compiled once and run again is never cancelled in its next run
            synchronized (this) {
                if (stopped) {
                    return;
                }
                expired = true;
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    log.debug("Cancelling a statement past its timeout failed", e);
                }
            }
        }
    }

    private static void sweep() {
        long now = System.nanoTime();
        for (Deadline deadline : RUNNING) {
            deadline.expireIfDue(now);
        }
        idleSweeps = RUNNING.isEmpty() ? idleSweeps + 1 : 0;
        if (idleSweeps < IDLE_SWEEPS) {
            SWEEPER.schedule(StatementTimer::sweep, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        idleSweeps = 0;
        SWEEPING.set(false);
        // a clock started while this sweep decided to stop saw it still sweeping
        if (!RUNNING.isEmpty() && SWEEPING.compareAndSet(false, true)) {
            SWEEPER.schedule(StatementTimer::sweep, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private static ScheduledThreadPoolExecutor sweeper() {
        ScheduledThreadPoolExecutor sweeper = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "dqlite-statement-timer");
            thread.setDaemon(true);
            return thread;
        });
        // no thread outlives the nodes: it ends a second after the sweeping stopped
        sweeper.setKeepAliveTime(1, TimeUnit.SECONDS);
        sweeper.allowCoreThreadTimeOut(true);
        return sweeper;
    }
}
