package io.dqlite.jdbc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.jdbc.CommitOutcomeUnknownException;
import io.dqlite.jdbc.SqliteErrors;
import io.dqlite.jdbc.protocol.Frame;
import io.dqlite.jdbc.protocol.ProtocolVersion;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderDiscoveryTest {

    private static final ClientSettings FAST = new ClientSettings(Duration.ofMillis(500), Duration.ofSeconds(5),
            Duration.ofMillis(800), Duration.ofMillis(20), Duration.ofMillis(100), 1 << 20, 1 << 20, null);

    @Test
    void deadPortTimesOutNamingTheAddressAndTheError() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        long start = System.nanoTime();
        assertThatThrownBy(() -> new RemoteSessionFactory(List.of(address), FAST).open("test"))
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("found no dqlite leader within PT0.8S")
                .hasMessageContaining("tried [" + address + "]")
                .hasMessageContaining("Connection refused")
                .satisfies(e -> assertThat(((SQLTransientConnectionException) e).getErrorCode())
                        .isEqualTo(SqliteErrors.SQLITE_CANTOPEN));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(3));
    }

    @Test
    void nodeThatKnowsNoLeaderIsRetriedUntilTheTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + server.getLocalPort();
            Thread node = new Thread(() -> answerLeaderWithNobody(server));
            node.setDaemon(true);
            node.start();
            assertThatThrownBy(() -> new RemoteSessionFactory(List.of(address), FAST).open("test"))
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("last error: " + address + " knows no leader");
        }
    }

    @Test
    void aNodeThatAcceptsButNeverAnswersDoesNotHoldUpTheSearch() throws Exception {
        try (ServerSocket paused = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                StandInLeader leader = new StandInLeader(StandInLeader.HANG_UP)) {
            String pausedAddress = "127.0.0.1:" + paused.getLocalPort();
            String leaderAddress = leader.address();
            ClientSettings settings = ClientSettings.defaults();

            long start = System.nanoTime();
            RemoteSession session = (RemoteSession) new RemoteSessionFactory(List.of(pausedAddress, leaderAddress),
                    settings).open("test");

            assertThat(session.nodeAddress()).isEqualTo(leaderAddress);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a paused node gets only a short wait")
                    .isLessThan(Duration.ofSeconds(3));
            session.close();
            start = System.nanoTime();
            RemoteSession again = (RemoteSession) new RemoteSessionFactory(List.of(pausedAddress, leaderAddress),
                    settings).open("test");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the leader found before is asked first")
                    .isLessThan(LeaderFinder.ASK_TIMEOUT);
            again.close();
        }
    }

    @Test
    void aStatementWaitingOnALeaderThatWentSilentEndsOnceAnotherNodeLeads() throws Exception {
        StandInLeader.Answer silence = (request, in, out) -> Frame.read(in, 1 << 20) != null;
        try (StandInLeader paused = new StandInLeader(silence);
                StandInLeader next = new StandInLeader(StandInLeader.HANG_UP)) {
            RemoteSession session = (RemoteSession) new RemoteSessionFactory(
                    List.of(paused.address(), next.address()), ClientSettings.defaults()).open("test");
            assertThat(session.nodeAddress()).isEqualTo(paused.address());

            long start = System.nanoTime();
            assertThatThrownBy(() -> session.execSql("INSERT INTO t VALUES(1)", List.of()))
                    .isInstanceOf(CommitOutcomeUnknownException.class)
                    .hasMessageContaining("no longer leads: node " + next.address() + " does");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("well before the 60 s read timeout").isLessThan(Duration.ofSeconds(10));
            session.close();
        }
    }

    private static void answerLeaderWithNobody(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                ProtocolVersion.read(socket.getInputStream());
                Frame frame = Frame.read(socket.getInputStream(), 1 << 20);
                if (frame != null && Request.decode(frame) instanceof Request.Leader) {
                    new Response.Server(0, "").encode().write(socket.getOutputStream());
                }
            } catch (IOException e) {
                return;
            }
        }
    }
}
