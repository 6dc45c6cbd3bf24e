package io.dqlite.jdbc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.jdbc.session.ValueType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseTest {

    static final Row EVERY_VALUE = new Row(
            List.of(ValueType.INTEGER, ValueType.INTEGER, ValueType.FLOAT, ValueType.FLOAT, ValueType.FLOAT,
                    ValueType.TEXT, ValueType.TEXT, ValueType.BLOB, ValueType.BLOB, ValueType.NULL,
                    ValueType.UNIXTIME, ValueType.ISO8601, ValueType.BOOLEAN, ValueType.BOOLEAN,
                    ValueType.FLOAT, ValueType.ISO8601, ValueType.TEXT),
            Arrays.asList(Long.MIN_VALUE, Long.MAX_VALUE, Double.NaN, Double.NEGATIVE_INFINITY, -0.0,
                    "", "żółw 🐢", new byte[0], new byte[70_000], null,
                    1_700_000_000L, "2024-01-02 03:04:05", true, false,
                    Double.POSITIVE_INFINITY, null, "12345678"));

    static List<Response> everyResponse() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(EVERY_VALUE);
        }
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < EVERY_VALUE.types().size(); i++) {
            columns.add("c" + i);
        }
        return List.of(
                new Response.Failure(2067, "UNIQUE constraint failed: t.id"), new Response.Server(3, "127.0.0.1:9003"),
                new Response.Server(0, ""), new Response.Welcome(15_000),
                new Response.Servers(1, List.of(new NodeInfo(1, "a:1", NodeRole.VOTER), new NodeInfo(2, "b:2", NodeRole.SPARE))),
                new Response.Db(Integer.MAX_VALUE), new Response.Stmt(1, 2, 3, -1), new Response.Stmt(1, 2, 3, 17),
                new Response.Result(Long.MAX_VALUE, 0), new Response.Rows(columns, rows, true),
                new Response.Rows(columns, List.of(), false), new Response.Rows(List.of(), List.of(), true),
                new Response.Rows(List.of("x"), List.of(new Row(List.of(ValueType.NULL), Arrays.asList((Object) null))), false),
                new Response.Empty(),
                new Response.Files(List.of(new DumpFile("test.db", new byte[4096]), new DumpFile("test.db-wal", new byte[] {1, 2, 3}))),
                new Response.Metadata(7, 42));
    }

    @Test
    void everyResponseSurvivesTheWire() throws IOException {
        for (Response response : everyResponse()) {
            Frame frame = response.encode();
            assertThat(frame.type()).isEqualTo(response.type());
            assertThat(Response.decode(frame)).usingRecursiveComparison().withEqualsForType(RequestTest::sameBits, Double.class).isEqualTo(response);
        }
    }

    @Test
    void legacyLeaderAndClusterFormatZeroNeedTheirContext() throws IOException {
        Response legacy = new Response.ServerLegacy("127.0.0.1:9001");
        assertThat(Response.decode(legacy.encode(), ProtocolVersion.VERSION_LEGACY, 1)).isEqualTo(legacy);
        Response formatZero = new Response.Servers(0, List.of(new NodeInfo(5, "x:1", NodeRole.VOTER)));
        assertThat(formatZero.encode().body()).hasSize(24);
        assertThat(Response.decode(formatZero.encode(), ProtocolVersion.VERSION_ONE, 0)).isEqualTo(formatZero);
    }

    @Test
    void rowsMatchTheSpec() throws IOException {
        Response rows = new Response.Rows(List.of("a", "b"),
                List.of(new Row(List.of(ValueType.INTEGER, ValueType.TEXT), List.of(5L, "hi"))), true);
        assertThat(RequestTest.bytes(rows.encode())).containsExactly(
                7, 0, 0, 0, 7, 0, 0, 0,
                2, 0, 0, 0, 0, 0, 0, 0,
                'a', 0, 0, 0, 0, 0, 0, 0,
                'b', 0, 0, 0, 0, 0, 0, 0,
                0x31, 0, 0, 0, 0, 0, 0, 0,
                5, 0, 0, 0, 0, 0, 0, 0,
                'h', 'i', 0, 0, 0, 0, 0, 0,
                -1, -1, -1, -1, -1, -1, -1, -1);
    }

    @Test
    void cursorYieldsRowsOneByOneThenTheMarker() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < 40; i++) {
            rows.add(new Row(List.of(ValueType.INTEGER), List.of(i)));
        }
        RowsCursor cursor = RowsCursor.open(new Response.Rows(List.of("n"), rows, false).encode());
        assertThat(cursor.columns()).containsExactly("n");
        assertThatThrownBy(cursor::done).isInstanceOf(IllegalStateException.class);
        for (long i = 0; i < 40; i++) {
            assertThat(cursor.next().values()).containsExactly(i);
        }
        assertThat(cursor.next()).isNull();
        assertThat(cursor.done()).isFalse();
    }

    @Test
    void emptyIso8601IsNull() throws IOException {
        Frame frame = new Response.Rows(List.of("d"), List.of(new Row(List.of(ValueType.ISO8601),
                Arrays.asList((Object) null))), true).encode();
        Row row = RowsCursor.open(frame).next();
        assertThat(row.types()).containsExactly(ValueType.ISO8601);
        assertThat(row.values()).containsExactly((Object) null);
    }
}
