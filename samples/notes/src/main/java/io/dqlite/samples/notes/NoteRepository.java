package io.dqlite.samples.notes;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes the table {@code notes} through the auto-configured dqlite DataSource. */
@Repository
public class NoteRepository {

    private static final RowMapper<Note> NOTE = (rows, rowNumber) -> new Note(rows.getLong("id"),
            rows.getString("text"), rows.getString("created_at"));

    private final JdbcClient jdbc;

    NoteRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a note saying {@code text} and returns it as stored, with the id and time SQLite gave it. */
    public Note create(String text) {
        return jdbc.sql("INSERT INTO notes(text) VALUES (?) RETURNING id, text, created_at").param(text).query(NOTE)
                .single();
    }

    /** Returns every note, oldest first. */
    public List<Note> findAll() {
        return jdbc.sql("SELECT id, text, created_at FROM notes ORDER BY id").query(NOTE).list();
    }

    /** Returns the note {@code id}, if there is one. */
    public Optional<Note> findById(long id) {
        return jdbc.sql("SELECT id, text, created_at FROM notes WHERE id = ?").param(id).query(NOTE).optional();
    }

    /** Deletes the note {@code id} and tells whether there was one. */
    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM notes WHERE id = ?").param(id).update() > 0;
    }

}
