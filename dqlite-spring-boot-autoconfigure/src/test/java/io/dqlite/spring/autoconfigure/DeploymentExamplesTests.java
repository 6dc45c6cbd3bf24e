package io.dqlite.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dqlite.core.Member;
import io.dqlite.core.NodeConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * The sample's deployment examples (a Kubernetes StatefulSet and a Compose file) hold together: every pod's
 * environment binds to a valid node configuration naming the others by their stable DNS names, and the Kubernetes
 * objects have the settings a dqlite cluster needs to start and stay up.
 */
class DeploymentExamplesTests {

    private static final Path SAMPLE = Path.of(System.getProperty("basedir", ".")).resolve("../samples/notes")
            .normalize();
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    @Test
    void theStatefulSetStartsItsPodsTogetherAndEachOneIsAMemberOfTheSameCluster() throws IOException {
        Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(SAMPLE.resolve("deploy/kubernetes/notes.yaml"))) {
            for (Object document : new Yaml().loadAll(reader)) {
                Map<String, Object> object = map(document);
                objects.put((String) object.get("kind"), object);
            }
        }
        assertThat(objects).containsOnlyKeys("Service", "StatefulSet", "PodDisruptionBudget");
        Map<String, Object> service = map(objects.get("Service").get("spec"));
        Map<String, Object> statefulSet = map(objects.get("StatefulSet").get("spec"));
        Map<String, Object> budget = map(objects.get("PodDisruptionBudget").get("spec"));
        String serviceName = (String) map(objects.get("Service").get("metadata")).get("name");
        String setName = (String) map(objects.get("StatefulSet").get("metadata")).get("name");

        assertThat(service).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
        assertThat(statefulSet).containsEntry("serviceName", serviceName).containsEntry("podManagementPolicy",
                "Parallel");
        Map<String, Object> template = map(statefulSet.get("template"));
        Object podLabels = map(template.get("metadata")).get("labels");
        assertThat(service.get("selector")).isEqualTo(podLabels);
        assertThat(map(statefulSet.get("selector")).get("matchLabels")).isEqualTo(podLabels);
        assertThat(budget).containsEntry("maxUnavailable", 1);
        assertThat(map(budget.get("selector")).get("matchLabels")).isEqualTo(podLabels);

