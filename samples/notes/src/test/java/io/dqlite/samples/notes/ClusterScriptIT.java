package io.dqlite.samples.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Runs {@code cluster.sh} against the packaged jar on free ports and a temporary cluster directory: start, serve
 * through every node, stop, start again on the same data, stop.
 */
class ClusterScriptIT {

    private static final long SCRIPT_TIMEOUT_SECONDS = 300;

    @TempDir
    Path clusterDirectory;

    private final Map<String, String> environment = new HashMap<>();
    private final List<Long> startedPids = new ArrayList<>();
    private int[] httpPorts;
    private Path script;

    @BeforeEach
    void cluster() throws IOException {
        assumeTrue(onPath("bash"), "bash is not on the PATH; cluster.sh cannot run");
        assumeTrue(onPath("curl"), "curl is not on the PATH; cluster.sh cannot wait for a leader");
        script = Path.of(System.getProperty("basedir", ".")).resolve("cluster.sh").toAbsolutePath();
        int[] ports = NotesApiTests.freePorts(9);
        httpPorts = new int[] { ports[0], ports[1], ports[2] };
        environment.put("DQLITE_CLUSTER_DIR", clusterDirectory.toString());
        environment.put("DQLITE_CLUSTER_HTTP_PORTS", join(ports, 0));
        environment.put("DQLITE_CLUSTER_WIRE_PORTS", join(ports, 3));
        environment.put("DQLITE_CLUSTER_RAFT_PORTS", join(ports, 6));
        environment.put("DQLITE_CLUSTER_START_TIMEOUT", "240");
        environment.put("DQLITE_CLUSTER_STOP_TIMEOUT", "30");
    }

    @AfterEach
    void stopEverythingStarted() throws Exception {
        if (script == null) {
            return;
        }
        run("stop");
        for (long pid : startedPids) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isPresent() && process.get().isAlive()) {
                process.get().destroyForcibly();
                process.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void startsServesStopsAndResumesFromItsData() throws Exception {
        assertThat(run("start")).contains("cluster is up");
        List<Long> firstPids = pids();
        assertThat(firstPids).hasSize(3).allSatisfy(pid -> assertThat(alive(pid)).isTrue());

        ResponseEntity<Note> created = node(1).post().uri("/notes").contentType(MediaType.APPLICATION_JSON)
                .body(new NewNote("replicated")).retrieve().toEntity(Note.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Note note = created.getBody();
        assertThat(note.createdAt()).isNotBlank();
        for (int n = 2; n <= 3; n++) {
            assertThat(node(n).get().uri("/notes/{id}", note.id()).retrieve().body(Note.class)).as("node %d", n)
                    .isEqualTo(note);
        }
        assertNodesAgreeOnLeaderAndMembers();
        assertThat(run("status").lines().filter(line -> line.contains("running"))).hasSize(3);

        assertThat(run("stop")).contains("stopped");
        assertThat(firstPids).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d", pid).isFalse());
        assertThat(IntStream.rangeClosed(1, 3).mapToObj(n -> clusterDirectory.resolve("node-" + n + ".pid")))
                .allSatisfy(pidFile -> assertThat(pidFile).doesNotExist());
        assertThat(run("status").lines().filter(line -> line.endsWith("stopped"))).hasSize(3);

        assertThat(run("start")).contains("cluster is up");
        assertThat(pids()).hasSize(3).doesNotContainAnyElementsOf(firstPids);
        for (int n = 1; n <= 3; n++) {
            assertThat(node(n).get().uri("/notes").retrieve().body(new ParameterizedTypeReference<List<Note>>() { }))
                    .as("node %d after the restart", n).containsExactly(note);
        }
        assertNodesAgreeOnLeaderAndMembers();
    }

    private void assertNodesAgreeOnLeaderAndMembers() {
        List<Map<String, Object>> views = IntStream.rangeClosed(1, 3).mapToObj(n -> node(n).get()
                .uri("/actuator/dqlite").retrieve().body(new ParameterizedTypeReference<Map<String, Object>>() { }))
                .toList();
        assertThat(views).extracting(view -> view.get("leader")).doesNotContainNull().containsOnly(views.get(0)
                .get("leader"));
        assertThat(views).extracting(view -> memberIds(view)).containsOnly(List.of("1", "2", "3"));
        assertThat(views).extracting(view -> view.get("role")).containsOnlyOnce("leader");
    }

    private static List<Object> memberIds(Map<String, Object> view) {
        return ((List<?>) view.get("members")).stream().map(member -> ((Map<?, ?>) member).get("id")).sorted()
                .collect(Collectors.toList());
    }

    private RestClient node(int n) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + httpPorts[n - 1]).build();
    }

    private String run(String command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(clusterDirectory, "cluster-" + command, ".txt");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            boolean exited = process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (command.equals("start")) {
                startedPids.addAll(pids());
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(exited).as("cluster.sh %s exited within %ds; it printed:%n%s", command, SCRIPT_TIMEOUT_SECONDS,
                    printed).isTrue();
            assertThat(process.exitValue()).as("exit code of cluster.sh %s; it printed:%n%s", command, printed)
                    .isZero();
            return printed;
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    private List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            Path pidFile = clusterDirectory.resolve("node-" + n + ".pid");
            if (Files.exists(pidFile)) {
                pids.add(Long.parseLong(Files.readString(pidFile).trim()));
            }
        }
        return pids;
    }

    // a process that exited but is not yet reaped (a zombie) counts as exited: the nodes are orphans of the script,
    // and how soon they are reaped depends on the machine's init
    private static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException gone) {
            return false;
        }
    }

    private static String join(int[] ports, int from) {
        return IntStream.range(from, from + 3).mapToObj(i -> String.valueOf(ports[i])).collect(Collectors.joining(" "));
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
    }

}
