package io.dqlite.jdbc.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads a message body field by field, failing with a {@link ProtocolException} at any overrun. */
final class BodyReader {

    private final byte[] bytes;
    private final String what;
    private int position;

    BodyReader(Frame frame, String what) {
        this.bytes = frame.body();
        this.what = what;
    }

    int remaining() {
        return bytes.length - position;
    }

    int position() {
        return position;
    }

    int peekUint8() throws ProtocolException {
        need(1, "a byte");
        return bytes[position] & 0xff;
    }

    int uint8() throws ProtocolException {
        need(1, "a byte");
        return bytes[position++] & 0xff;
    }

    int uint32() throws ProtocolException {
        need(4, "a 32-bit integer");
        int value = 0;
        for (int i = 3; i >= 0; i--) {
            value = (value << 8) | (bytes[position + i] & 0xff);
        }
        position += 4;
        return value;
    }

    long uint64() throws ProtocolException {
        need(8, "a 64-bit integer");
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[position + i] & 0xff);
        }
        position += 8;
        return value;
    }

    double float64() throws ProtocolException {
        return Double.longBitsToDouble(uint64());
    }

    String text() throws ProtocolException {
        int end = position;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        if (end == bytes.length) {
            throw new ProtocolException(what + ": text at offset " + position + " has no terminating NUL byte");
        }
        String value;
        try {
            value = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, position, end - position))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(what + ": text at offset " + position + " is not valid UTF-8");
        }
        position = end + 1;
        skipPadding();
        return value;
    }

    byte[] blob() throws ProtocolException {
        long length = uint64();
        if (length < 0 || length > remaining()) {
            throw new ProtocolException(what + ": blob of " + Long.toUnsignedString(length)
                    + " bytes exceeds the " + remaining() + " bytes left in the body");
        }
        return raw((int) length);
    }

    /** Reads {@code length} bytes (already checked against the body) and skips the padding after them. */
    byte[] raw(int length) throws ProtocolException {
        need(length, length + " bytes");
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        skipPadding();
        return value;
    }

    void skipPadding() throws ProtocolException {
        int pad = (Frame.WORD - position % Frame.WORD) % Frame.WORD;
        need(pad, "padding");
        position += pad;
    }

    /** Fails unless {@code count} items of at least {@code minBytes} each can still fit in the body. */
    int count(long count, int minBytes, String items) throws ProtocolException {
        if (count < 0 || count > remaining() / Math.max(1, minBytes)) {
            throw new ProtocolException(what + ": " + Long.toUnsignedString(count) + " " + items
                    + " cannot fit in the " + remaining() + " bytes left in the body");
        }
        return (int) count;
    }

    ProtocolException error(String problem) {
        return new ProtocolException(what + ": " + problem);
    }

    private void need(int count, String field) throws ProtocolException {
        if (count > remaining()) {
            throw new ProtocolException(what + ": body ends at offset " + bytes.length + " where " + field
                    + " was expected");
        }
    }
}
