package io.dqlite.samples.notes;

/**
 * The body of {@code POST /notes}.
 *
 * @param text what the note says
 */
public record NewNote(String text) {
}