        Map<String, Object> container = map(list(map(template.get("spec")).get("containers")).get(0));
        Map<String, Integer> ports = new LinkedHashMap<>();
        list(container.get("ports")).forEach(port -> ports.put((String) map(port).get("name"),
                (Integer) map(port).get("containerPort")));
        assertThat(list(service.get("ports"))).extracting(port -> map(port).get("port"))
                .containsExactlyInAnyOrderElementsOf(ports.values());
        assertThat(probePath(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
        assertThat(probePath(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
        assertThat(probePath(container, "startupProbe")).isEqualTo("/actuator/health/liveness");
        String mountPath = (String) map(list(container.get("volumeMounts")).get(0)).get("mountPath");

        int replicas = (Integer) statefulSet.get("replicas");
        assertThat(replicas).isOdd().isGreaterThanOrEqualTo(3);
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            String pod = setName + "-" + ordinal;
            NodeConfig config = nodeConfig(podEnvironment(container, pod));
            assertThat(config.nodeId()).isEqualTo(pod);
            assertThat(config.wireListenAddress()).isEqualTo("0.0.0.0:" + ports.get("dqlite"));
            assertThat(config.raftListenAddress()).isEqualTo("0.0.0.0:" + ports.get("raft"));
            assertThat(config.dataDirectory()).startsWithRaw(Path.of(mountPath));
            assertThat(config.members()).hasSize(replicas);
            for (int other = 0; other < replicas; other++) {
                Member member = config.members().get(other);
                String host = setName + "-" + other + "." + serviceName;
                assertThat(member.id()).isEqualTo(setName + "-" + other);
                assertThat(member.wireAddress()).isEqualTo(host + ":" + ports.get("dqlite"));
                assertThat(member.raftAddress()).isEqualTo(host + ":" + ports.get("raft"));
            }
        }
    }

    @Test
    void everyComposeServiceIsAMemberOfTheSameClusterUnderItsOwnName() throws IOException {
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(SAMPLE.resolve("deploy/compose.yaml"))) {
            compose = map(new Yaml().load(reader));
        }
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).hasSize(3);
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Map<String, Object> service = map(entry.getValue());
            assertThat(service).containsEntry("hostname", entry.getKey());
            Map<String, String> environment = new LinkedHashMap<>();
            map(service.get("environment")).forEach((name, value) -> environment.put(name, String.valueOf(value)));
            NodeConfig config = nodeConfig(environment);
            assertThat(config.nodeId()).isEqualTo(entry.getKey());
            assertThat(config.members()).extracting(Member::id).containsExactlyElementsOf(services.keySet());
            assertThat(config.members()).allSatisfy(member -> assertThat(member.wireAddress())
                    .isEqualTo(member.id() + ":9001"));
        }
    }

    @Test
    void theComposeHealthCheckPassesOnlyWhileTheInstanceIsReady() throws Exception {
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(SAMPLE.resolve("deploy/compose.yaml"))) {
            compose = map(new Yaml().load(reader));
        }
        List<String> test = list(map(map(compose.get("x-notes")).get("healthcheck")).get("test")).stream()
                .map(String::valueOf).toList();
        AtomicBoolean ready = new AtomicBoolean();
        HttpServer instance = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        instance.createContext("/actuator/health/readiness", exchange -> {
            exchange.sendResponseHeaders(ready.get() ? 200 : 503, -1);
            exchange.close();
        });
        instance.start();
        try {
            String port = String.valueOf(instance.getAddress().getPort());
            // run as Docker runs it: CMD-SHELL through /bin/sh (dash on Debian and Ubuntu images), CMD directly
            List<String> command = new ArrayList<>(test.get(0).equals("CMD-SHELL")
                    ? List.of("/bin/sh", "-c", test.get(1)) : test.subList(1, test.size()));
            command.replaceAll(argument -> argument.replace("8080", port));

            assertThat(exitCode(command)).as("the check while the instance is not ready").isNotZero();
            ready.set(true);
            assertThat(exitCode(command)).as("the check once the instance is ready").isZero();
        } finally {
            instance.stop(0);
        }
    }

    private static int exitCode(List<String> command) throws IOException, InterruptedException {
        Process check = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect
                .DISCARD).start();
        if (!check.waitFor(30, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new AssertionError(command + " did not end within 30 s");
        }
        return check.exitValue();
    }

    @Test
    void theSampleReportsItsNodesHealthInTheReadinessGroup() throws IOException {
        try (Reader reader = Files.newBufferedReader(SAMPLE.resolve("src/main/resources/application.yml"))) {
            Map<String, Object> health = map(map(map(map(new Yaml().load(reader)).get("management")).get("endpoint"))
                    .get("health"));
            assertThat(map(health.get("probes"))).containsEntry("enabled", true);
            assertThat(String.valueOf(map(map(health.get("group")).get("readiness")).get("include")))
                    .contains("readinessState").contains("dqlite");
        }
    }

    // the container's environment in pod {@code pod}: downward-API names filled in, $(VAR) references expanded
    private static Map<String, String> podEnvironment(Map<String, Object> container, String pod) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> variable = map(entry);
            String value;
            if (variable.containsKey("valueFrom")) {
                String field = (String) map(map(variable.get("valueFrom")).get("fieldRef")).get("fieldPath");
                assertThat(field).isEqualTo("metadata.name");
                value = pod;
            } else {
                value = String.valueOf(variable.get("value"));
            }
            Matcher reference = REFERENCE.matcher(value);
            StringBuilder expanded = new StringBuilder();
            while (reference.find()) {
                assertThat(environment).as("$(%s) refers to a variable defined before it", reference.group(1))
                        .containsKey(reference.group(1));
                reference.appendReplacement(expanded, Matcher.quoteReplacement(environment.get(reference.group(1))));
            }
            reference.appendTail(expanded);
            environment.put((String) variable.get("name"), expanded.toString());
        }
        return environment;
    }

    // what the starter makes of these environment variables, validated as at start-up
    private static NodeConfig nodeConfig(Map<String, String> environment) {
        Binder binder = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new LinkedHashMap<>(environment))));
        DqliteProperties properties = binder.bind("dqlite", DqliteProperties.class).get();
        return new NodeConfigFactory(properties, null).create();
    }

    private static String probePath(Map<String, Object> container, String probe) {
        return (String) map(map(container.get(probe)).get("httpGet")).get("path");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return new ArrayList<>((List<Object>) value);
    }
}
