package io.dqlite.samples.notes;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.spring.test.AutoConfigureTestDqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** Downloading a backup of the notes database through the {@code dqlitebackup} actuator endpoint. */
class BackupEndpointTests {

    @Nested
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = "management.endpoints.web.exposure.include=health,dqlite,dqlitebackup")
    @AutoConfigureTestDqlite
    class WhenExposed {

        @LocalServerPort
        int port;

        @TempDir
        Path directory;

        @Test
        void theDownloadIsAnSqliteFileHoldingTheNotes() throws Exception {
            RestClient http = ActuatorAccessTests.client(port);
            http.post().uri("/notes").contentType(MediaType.APPLICATION_JSON).body(Map.of("text", "backed up"))
                    .retrieve().toBodilessEntity();

            ResponseEntity<byte[]> backup = http.get().uri("/actuator/dqlitebackup/notes").retrieve()
                    .toEntity(byte[].class);

            assertThat(backup.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(backup.getHeaders().getContentType()).hasToString("application/vnd.sqlite3");
            Path file = Files.write(directory.resolve("notes.db"), backup.getBody());
            try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement statement = sqlite.createStatement()) {
                try (ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
                    check.next();
                    assertThat(check.getString(1)).isEqualTo("ok");
                }
                try (ResultSet notes = statement.executeQuery("SELECT count(*) FROM notes WHERE text = 'backed up'")) {
                    notes.next();
                    assertThat(notes.getInt(1)).isEqualTo(1);
                }
            }
            assertThat(http.get().uri("/actuator/dqlitebackup/absent").retrieve().toBodilessEntity().getStatusCode())
                    .isEqualTo(HttpStatus.NOT_FOUND);
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
    @AutoConfigureTestDqlite
    class ByDefault {

        @LocalServerPort
        int port;

        @Test
        void theEndpointIsNotExposed() {
            assertThat(ActuatorAccessTests.client(port).get().uri("/actuator/dqlitebackup/notes").retrieve()
                    .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        }
    }
}
