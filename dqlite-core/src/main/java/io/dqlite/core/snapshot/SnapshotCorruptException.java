package io.dqlite.core.snapshot;

import java.io.IOException;

/** Thrown when a snapshot on disk is incomplete or its files do not match its metadata. */
public class SnapshotCorruptException extends IOException {

    private static final long serialVersionUID = 1L;

    public SnapshotCorruptException(String message) {
        super(message);
    }
}
