package io.dqlite.jdbc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One message on the wire: an 8-byte header (body length in words, type, schema revision, two
 * unused bytes) and a body whose length is a multiple of 8.
 */
public record Frame(int type, int schema, byte[] body) {

    /** The size of a word, the unit of lengths and alignment on the wire. */
    public static final int WORD = 8;
    /** The default limit on a body's size. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

    /** Checks that the type and schema fit in a byte and the body is whole words. */
    public Frame {
        if (type < 0 || type > 255 || schema < 0 || schema > 255) {
            throw new IllegalArgumentException("message type " + type + " or schema " + schema + " does not fit in a byte");
        }
        if (body.length % WORD != 0) {
            throw new IllegalArgumentException("message body of " + body.length + " bytes is not a whole number of words");
        }
    }

    /**
     * Reads one message; returns null if the stream ends cleanly before a header, and fails if the
     * body is longer than {@code maxBodyBytes} or is cut short.
     */
    public static Frame read(InputStream in, int maxBodyBytes) throws IOException {
        byte[] header = in.readNBytes(WORD);
        if (header.length == 0) {
            return null;
        }
        if (header.length < WORD) {
            throw new ProtocolException("connection closed inside a message header");
        }
        long words = (header[0] & 0xffL) | (header[1] & 0xffL) << 8 | (header[2] & 0xffL) << 16
                | (header[3] & 0xffL) << 24;
        int type = header[4] & 0xff;
        if (words * WORD > maxBodyBytes) {
            throw new ProtocolException("message of type " + type + " announces a body of " + words * WORD
                    + " bytes, more than the limit of " + maxBodyBytes);
        }
        int length = (int) (words * WORD);
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new ProtocolException("connection closed after " + body.length + " of " + length
                    + " body bytes of a message of type " + type);
        }
        return new Frame(type, header[5] & 0xff, body);
    }

    /** Writes the header and body and flushes. */
    public void write(OutputStream out) throws IOException {
        int words = body.length / WORD;
        byte[] header = {(byte) words, (byte) (words >>> 8), (byte) (words >>> 16), (byte) (words >>> 24),
                (byte) type, (byte) schema, 0, 0};
        out.write(header);
        out.write(body);
        out.flush();
    }
}
