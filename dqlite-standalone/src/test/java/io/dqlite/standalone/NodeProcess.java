package io.dqlite.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged standalone jar running as a JVM of its own, its output in a file; closing kills it by pid. */
final class NodeProcess implements AutoCloseable {

    private static final Pattern LEADS = Pattern.compile("dqlite node \\S+: node (\\S+) leads");

    private final Process process;
    private final Path output;

    private NodeProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts the jar with {@code arguments} and {@code environment} added to this JVM's, its output in {@code output}. */
    static NodeProcess start(List<String> arguments, Map<String, String> environment, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar().toString()));
        command.addAll(arguments);
        return run(command, environment, output);
    }

    /** Runs {@code command} with {@code environment} added to this JVM's (less its DQLITE_ variables), its output in {@code output}. */
    static NodeProcess run(List<String> command, Map<String, String> environment, Path output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DQLITE_"));
        builder.environment().putAll(environment);
        return new NodeProcess(builder.start(), output);
    }

    /** Returns the jar the build packaged, which failsafe names in a system property. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("dqlite.standalone.jar", "target/dqlite-standalone.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; these tests run after package (mvn verify)");
        }
        return jar;
    }

    /** Returns everything the process printed so far. */
    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e + ")";
        }
    }

    /** Returns the leader this node reported last, if it reported one since its last "no leader known". */
    Optional<String> reportedLeader() {
        String last = null;
        for (String line : output().split("\n")) {
            Matcher leads = LEADS.matcher(line);
            if (leads.find()) {
                last = leads.group(1);
            } else if (line.contains(": no leader known")) {
                last = null;
            }
        }
        return Optional.ofNullable(last);
    }

    /** Sends SIGTERM and returns the exit status, or fails if the process outlives {@code timeout}. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the node did not stop within " + timeout + " of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself and returns its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the process did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Tells whether the process is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process with SIGKILL, as {@code kill -9} would, and waits for it to end. */
    void kill() {
        process.toHandle().destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
