package io.dqlite.jdbc.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rows of one ROWS message one at a time, without decoding the whole batch first, and then
 * tells whether the result is done or another ROWS message follows.
 */
public final class RowsCursor {

    private final BodyReader in;
    private final List<String> columns;
    private boolean ended;
    private boolean done;

    private RowsCursor(BodyReader in, List<String> columns) {
        this.in = in;
        this.columns = columns;
    }

    /** Starts reading a ROWS message, decoding its column names. */
    public static RowsCursor open(Frame frame) throws ProtocolException {
        if (frame.type() != Response.Rows.TYPE) {
            throw new ProtocolException("expected a ROWS message (type 7), got type " + frame.type());
        }
        BodyReader in = new BodyReader(frame, "ROWS message");
        int count = in.count(in.uint64(), Frame.WORD, "columns");
        List<String> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            columns.add(in.text());
        }
        return new RowsCursor(in, List.copyOf(columns));
    }

    /** Returns the names of the result's columns. */
    public List<String> columns() {
        return columns;
    }

    /** Returns the next row of this message, or null once its DONE or PART marker is reached. */
    public Row next() throws ProtocolException {
        if (ended) {
            return null;
        }
        if (columns.isEmpty() || in.remaining() < Frame.WORD || in.peekUint8() == 0xff || in.peekUint8() == 0xee) {
            readMarker();
            return null;
        }
        return Values.readRow(in, columns.size());
    }

    /** Tells whether the marker was DONE (true) or PART (false); only valid after {@link #next()} returned null. */
    public boolean done() {
        if (!ended) {
            throw new IllegalStateException("the rows of this message have not all been read");
        }
        return done;
    }

    /** Reads the rest of the message into a {@link Response.Rows}. */
    public Response.Rows readAll() throws ProtocolException {
        List<Row> rows = new ArrayList<>();
        for (Row row = next(); row != null; row = next()) {
            rows.add(row);
        }
        return new Response.Rows(columns, rows, done);
    }

    private void readMarker() throws ProtocolException {
        if (in.remaining() < Frame.WORD) {
            throw in.error("the body ends without a DONE or PART marker");
        }
        long marker = in.uint64();
        if (marker != Response.Rows.DONE && marker != Response.Rows.PART) {
            throw in.error("expected a DONE or PART marker, found 0x" + Long.toHexString(marker));
        }
        ended = true;
        done = marker == Response.Rows.DONE;
    }
}
