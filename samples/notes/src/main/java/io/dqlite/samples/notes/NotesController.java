package io.dqlite.samples.notes;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The notes API: {@code POST /notes} creates, {@code GET /notes} lists, {@code GET} and {@code DELETE /notes/{id}}. */
@RestController
@RequestMapping("/notes")
public class NotesController {

    private final NoteRepository notes;

    NotesController(NoteRepository notes) {
        this.notes = notes;
    }

    /** Creates a note and answers 201 with it and its location. */
    @PostMapping
    public ResponseEntity<Note> create(@RequestBody NewNote note) {
        if (note.text() == null || note.text().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "text is required");
        }
        Note created = notes.create(note.text());
        return ResponseEntity.created(URI.create("/notes/" + created.id())).body(created);
    }

    /** Lists every note, oldest first. */
    @GetMapping
    public List<Note> list() {
        return notes.findAll();
    }

    /** Returns the note {@code id}, or 404. */
    @GetMapping("/{id}")
    public Note get(@PathVariable long id) {
        return notes.findById(id).orElseThrow(() -> notFound(id));
    }

    /** Deletes the note {@code id} and answers 204, or 404 when there is none. */
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable long id) {
        if (!notes.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no note " + id);
    }

}
