package io.dqlite.jdbc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds a message body: little-endian numbers, NUL-terminated text and blobs, padded to words. */
final class BodyWriter {

    private byte[] bytes = new byte[64];
    private int size;

    void uint8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void uint32(int value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    void uint64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    void float64(double value) {
        uint64(Double.doubleToRawLongBits(value));
    }

    void text(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("text holds a NUL character, which the wire protocol cannot carry: "
                    + value.replace('\0', '?'));
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length + Frame.WORD);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        bytes[size++] = 0;
        padToWord();
    }

    void blob(byte[] value) {
        uint64(value.length);
        raw(value);
    }

    /** Appends {@code value} as is, then pads to a word. */
    void raw(byte[] value) {
        ensure(value.length + Frame.WORD);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        padToWord();
    }

    void padToWord() {
        int pad = (Frame.WORD - size % Frame.WORD) % Frame.WORD;
        ensure(pad);
        size += pad;
    }

    /** Reserves {@code count} zero bytes and returns the offset of the first. */
    int reserve(int count) {
        ensure(count);
        int offset = size;
        size += count;
        return offset;
    }

    void set(int offset, int value) {
        bytes[offset] = (byte) value;
    }

    int size() {
        return size;
    }

    Frame toFrame(int type, int schema) {
        padToWord();
        return new Frame(type, schema, Arrays.copyOf(bytes, size));
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
