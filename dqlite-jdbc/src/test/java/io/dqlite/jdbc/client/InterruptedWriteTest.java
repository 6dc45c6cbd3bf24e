package io.dqlite.jdbc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.jdbc.CommitOutcomeUnknownException;
import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.protocol.Frame;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import io.dqlite.jdbc.session.Session;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A statement interrupted while it ran gets no answer of its own but EMPTY; for a statement that
 * may write that leaves its outcome open (the node may have committed it before the INTERRUPT came).
 */
class InterruptedWriteTest {

    @Test
    void aWriteAnsweredOnlyByTheInterruptHasAnUnknownOutcomeAndAReadIsInterrupted() throws Exception {
        BlockingQueue<Request> received = new LinkedBlockingQueue<>();
        StandInLeader.Answer answerOnlyTheInterrupt = (request, in, out) -> {
            received.add(request);
            Frame interrupt = Frame.read(in, 1 << 20);
            if (interrupt == null || !(Request.decode(interrupt) instanceof Request.Interrupt)) {
                return false;
            }
            new Response.Empty().encode().write(out);
            return true;
        };
        try (StandInLeader leader = new StandInLeader(answerOnlyTheInterrupt)) {
            ClientSettings settings = ClientSettings.defaults().withLeaderTimeout(Duration.ofSeconds(5));
            Session session = new RemoteSessionFactory(List.of(leader.address()), settings).open("test");

            Thread interrupter = interruptOnceReceived(session, received);
            assertThatThrownBy(() -> session.querySql("INSERT INTO t VALUES(1) RETURNING rowid", List.of()))
                    .isInstanceOf(CommitOutcomeUnknownException.class)
                    .hasMessageContaining("may or may not have been committed");
            interrupter.join();

            interrupter = interruptOnceReceived(session, received);
            assertThatThrownBy(() -> session.querySql("SELECT * FROM t", List.of()))
                    .isInstanceOf(SQLException.class)
                    .isNotInstanceOf(CommitOutcomeUnknownException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(SqliteErrors.SQLITE_INTERRUPT));
            interrupter.join();
            session.close();
        }
    }

    /** Interrupts {@code session} once the stand-in has received its next statement. */
    private static Thread interruptOnceReceived(Session session, BlockingQueue<Request> received) {
        Thread interrupter = new Thread(() -> {
            try {
                if (received.poll(10, TimeUnit.SECONDS) != null) {
                    session.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        interrupter.start();
        return interrupter;
    }
}
