package io.dqlite.jdbc;

import io.dqlite.jdbc.session.Session;
import java.sql.SQLException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timeout of one statement execution: when it expires before {@link #cancel()}, a shared daemon
 * timer thread calls {@link Session#interrupt()}, and the running call then fails.
 */
final class QueryTimeout {

    private static final Logger LOG = LoggerFactory.getLogger(QueryTimeout.class);
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Session session;
    private final ScheduledFuture<?> expiry;
    private boolean cancelled;
    private boolean expired;

    private QueryTimeout(Session session, int seconds) {
        this.session = session;
        this.expiry = TIMER.schedule(this::expire, seconds, TimeUnit.SECONDS);
    }

    /** Starts a timeout of {@code seconds} on the call about to run on {@code session}. */
    static QueryTimeout start(Session session, int seconds) {
        return new QueryTimeout(session, seconds);
    }

    private synchronized void expire() {
        if (cancelled) {
            return;
        }
        expired = true;
        try {
            session.interrupt();
        } catch (SQLException e) {
            LOG.warn("Could not interrupt a statement that ran past its query timeout", e);
        }
    }

    /** Ends the timeout; once this returns, no interrupt is sent for it. */
    synchronized void cancel() {
        cancelled = true;
        expiry.cancel(false);
    }

    /** Tells whether the timeout expired and interrupted the call. */
    synchronized boolean expired() {
        return expired;
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "dqlite-query-timeout");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
