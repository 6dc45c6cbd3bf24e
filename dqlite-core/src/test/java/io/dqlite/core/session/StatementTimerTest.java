package io.dqlite.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The statement clock cancels a statement past its limit, and never one whose clock stopped. */
class StatementTimerTest {

    private static final String ENDLESS = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c)"
            + " SELECT count(*) FROM c";
    private static final String SLOW = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c"
            + " WHERE n < ?) SELECT count(*) FROM c";

    @Test
    void aStatementPastItsLimitIsCancelledWithinASweep() throws Exception {
        StatementTimer timer = new StatementTimer(Duration.ofMillis(200));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
                PreparedStatement endless = connection.prepareStatement(ENDLESS)) {
            long start = System.nanoTime();
            StatementTimer.Deadline deadline = timer.start(endless);
            try {
                assertThatThrownBy(endless::executeQuery).isInstanceOf(SQLException.class);
            } finally {
                deadline.stop();
            }
            assertThat(deadline.passed()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200),
                    Duration.ofSeconds(5));
        }
    }

    @Test
    void aStatementWhoseClockStoppedRunsAgainUncancelledPastTheOldLimit() throws Exception {
        StatementTimer timer = new StatementTimer(Duration.ofMillis(50));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
                PreparedStatement slow = connection.prepareStatement(SLOW)) {
            slow.setLong(1, 10);
            StatementTimer.Deadline deadline = timer.start(slow);
            try (ResultSet quick = slow.executeQuery()) {
                assertThat(quick.getLong(1)).isEqualTo(10L);
            } finally {
                deadline.stop();
            }

            // runs for several sweeps past the stopped clock's limit
            slow.setLong(1, 2_000_000);
            long start = System.nanoTime();
            try (ResultSet counted = slow.executeQuery()) {
                assertThat(counted.getLong(1)).isEqualTo(2_000_000L);
            }
            assertThat(deadline.passed()).isFalse();
            System.out.printf("the second run took %d ms%n", (System.nanoTime() - start) / 1_000_000);
        }
    }
}
