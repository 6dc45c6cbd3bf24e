package io.dqlite.jdbc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The protocol version word a client sends first on a new connection. */
public final class ProtocolVersion {

    /** The current protocol version. */
    public static final long VERSION_ONE = 1L;
    /** The version word of pre-1.0 dqlite, which answers LEADER with an address only. */
    public static final long VERSION_LEGACY = 0x86104dd760433fe5L;

    private ProtocolVersion() {
    }

    /** Writes the handshake word {@code version}. */
    public static void write(OutputStream out, long version) throws IOException {
        byte[] word = new byte[Frame.WORD];
        for (int i = 0; i < Frame.WORD; i++) {
            word[i] = (byte) (version >>> (8 * i));
        }
        out.write(word);
        out.flush();
    }

    /** Reads a handshake word and returns it if it is a version this codec speaks. */
    public static long read(InputStream in) throws IOException {
        byte[] word = in.readNBytes(Frame.WORD);
        if (word.length < Frame.WORD) {
            throw new ProtocolException("connection closed during the protocol handshake");
        }
        long version = 0;
        for (int i = Frame.WORD - 1; i >= 0; i--) {
            version = (version << 8) | (word[i] & 0xff);
        }
        if (version != VERSION_ONE && version != VERSION_LEGACY) {
            throw new ProtocolException("unknown protocol version 0x" + Long.toHexString(version));
        }
        return version;
    }
}
