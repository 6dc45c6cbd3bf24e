package io.dqlite.samples.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.dqlite.core.Node;
import io.dqlite.spring.test.AutoConfigureTestDqlite;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.endpoint.health.show-details=always")
@AutoConfigureTestDqlite
class NotesApiTests {

    private static final DateTimeFormatter SQLITE_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Autowired
    Node node;

    @LocalServerPort
    int port;

    RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();
    }

    @Test
    void createdNoteHasIdLocationAndCreationTimeFromSqlite() {
        LocalDateTime before = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        ResponseEntity<Note> created = create("buy milk");
        LocalDateTime after = LocalDateTime.now(ZoneOffset.UTC);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Note note = created.getBody();
        assertThat(note).isNotNull();
        assertThat(note.id()).isPositive();
        assertThat(note.text()).isEqualTo("buy milk");
        assertThat(created.getHeaders().getLocation()).hasPath("/notes/" + note.id());
        LocalDateTime createdAt = LocalDateTime.parse(note.createdAt(), SQLITE_DATETIME);
        assertThat(createdAt).isBetween(before.minusSeconds(1), after.plusSeconds(1));
    }

    @Test
    void getReturnsTheStoredNote() {
        Note note = create("call the plumber").getBody();

        ResponseEntity<Note> fetched = http.get().uri("/notes/{id}", note.id()).retrieve().toEntity(Note.class);

        assertThat(fetched.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(fetched.getBody()).isEqualTo(note);
    }

    @Test
    void listReturnsNotesOldestFirst() {
        Note first = create("first").getBody();
        Note second = create("second").getBody();

        List<Note> notes = http.get().uri("/notes").retrieve().body(new ParameterizedTypeReference<List<Note>>() { });

        assertThat(notes).containsSubsequence(first, second);
    }

    @Test
    void deleteRemovesTheNoteAndAnswers404Afterwards() {
        Note note = create("ephemeral").getBody();

        assertThat(delete(note.id())).isEqualTo(HttpStatus.NO_CONTENT);

        assertThat(status(note.id())).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(delete(note.id())).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.get().uri("/notes").retrieve().body(new ParameterizedTypeReference<List<Note>>() { }))
                .doesNotContain(note);
    }

    @Test
    void absentNoteIs404() {
        assertThat(status(Long.MAX_VALUE)).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(delete(Long.MAX_VALUE)).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void noteWithoutTextIsRefused() {
        ResponseEntity<Void> refused = http.post().uri("/notes").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("text", " ")).retrieve().toBodilessEntity();

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void actuatorShowsTheSingleNodeLeadingTheNotesDatabase() {
        Map<String, Object> dqlite = json("/actuator/dqlite");
        assertThat(dqlite).containsEntry("nodeId", "1").containsEntry("role", "leader")
                .containsEntry("leader", Map.of("id", "1", "address", node.status().members().get(0).address()));
        assertThat(dqlite).as("every field present, null until known").containsEntry("snapshot", null)
                .containsEntry("clusterId", node.cluster().id().toString()).containsEntry("clusterName", null)
                .containsKeys("term", "commitIndex", "appliedIndex");
        assertThat(dqlite.get("members")).asInstanceOf(LIST).singleElement().asInstanceOf(MAP)
                .containsEntry("role", "voter").containsEntry("lag", 0).containsEntry("lastContactMillis", 0)
                .containsKeys("matchIndex", "raftAddress");
        assertThat(dqlite.get("databases")).asInstanceOf(LIST)
                .anySatisfy(database -> assertThat(((Map<?, ?>) database).get("name")).isEqualTo("notes"));

        assertThat(json("/actuator/health")).containsEntry("status", "UP");
        Map<String, Object> readiness = json("/actuator/health/readiness");
        assertThat(readiness).containsEntry("status", "UP");
        assertThat(readiness.get("components")).asInstanceOf(MAP).containsKey("dqlite");
        assertThat(http.get().uri("/actuator/info").retrieve().toBodilessEntity().getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(json("/actuator/metrics").get("names")).asInstanceOf(LIST)
                .anySatisfy(name -> assertThat((String) name).startsWith("dqlite."));
    }

    private ResponseEntity<Note> create(String text) {
        return http.post().uri("/notes").contentType(MediaType.APPLICATION_JSON).body(new NewNote(text)).retrieve()
                .toEntity(Note.class);
    }

    private HttpStatus status(long id) {
        return HttpStatus.valueOf(http.get().uri("/notes/{id}", id).retrieve().toBodilessEntity().getStatusCode()
                .value());
    }

    private HttpStatus delete(long id) {
        return HttpStatus.valueOf(http.delete().uri("/notes/{id}", id).retrieve().toBodilessEntity().getStatusCode()
                .value());
    }

    private Map<String, Object> json(String path) {
        ResponseEntity<Map<String, Object>> response = http.get().uri(path).retrieve()
                .toEntity(new ParameterizedTypeReference<Map<String, Object>>() { });
        assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

}
