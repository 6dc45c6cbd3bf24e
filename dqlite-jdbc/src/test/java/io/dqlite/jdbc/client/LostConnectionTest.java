package io.dqlite.jdbc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.jdbc.CommitOutcomeUnknownException;
import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import io.dqlite.jdbc.session.Session;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LostConnectionTest {

    @Test
    void socketClosedByTheNodeMakesTheSessionUnusable() throws Exception {
        try (StandInLeader leader = new StandInLeader(StandInLeader.HANG_UP)) {
            String address = leader.address();
            ClientSettings settings = ClientSettings.defaults().withLeaderTimeout(Duration.ofSeconds(5));
            Session session = new RemoteSessionFactory(List.of(address), settings).open("test");
            assertThat(session.isValid(2)).isTrue();
            assertThatThrownBy(() -> session.execSql("SELECT 1", List.of()))
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("lost the connection to dqlite node " + address)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08006"))
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(SqliteErrors.SQLITE_IOERR));
            assertThatThrownBy(() -> session.execSql("SELECT 1", List.of()))
                    .isInstanceOf(SQLTransientConnectionException.class).hasMessageContaining("was lost earlier");
            assertThat(session.isValid(2)).isFalse();
            session.close();
        }
    }

    @Test
    void aWriteInFlightWhenTheConnectionDiesHasAnUnknownOutcomeNeverARetryableOne() throws Exception {
        try (StandInLeader leader = new StandInLeader(StandInLeader.HANG_UP)) {
            String address = leader.address();
            ClientSettings settings = ClientSettings.defaults().withLeaderTimeout(Duration.ofSeconds(5));
            RemoteSessionFactory sessions = new RemoteSessionFactory(List.of(address), settings);

            for (String write : List.of("INSERT INTO t VALUES(1)", "UPDATE t SET v = 2", "SELECT 1; DELETE FROM t",
                    "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", "PRAGMA user_version = 3")) {
                Session session = sessions.open("test");
                assertThatThrownBy(() -> session.execSql(write, List.of())).as(write)
                        .isInstanceOf(CommitOutcomeUnknownException.class)
                        .hasMessageContaining("may or may not have been committed")
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode())
                                .isEqualTo(SqliteErrors.SQLITE_IOERR_LEADERSHIP_LOST));
                session.close();
            }
            Session session = sessions.open("test");
            assertThatThrownBy(() -> session.querySql("INSERT INTO t VALUES(1) RETURNING rowid", List.of()))
                    .isInstanceOf(CommitOutcomeUnknownException.class);
            session.close();
            Session reader = sessions.open("test");
            assertThatThrownBy(() -> reader.querySql("WITH x AS (SELECT 1) SELECT * FROM x", List.of()))
                    .isInstanceOf(SQLTransientConnectionException.class);
            reader.close();
        }
    }

    @Test
    void aWriteStillUnansweredWhenTheReadTimeoutEndsHasAnUnknownOutcomeAReadARetryableOne() throws Exception {
        StandInLeader.Answer silent = (request, in, out) -> {
            while (in.read() >= 0) {
                // takes the statement and never answers, as a node stuck in its commit does
            }
            return false;
        };
        try (StandInLeader leader = new StandInLeader(silent)) {
            String url = "jdbc:dqlite://" + leader.address() + "/test?readTimeout=300&leaderTimeout=5000";
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO t VALUES(1)"))
                        .isInstanceOf(CommitOutcomeUnknownException.class)
                        .hasMessageContaining("may or may not have been committed");
            }
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM t"))
                        .isInstanceOf(SQLTransientConnectionException.class)
                        .isNotInstanceOf(CommitOutcomeUnknownException.class);
            }
        }
    }

    @Test
    void anExecutedStatementClosesCleanlyWhenTheConnectionIsLostAfterward() throws Exception {
        StandInLeader.Answer executeThenHangUpOnFinalize = (request, in, out) -> {
            if (request instanceof Request.Prepare) {
                new Response.Stmt(0, 7, 1, 0).encode().write(out);
                return true;
            }
            if (request instanceof Request.Exec) {
                new Response.Result(42, 1).encode().write(out);
                return true;
            }
            return false;
        };
        try (StandInLeader leader = new StandInLeader(executeThenHangUpOnFinalize);
                Connection connection = DriverManager.getConnection("jdbc:dqlite://" + leader.address() + "/test")) {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES(?)");
            insert.setInt(1, 1);
            assertThat(insert.executeUpdate()).isEqualTo(1);

            insert.close();

            assertThat(insert.isClosed()).isTrue();
        }
    }
}
