package io.dqlite.core.wal;

import java.util.List;

/**
 * The pages one committed write transaction changed, and the database's size after it.
 *
 * <p>Applying the frames of every commit in order to a file that started equal to the leader's
 * makes it equal to the leader's file after a full checkpoint.
 *
 * @param pageSize the database's page size in bytes
 * @param frames the changed pages, each page at most once, in ascending page order; either in
 *     memory or {@link StoredFrames} read from a file when iterated
 * @param databasePages the database's size in pages once this transaction is committed
 * @param deltas changed pages given as changes to their previous image, none of them among {@code frames};
 *     only a follower's commit taken from a log entry has them
 */
public record WalCommit(int pageSize, List<Frame> frames, long databasePages, List<PageDelta> deltas) {

    public WalCommit {
        if (!PageSize.isValid(pageSize)) {
            throw new IllegalArgumentException("invalid page size " + pageSize);
        }
        if (databasePages < 1) {
            throw new IllegalArgumentException("a commit leaves at least one page, not " + databasePages);
        }
        if (frames instanceof StoredFrames stored) {
            if (stored.pageSize() != pageSize) {
                throw new IllegalArgumentException("stored frames of page size " + stored.pageSize()
                        + " in a commit of page size " + pageSize);
            }
        } else {
            frames = List.copyOf(frames);
            for (Frame frame : frames) {
                if (frame.page().length != pageSize) {
                    throw new IllegalArgumentException("page " + frame.pageNumber() + " holds "
                            + frame.page().length + " bytes, not the page size " + pageSize);
                }
            }
        }
        deltas = List.copyOf(deltas);
    }

    /** Creates a commit whose changed pages are all whole. */
    public WalCommit(int pageSize, List<Frame> frames, long databasePages) {
        this(pageSize, frames, databasePages, List.of());
    }

    /** Returns this commit with every page in memory, for keeping beyond the life of the file its pages lie in. */
    public WalCommit inMemory() {
        return frames instanceof StoredFrames ? new WalCommit(pageSize, List.copyOf(frames), databasePages, deltas)
                : this;
    }

    /**
     * Returns one commit that has the effect of {@code commits} applied in order (each page at its
     * last image, the last commit's size), so several commits can travel as one log entry.
     */
    public static WalCommit merge(List<WalCommit> commits) {
        if (commits.size() == 1) {
            return commits.get(0);
        }
        WalCommit last = commits.get(commits.size() - 1);
        for (WalCommit commit : commits) {
            if (!commit.deltas().isEmpty()) {
                throw new IllegalArgumentException("commits that carry page deltas cannot be merged");
            }
            if (commit.pageSize() != last.pageSize()) {
                throw new IllegalArgumentException("commits of page sizes " + commit.pageSize() + " and "
                        + last.pageSize() + " cannot be merged");
            }
        }
        return new WalCommit(last.pageSize(), StoredFrames.merge(commits.stream().map(WalCommit::frames).toList(),
                last.pageSize()), last.databasePages());
    }

    /** Returns the number of page bytes this commit carries. */
    public long pageBytes() {
        return (long) frames.size() * pageSize;
    }
}
