package io.dqlite.core.wal;

/**
 * One page image of a committed transaction: the page's number (1-based) and its bytes.
 *
 * @param pageNumber the page's 1-based number in the database file
 * @param page the page's bytes, exactly one page long; owned by this frame and never modified
 */
public record Frame(int pageNumber, byte[] page) {

    public Frame {
        if (pageNumber < 1) {
            throw new IllegalArgumentException("page number must be at least 1, was " + pageNumber);
        }
    }
}
