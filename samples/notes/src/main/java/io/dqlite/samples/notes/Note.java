package io.dqlite.samples.notes;

/**
 * A stored note.
 *
 * @param id the note's id, given by SQLite
 * @param text what the note says
 * @param createdAt when it was created, as SQLite's {@code datetime('now')} wrote it (UTC, {@code YYYY-MM-DD HH:MM:SS})
 */
public record Note(long id, String text, String createdAt) {
}
