package io.dqlite.spring.actuate;

import io.dqlite.core.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;

/**
 * The {@code dqlitebackup} actuator endpoint: {@code GET .../dqlitebackup/{database}} downloads a consistent copy of
 * the database as this node has applied it, one SQLite file, taken while writes go on. It hands out the data, so it
 * is not exposed unless the application lists it in {@code management.endpoints.web.exposure.include}.
 */
@Endpoint(id = "dqlitebackup", defaultAccess = Access.READ_ONLY)
public class DqliteBackupEndpoint {

    /** The media type of an SQLite database file. */
    public static final String SQLITE_MEDIA_TYPE = "application/vnd.sqlite3";

    private final Node node;

    /**
     * Creates the endpoint.
     *
     * @param node the local node
     */
    public DqliteBackupEndpoint(Node node) {
        this.node = node;
    }

    /** Returns a backup of {@code database}, or null (404) when the cluster has no database of that name. */
    @ReadOperation(produces = SQLITE_MEDIA_TYPE)
    public @Nullable Resource backup(@Selector String database) throws IOException {
        Path copy = Files.createTempFile("dqlite-backup-", ".db");
        try {
            if (node.backup(database, copy) < 0) {
                Files.deleteIfExists(copy);
                return null;
            }
            // the copy is removed once the response has been written (or abandoned) and the stream closed
            return new InputStreamResource(Files.newInputStream(copy, StandardOpenOption.DELETE_ON_CLOSE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
    }
}
