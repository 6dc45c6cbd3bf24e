package io.dqlite.core.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs dqlite's own shell, from Debian's go-dqlite package, against a list of servers. */
final class DqliteShell {

    private static final Path BINARY = Path.of("/usr/bin/dqlite");

    private DqliteShell() {
    }

    /** Tells whether the shell is installed. */
    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** What a run of the shell printed and how it ended. */
    record Output(int exitCode, String text) {
    }

    /** Runs {@code command} on {@code database} through {@code servers}, killing the shell after 60 s. */
    static Output run(List<String> servers, String database, String command) throws IOException, InterruptedException {
        return runIn(Path.of("."), servers, database, command);
    }

    /** Runs {@code command} as {@link #run} does, in {@code workingDirectory} (where {@code .dump} writes). */
    static Output runIn(Path workingDirectory, List<String> servers, String database, String command)
            throws IOException, InterruptedException {
        return runWith(workingDirectory, List.of(), servers, database, command);
    }

    /** Runs {@code command} as {@link #run} does, over TLS with the shell's {@code --cert} and {@code --key}. */
    static Output runOverTls(Path certificate, Path key, List<String> servers, String database, String command)
            throws IOException, InterruptedException {
        return runWith(Path.of("."), List.of("--cert", certificate.toString(), "--key", key.toString()), servers,
                database, command);
    }

    /**
     * Runs {@code command} with {@code flags} for at most {@code limit}, which a shell that cannot connect spends
     * retrying; a shell still running then is killed, and its exit code reported as -1.
     */
    static Output attempt(List<String> flags, List<String> servers, String database, String command, Duration limit)
            throws IOException, InterruptedException {
        return runWith(Path.of("."), flags, servers, database, command, limit, false);
    }

    private static Output runWith(Path workingDirectory, List<String> flags, List<String> servers, String database,
            String command) throws IOException, InterruptedException {
        return runWith(workingDirectory, flags, servers, database, command, Duration.ofSeconds(60), true);
    }

    private static Output runWith(Path workingDirectory, List<String> flags, List<String> servers, String database,
            String command, Duration limit, boolean mustFinish) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(BINARY.toString(), "-s", String.join(",", servers),
                "-f", "json"));
        arguments.addAll(flags);
        arguments.addAll(List.of(database, command));
        File output = File.createTempFile("dqlite-shell", ".out");
        try {
            Process process = new ProcessBuilder(arguments).directory(workingDirectory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output).start();
            boolean finished;
            try {
                finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished && mustFinish) {
                    throw new IOException("the dqlite shell did not finish " + command + " within " + limit);
                }
            } finally {
                process.destroyForcibly();
                process.waitFor();
            }
            return new Output(finished ? process.exitValue() : -1,
                    Files.readString(output.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output.toPath());
        }
    }
}
