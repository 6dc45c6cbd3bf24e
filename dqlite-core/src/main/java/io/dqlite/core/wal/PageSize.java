package io.dqlite.core.wal;

/** The page sizes SQLite allows: powers of two from 512 to 65536 bytes. */
public final class PageSize {

    /** The smallest page size SQLite allows. */
    public static final int MIN = 512;

    /** The largest page size SQLite allows. */
    public static final int MAX = 65536;

    private PageSize() {
    }

    /** Tells whether {@code size} is a page size SQLite can use. */
    public static boolean isValid(long size) {
        return size >= MIN && size <= MAX && Long.bitCount(size) == 1;
    }
}
