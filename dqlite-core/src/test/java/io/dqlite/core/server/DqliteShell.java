package io.dqlite.core.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        List<String> arguments = new ArrayList<>(List.of(BINARY.toString(), "-s", String.join(",", servers),
                "-f", "json", database, command));
        File output = File.createTempFile("dqlite-shell", ".out");
        try {
            Process process = new ProcessBuilder(arguments).directory(workingDirectory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output).start();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    throw new IOException("the dqlite shell did not finish " + command + " within 60 s");
                }
            } finally {
                process.destroyForcibly();
            }
            return new Output(process.exitValue(), Files.readString(output.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output.toPath());
        }
    }
}
