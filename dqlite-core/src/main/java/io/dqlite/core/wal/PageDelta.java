package io.dqlite.core.wal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of one page that changed since the image every follower already holds of it: runs of
 * new bytes at their offsets in the page. Writing the runs over the previous image gives the new
 * one, so a log entry carries the delta instead of the page when it is smaller (an insert into a
 * B-tree page changes a cell and a few pointers, not 4 KiB).
 *
 * @param pageNumber the page's 1-based number in the database file
 * @param runs the changed runs, in ascending offset order, neither overlapping nor touching
 */
public record PageDelta(int pageNumber, List<Run> runs) {

    /** Bytes of the encoding of one run besides its bytes: its offset and length. */
    public static final int RUN_HEADER = 2 + 2;

    /**
     * Unchanged bytes between two runs up to which they are sent as one: a run header costs as
     * much as this many bytes.
     */
    private static final int JOIN_GAP = RUN_HEADER;

    public PageDelta {
        if (pageNumber < 1) {
            throw new IllegalArgumentException("page number must be at least 1, was " + pageNumber);
        }
        runs = List.copyOf(runs);
        int end = -1;
        for (Run run : runs) {
            if (run.offset() <= end) {
                throw new IllegalArgumentException("page " + pageNumber + ": run at offset " + run.offset()
                        + " does not follow the run that ends at " + end);
            }
            end = run.offset() + run.bytes().length;
        }
    }

    /**
     * Returns the runs that turn {@code base} into {@code page}, both images of page
     * {@code pageNumber} of the same size.
     */
    public static PageDelta between(int pageNumber, byte[] base, byte[] page) {
        if (base.length != page.length) {
            throw new IllegalArgumentException("page " + pageNumber + ": a base of " + base.length
                    + " bytes for an image of " + page.length);
        }
        List<Run> runs = new ArrayList<>();
        int size = page.length;
        int at = 0;
        while (at < size) {
            int differs = Arrays.mismatch(base, at, size, page, at, size);
            if (differs < 0) {
                break;
            }
            int start = at + differs;
            int end = start + 1;
            // the run goes on until the bytes agree for longer than a new run would cost
            while (end < size) {
                int same = Arrays.mismatch(base, end, Math.min(size, end + JOIN_GAP + 1),
                        page, end, Math.min(size, end + JOIN_GAP + 1));
                if (same < 0) {
                    break;
                }
                end += same + 1;
            }
            runs.add(new Run(start, Arrays.copyOfRange(page, start, end)));
            at = end;
        }
        return new PageDelta(pageNumber, runs);
    }

    /** Returns the number of bytes the runs carry, headers included. */
    public int encodedSize() {
        int size = 0;
        for (Run run : runs) {
            size += RUN_HEADER + run.bytes().length;
        }
        return size;
    }

    /**
     * Writes the runs over {@code page}, the previous image of this page.
     *
     * @throws IllegalArgumentException if a run ends beyond the page
     */
    public void applyTo(byte[] page) {
        for (Run run : runs) {
            if (run.offset() + run.bytes().length > page.length) {
                throw new IllegalArgumentException("page " + pageNumber + ": run at offset " + run.offset() + " of "
                        + run.bytes().length + " bytes ends beyond the page of " + page.length + " bytes");
            }
            System.arraycopy(run.bytes(), 0, page, run.offset(), run.bytes().length);
        }
    }

    /**
     * New bytes at an offset of the page.
     *
     * @param offset the offset in the page of the first byte
     * @param bytes the new bytes, at least one; owned by this run and never modified
     */
    public record Run(int offset, byte[] bytes) {

        public Run {
            if (offset < 0 || bytes.length == 0) {
                throw new IllegalArgumentException("a run needs a non-negative offset and at least one byte, had offset "
                        + offset + " and " + bytes.length + " bytes");
            }
        }
    }
}
