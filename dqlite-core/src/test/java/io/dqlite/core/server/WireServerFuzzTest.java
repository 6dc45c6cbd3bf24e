package io.dqlite.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Member;
import io.dqlite.core.Node;
import io.dqlite.core.TestCluster;
import io.dqlite.jdbc.protocol.Frame;
import io.dqlite.jdbc.protocol.ProtocolVersion;
import io.dqlite.jdbc.protocol.Request;
import io.dqlite.jdbc.protocol.Response;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of malformed, truncated and oversized messages close only their own connections: a
 * well-formed client keeps being served between them and no acknowledged row is lost.
 */
class WireServerFuzzTest {

    private static final int ROUNDS = Integer.getInteger("dqlite.fuzz.rounds", 3000);

    @TempDir
    Path dir;

    @Test
    void malformedInputNeverHurtsTheNodeOrOtherClients() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 1, TestCluster.testTiming())) {
            cluster.startAll();
            Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
            String address = cluster.members().stream().filter(m -> m.id().equals(leader.id()))
                    .map(Member::wireAddress).findFirst().orElseThrow();
            Random random = new Random(42);
            List<byte[]> valid = validRequests();
            long acknowledged = 0;
            try (RawWireClient good = RawWireClient.handshake(address)) {
                assertThat(good.call(new Request.Open("fuzz", 0, "volatile"))).isEqualTo(new Response.Db(0));
                assertThat(good.call(new Request.ExecSql(0, "CREATE TABLE acked(n INTEGER)", List.of())))
                        .isInstanceOf(Response.Result.class);
                for (int round = 0; round < ROUNDS; round++) {
                    sendMalformed(address, random, valid, round);
                    if (round % 10 == 0) {
                        Response insert = good.call(new Request.ExecSql(0, "INSERT INTO acked VALUES(?)",
                                List.of((long) round)));
                        assertThat(insert).as("round %d", round).isInstanceOf(Response.Result.class);
                        acknowledged++;
                    }
                }
                Response.Rows count = (Response.Rows) good.call(new Request.QuerySql(0, "SELECT count(*) FROM acked",
                        List.of()));
                assertThat(count.rows().get(0).values()).containsExactly(acknowledged);
            }
            assertThat(leader.isLeader()).isTrue();
            TestCluster.await("fuzzing connections to close", Duration.ofSeconds(30),
                    () -> leader.wireConnectionCount() == 0);
        }
    }

    /** Sends one bad conversation, chosen by {@code round}, on a connection of its own. */
    private static void sendMalformed(String address, Random random, List<byte[]> valid, int round) throws IOException {
        try (RawWireClient bad = RawWireClient.connect(address)) {
            switch (round % 6) {
                case 0 -> bad.send(randomBytes(random, 1 + random.nextInt(64)));
                case 1 -> {
                    bad.send(version());
                    byte[] message = valid.get(random.nextInt(valid.size()));
                    bad.send(Arrays.copyOf(message, random.nextInt(message.length)));
                }
                case 2 -> {
                    bad.send(version());
                    byte[] message = valid.get(random.nextInt(valid.size())).clone();
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        message[random.nextInt(message.length)] ^= (byte) (1 + random.nextInt(255));
                    }
                    bad.send(message);
                }
                case 3 -> {
                    bad.send(version());
                    bad.send(header(Integer.MAX_VALUE, Request.ExecSql.TYPE));
                }
                case 4 -> {
                    bad.send(version());
                    bad.send(header(4, 200 + random.nextInt(50)));
                    bad.send(randomBytes(random, 32));
                }
                default -> {
                    bad.send(version());
                    byte[] garbageBody = randomBytes(random, 8 * (1 + random.nextInt(8)));
                    bad.send(header(garbageBody.length / 8, random.nextInt(20)));
                    bad.send(garbageBody);
                }
            }
        } catch (IOException e) {
            // the server may close a bad connection while it is still being written: that is the point
        }
    }

    private static List<byte[]> validRequests() throws IOException {
        List<Request> requests = List.of(new Request.Leader(), new Request.Open("fuzz", 0, "volatile"),
                new Request.ExecSql(0, "INSERT INTO acked VALUES(?)", List.of(-1L)),
                new Request.QuerySql(0, "SELECT * FROM acked WHERE n = ?", List.of("x")),
                new Request.Prepare(0, "SELECT 1"), new Request.Cluster(1), new Request.Interrupt(0));
        java.io.ByteArrayOutputStream bytes;
        List<byte[]> encoded = new java.util.ArrayList<>();
        for (Request request : requests) {
            bytes = new java.io.ByteArrayOutputStream();
            Frame frame = request.encode();
            frame.write(bytes);
            encoded.add(bytes.toByteArray());
        }
        return encoded;
    }

    private static byte[] version() {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(ProtocolVersion.VERSION_ONE).array();
    }

    private static byte[] header(int words, int type) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(words).put((byte) type).put((byte) 0)
                .putShort((short) 0).array();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
