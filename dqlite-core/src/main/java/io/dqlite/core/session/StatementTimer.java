package io.dqlite.core.session;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels statements that run longer than the node's statement timeout, so that no statement
 * (an unbounded recursive query, say) holds a reader or the writer forever.
 */
final class StatementTimer {

    private static final Logger log = LoggerFactory.getLogger(StatementTimer.class);
    private static final ScheduledThreadPoolExecutor TIMER = timer();

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
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> cancel = TIMER.schedule(() -> {
            expired.set(true);
            try {
                statement.cancel();
            } catch (SQLException e) {
                log.debug("Cancelling a statement past its timeout failed", e);
            }
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
        return new Deadline(cancel, expired);
    }

    /** The clock on one statement. */
    record Deadline(ScheduledFuture<?> cancel, AtomicBoolean expired) {

        static final Deadline NEVER = new Deadline(null, new AtomicBoolean());

        /** Stops the clock; call when the statement ends. */
        void stop() {
            if (cancel != null) {
                cancel.cancel(false);
            }
        }

        /** Tells whether the limit passed and the statement was cancelled. */
        boolean passed() {
            return expired.get();
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "dqlite-statement-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        // no thread outlives the nodes: it ends a second after the last statement's clock stopped
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }
}
