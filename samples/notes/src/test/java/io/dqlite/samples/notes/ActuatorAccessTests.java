package io.dqlite.samples.notes;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.spring.test.AutoConfigureTestDqlite;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The sample's actuator as an anonymous caller meets it: the {@code dqlite} endpoint reads but does not write and
 * health shows no details, unless the application grants them.
 */
class ActuatorAccessTests {

    @Nested
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
    @AutoConfigureTestDqlite
    class ByDefault {

        @LocalServerPort
        int port;

        @Test
        void writeOperationsAreRefusedAndHealthShowsNoDetails() {
            RestClient http = client(port);
            assertThat(post(http, "/actuator/dqlite/snapshot", "{}").is2xxSuccessful()).isFalse();
            assertThat(post(http, "/actuator/dqlite/leader", "{\"nodeId\":\"1\"}").is2xxSuccessful()).isFalse();
            assertThat(get(http, "/actuator/dqlite")).containsEntry("nodeId", "1");
            assertThat(get(http, "/actuator/health")).containsEntry("status", "UP").doesNotContainKey("components");
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
            "management.endpoint.dqlite.access=unrestricted", "management.endpoint.health.show-details=always" })
    @AutoConfigureTestDqlite
    class WhenGranted {

        @LocalServerPort
        int port;

        @Test
        void writeOperationsRunAndHealthShowsTheNode() {
            RestClient http = client(port);
            assertThat(post(http, "/actuator/dqlite/snapshot", "{}")).isEqualTo(HttpStatus.OK);
            assertThat(get(http, "/actuator/dqlite").get("snapshot")).isNotNull();
            assertThat(get(http, "/actuator/health")).containsKey("components");
        }
    }

    static RestClient client(int port) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();
    }

    static HttpStatusCode post(RestClient http, String path, String json) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).retrieve().toBodilessEntity()
                .getStatusCode();
    }

    static Map<String, Object> get(RestClient http, String path) {
        return http.get().uri(path).retrieve().body(new ParameterizedTypeReference<Map<String, Object>>() { });
    }
}
