package io.dqlite.jdbc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MalformedInputTest {

    private static final int MAX = 1 << 20;

    @Test
    void everyTruncatedStreamFailsWithAProtocolException() {
        for (Frame frame : samples()) {
            byte[] bytes = RequestTest.bytes(frame);
            for (int length = 1; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> Frame.read(new ByteArrayInputStream(cut), MAX))
                        .isInstanceOf(ProtocolException.class);
            }
        }
    }

    @Test
    void everyTruncatedBodyFailsWithAProtocolExceptionOrDecodes() {
        for (Frame frame : samples()) {
            for (int words = 0; words < frame.body().length / Frame.WORD; words++) {
                Frame cut = new Frame(frame.type(), frame.schema(), Arrays.copyOf(frame.body(), words * Frame.WORD));
                decodeAllowingOnlyProtocolExceptions(cut);
            }
        }
    }

    @Test
    void randomCorruptionFailsWithAProtocolExceptionOrDecodes() {
        Random random = new Random(20_261_125);
        List<Frame> samples = samples();
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = RequestTest.bytes(samples.get(random.nextInt(samples.size())));
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                Frame frame = Frame.read(new ByteArrayInputStream(bytes), MAX);
                if (frame != null) {
                    decodeAllowingOnlyProtocolExceptions(frame);
                }
            } catch (ProtocolException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (IOException e) {
                throw new AssertionError("not a ProtocolException", e);
            }
        }
    }

    @Test
    void oversizedBodyIsRefusedBeforeItIsRead() {
        byte[] header = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 7, 0, 0, 0};
        assertThatThrownBy(() -> Frame.read(new ByteArrayInputStream(header), MAX))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("more than the limit of 1048576");
    }

    @Test
    void problemsAreNamed() {
        assertThatThrownBy(() -> Response.decode(new Frame(Response.Failure.TYPE, 0, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'})))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("no terminating NUL");
        assertThatThrownBy(() -> Response.decode(new Frame(42, 0, new byte[8])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown response type 42");
        byte[] rows = RequestTest.bytes(new Response.Rows(List.of("a"), List.of(), true).encode());
        byte[] body = Arrays.copyOfRange(rows, 8, rows.length);
        body[16] = 7;
        assertThatThrownBy(() -> Response.decode(new Frame(7, 0, body)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown value type code 7");
        byte[] manyColumns = new byte[16];
        manyColumns[7] = 0x10;
        assertThatThrownBy(() -> Response.decode(new Frame(7, 0, manyColumns)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("columns cannot fit");
        assertThatThrownBy(() -> ProtocolVersion.read(new ByteArrayInputStream(new byte[] {2, 0, 0, 0, 0, 0, 0, 0})))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown protocol version 0x2");
    }

    private static List<Frame> samples() {
        return List.of(
                new Request.Open("test.db", 0, "volatile").encode(),
                new Request.ExecSql(1, "INSERT INTO t VALUES(?)", RequestTest.EVERY_PARAMETER.subList(0, 17)).encode(),
                new Request.Query(1, 2, List.of(1L, "two", new byte[] {3}, 4.0, true)).encode(),
                new Request.Assign(3, NodeRole.SPARE).encode(),
                new Response.Failure(1, "near \"x\": syntax error").encode(),
                new Response.Servers(1, List.of(new NodeInfo(1, "127.0.0.1:1", NodeRole.VOTER))).encode(),
                new Response.Files(List.of(new DumpFile("a", new byte[] {1, 2, 3}))).encode(),
                new Response.Stmt(1, 2, 3, 4).encode(),
                new Response.Rows(List.of("a", "b", "c"), List.of(
                        new Row(List.of(io.dqlite.jdbc.session.ValueType.TEXT, io.dqlite.jdbc.session.ValueType.BLOB,
                                io.dqlite.jdbc.session.ValueType.ISO8601), List.of("x", new byte[] {9}, "2024-01-01"))), false).encode());
    }

    private static void decodeAllowingOnlyProtocolExceptions(Frame frame) {
        for (boolean asRequest : new boolean[] {true, false}) {
            try {
                if (asRequest) {
                    Request.decode(frame);
                } else {
                    Response.decode(frame);
                }
            } catch (ProtocolException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException e) {
                throw new AssertionError("decoding " + Arrays.toString(frame.body()) + " as type " + frame.type()
                        + " threw " + e, e);
            }
        }
    }
}
