package io.dqlite.samples.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * One instance of a 3-node cluster whose peers have not started (as the first pod of a StatefulSet): with no
 * migrations to wait for, its web server starts, liveness is UP and readiness DOWN naming the missing leader.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.flyway.enabled=false",
        "management.endpoint.health.show-details=always" })
@DirtiesContext
class StartWithoutQuorumTests {

    @TempDir
    static Path dataDirectory;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void firstOfThree(DynamicPropertyRegistry registry) throws IOException {
        int[] ports = NotesApiTests.freePorts(6);
        registry.add("dqlite.node-id", () -> "1");
        registry.add("dqlite.data-directory", () -> dataDirectory.toString());
        for (int i = 0; i < 3; i++) {
            int member = i;
            registry.add("dqlite.members[" + i + "].id", () -> String.valueOf(member + 1));
            registry.add("dqlite.members[" + i + "].address", () -> "127.0.0.1:" + ports[member]);
            registry.add("dqlite.members[" + i + "].raft-address", () -> "127.0.0.1:" + ports[member + 3]);
        }
    }

    @Test
    void livenessIsUpAndReadinessDownUntilTheClusterHasALeader() {
        RestClient http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();

        ResponseEntity<Map<String, Object>> liveness = get(http, "/actuator/health/liveness");
        assertThat(liveness.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(liveness.getBody()).containsEntry("status", "UP");

        ResponseEntity<Map<String, Object>> readiness = get(http, "/actuator/health/readiness");
        assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(readiness.getBody()).containsEntry("status", "DOWN");
        assertThat(readiness.getBody().get("components")).asInstanceOf(MAP).extractingByKey("dqlite")
                .asInstanceOf(MAP).containsEntry("status", "DOWN").extractingByKey("details").asInstanceOf(MAP)
                .containsEntry("reason", "node 1 knows no leader");
    }

    private static ResponseEntity<Map<String, Object>> get(RestClient http, String path) {
        return http.get().uri(path).retrieve().toEntity(new ParameterizedTypeReference<Map<String, Object>>() { });
    }
}
