package io.dqlite.faults;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One node of the cluster: the notes sample's jar run as its own JVM, which this class starts,
 * kills with SIGKILL, pauses with SIGSTOP, resumes with SIGCONT, stops with SIGTERM and asks for its
 * view of the cluster over HTTP. Its data directory outlives the process, so a restart resumes from it.
 */
public final class NodeProcess {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final NodeSpec spec;
    private final List<NodeSpec> members;
    private final Path jar;
    private final Path dataDirectory;
    private final Path log;
    private Process process;
    private boolean paused;
    private int starts;

    /** Creates the node {@code spec} of the cluster {@code members}, keeping its data and log under {@code directory}. */
    public NodeProcess(NodeSpec spec, List<NodeSpec> members, Path jar, Path directory) {
        this.spec = spec;
        this.members = List.copyOf(members);
        this.jar = jar;
        this.dataDirectory = directory.resolve("node-" + spec.id());
        this.log = directory.resolve("node-" + spec.id() + ".log");
    }

    /** Returns where the node lives. */
    public NodeSpec spec() {
        return spec;
    }

    /** Returns the node's id. */
    public int id() {
        return spec.id();
    }

    /** Returns the file the node's output is appended to, across restarts. */
    public Path log() {
        return log;
    }

    /** Starts the JVM on the node's data directory; the node then needs time to join before it serves. */
    public synchronized void start() throws IOException {
        if (alive()) {
            throw new IllegalStateException("node " + id() + " is already running as pid " + process.pid());
        }
        Files.createDirectories(dataDirectory);
        starts++;
        Files.writeString(log, "==== start " + starts + " of node " + id() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        process = builder.start();
        paused = false;
        ProcessReaper.started(process.toHandle());
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        if (spec.namespace() != null) {
            // ip execs the command in place, so the pid is the JVM's
            command.addAll(List.of("ip", "netns", "exec", spec.namespace()));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString()));
        command.add("--server.address=" + spec.host());
        command.add("--server.port=" + spec.httpPort());
        command.add("--dqlite.node-id=" + spec.id());
        // the harness moves leadership through the actuator, whose write operations are off by default
        command.add("--management.endpoint.dqlite.access=unrestricted");
        command.add("--dqlite.data-directory=" + dataDirectory);
        for (int i = 0; i < members.size(); i++) {
            NodeSpec member = members.get(i);
            command.add("--dqlite.members[" + i + "].id=" + member.id());
            command.add("--dqlite.members[" + i + "].address=" + member.wireAddress());
            command.add("--dqlite.members[" + i + "].raft-address=" + member.raftAddress());
        }
        return command;
    }

    /** Tells whether the JVM is running (a paused one counts as running). */
    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Tells whether the node was paused with SIGSTOP and not resumed yet. */
    public synchronized boolean paused() {
        return paused && alive();
    }

    /** Returns the JVM's pid; the node must have been started. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("node " + id() + " was never started");
        }
        return process.pid();
    }

    /** Sends SIGKILL without waiting, so that several nodes can die at the same moment. */
    public synchronized void sendKill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** Sends SIGKILL and waits for the JVM to be gone. */
    public void kill() throws IOException, InterruptedException {
        Process current;
        synchronized (this) {
            current = process;
            paused = false;
        }
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroyForcibly();
        awaitExit(current);
    }

    /** Sends SIGTERM, waits for a clean exit, and kills the JVM if it is still there after 30 s. */
    public void stop() throws IOException, InterruptedException {
        sendStop();
        awaitStopped();
    }

    /** Sends SIGTERM without waiting (resuming a paused JVM first), so that several nodes can stop at the same moment. */
    public void sendStop() throws IOException, InterruptedException {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null || !current.isAlive()) {
            return;
        }
        if (paused()) {
            resume();
        }
        current.destroy();
    }

    /**
     * Waits for the JVM to exit after {@link #sendStop}, killing it if it is still there after 30 s; tells whether
     * it exited by itself.
     */
    public boolean awaitStopped() throws IOException, InterruptedException {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null) {
            return true;
        }
        boolean exited = current.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            current.destroyForcibly();
        }
        awaitExit(current);
        return exited;
    }

    private void awaitExit(Process current) throws IOException, InterruptedException {
        try {
            current.onExit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("node " + id() + " (pid " + current.pid() + ") did not exit after being killed", e);
        }
        ProcessReaper.exited(current.toHandle());
    }

    /** Sends SIGSTOP: the JVM freezes with its sockets open, as in a long GC pause or a stalled VM. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
        synchronized (this) {
            paused = true;
        }
    }

    /** Sends SIGCONT to a paused JVM. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
        synchronized (this) {
            paused = false;
        }
    }

    /** Sends SIGQUIT, on which the JVM prints every thread's stack to its log and goes on running. */
    public void requestThreadDump() throws IOException, InterruptedException {
        signal("QUIT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        long pid = pid();
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IOException("kill -" + name + " " + pid + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Returns the node's view of the cluster, or empty when it does not answer within 2 s. */
    public Optional<NodeView> view() {
        return get("/actuator/dqlite").filter(response -> response.statusCode() == 200)
                .map(response -> NodeView.parse(response.body()));
    }

    /** Tells whether the node's readiness probe is UP: it runs, serves HTTP and knows a leader. */
    public boolean ready() {
        return get("/actuator/health/readiness").map(response -> response.statusCode() == 200).orElse(false);
    }

    /** Asks this node, the leader, to hand leadership to node {@code nodeId}; true when it answers 200. */
    public boolean transferLeadershipTo(int nodeId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(spec.httpBase() + "/actuator/dqlite/leader"))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"nodeId\":\"" + nodeId + "\"}")).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Optional<HttpResponse<String>> get(String path) {
        if (!alive() || paused()) {
            return Optional.empty();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(spec.httpBase() + path)).timeout(HTTP_TIMEOUT).GET()
                .build();
        try {
            return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Returns the last {@code lines} lines of the node's log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Names the node and its pid. */
    @Override
    public String toString() {
        return "node " + id() + (process == null ? "" : " (pid " + process.pid() + ")");
    }
}
