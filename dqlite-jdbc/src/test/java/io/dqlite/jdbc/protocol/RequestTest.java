package io.dqlite.jdbc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestTest {

    static final List<Object> EVERY_PARAMETER = Arrays.asList(
            null, 0L, Long.MIN_VALUE, Long.MAX_VALUE, 1.5, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, -0.0, "", "x", "1234567", "12345678", "żółw 🐢 日本", new byte[0],
            new byte[] {1, 2, 3}, new byte[100_000], true, false);

    static List<Request> everyRequest() {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(i % 2 == 0 ? (Object) (long) i : "p" + i);
        }
        return List.of(
                new Request.Leader(), new Request.Client(42), new Request.Heartbeat(-1),
                new Request.Open("test.db", 0, "volatile"), new Request.Prepare(7, "SELECT ?"),
                new Request.Exec(1, 2, EVERY_PARAMETER), new Request.Exec(1, 2, List.of()),
                new Request.Exec(-1, Integer.MAX_VALUE, many), new Request.Query(3, 4, EVERY_PARAMETER),
                new Request.Query(3, 4, many), new Request.Finalize(5, 6),
                new Request.ExecSql(1, "INSERT INTO t VALUES(?)", EVERY_PARAMETER),
                new Request.ExecSql(1, "", List.of()), new Request.QuerySql(9, "SELECT 1", many),
                new Request.QuerySql(9, "SELECT ?", EVERY_PARAMETER), new Request.Interrupt(3),
                new Request.Add(4, "127.0.0.1:9001"), new Request.Assign(4, NodeRole.STANDBY),
                new Request.Remove(4), new Request.Dump("test.db"), new Request.Cluster(1),
                new Request.Transfer(2), new Request.Describe(0), new Request.Weight(Long.MAX_VALUE));
    }

    @Test
    void everyRequestSurvivesTheWire() throws IOException {
        for (Request request : everyRequest()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            request.encode().write(out);
            Frame frame = Frame.read(new ByteArrayInputStream(out.toByteArray()), Frame.DEFAULT_MAX_BODY_BYTES);
            assertThat(frame.type()).isEqualTo(request.type());
            assertThat(Request.decode(frame)).usingRecursiveComparison().withEqualsForType(RequestTest::sameBits, Double.class).isEqualTo(request);
        }
    }

    @Test
    void manyParametersUseSchemaOneWithA32BitCount() throws IOException {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            many.add((long) i);
        }
        Frame frame = new Request.Exec(1, 2, many).encode();
        assertThat(frame.schema()).isEqualTo(1);
        assertThat(Arrays.copyOfRange(frame.body(), 8, 14)).containsExactly(0, 1, 0, 0, 1, 1);
        assertThat(new Request.Exec(1, 2, many.subList(0, 255)).encode().schema()).isZero();
    }

    @Test
    void otherNumbersEncodeAsIntegerOrFloat() throws IOException {
        Request request = new Request.ExecSql(0, "x", List.of(7, (short) 3, 2.5f, new BigDecimal("12"), new BigDecimal("0.5")));
        Request decoded = Request.decode(request.encode());
        assertThat(((Request.ExecSql) decoded).parameters()).containsExactly(7L, 3L, 2.5, 12L, 0.5);
    }

    @Test
    void unsupportedParameterIsNamed() {
        assertThatThrownBy(() -> new Request.ExecSql(0, "x", List.of(new Object())).encode())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void textWithNulIsRefused() {
        assertThatThrownBy(() -> new Request.Prepare(0, "SELECT 1\0; DROP TABLE t").encode())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }

    @Test
    void leaderMatchesTheSpec() {
        assertThat(bytes(new Request.Leader().encode())).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void openMatchesTheSpec() {
        assertThat(bytes(new Request.Open("test.db", 0, "volatile").encode())).containsExactly(
                4, 0, 0, 0, 3, 0, 0, 0,
                't', 'e', 's', 't', '.', 'd', 'b', 0,
                0, 0, 0, 0, 0, 0, 0, 0,
                'v', 'o', 'l', 'a', 't', 'i', 'l', 'e',
                0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void execSqlWithParametersMatchesTheSpec() {
        assertThat(bytes(new Request.ExecSql(2, "x", List.of(1L, "a")).encode())).containsExactly(
                5, 0, 0, 0, 8, 0, 0, 0,
                2, 0, 0, 0, 0, 0, 0, 0,
                'x', 0, 0, 0, 0, 0, 0, 0,
                2, 1, 3, 0, 0, 0, 0, 0,
                1, 0, 0, 0, 0, 0, 0, 0,
                'a', 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void unknownTypeAndSchemaAreNamed() {
        assertThatThrownBy(() -> Request.decode(new Frame(11, 0, new byte[8])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown request type 11");
        assertThatThrownBy(() -> Request.decode(new Frame(Request.Exec.TYPE, 2, new byte[8])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("schema 2");
    }

    static boolean sameBits(Double a, Double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    static byte[] bytes(Frame frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            frame.write(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }
}
