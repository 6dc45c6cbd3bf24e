package io.dqlite.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the notes sample's executable jar and the output directory that the build passes to the tests. */
final class SampleJar {

    private SampleJar() {
    }

    /** Returns the jar, or skips the calling test saying how to build it when it is missing. */
    static Path require() {
        String configured = System.getProperty("faults.jar", "");
        Path jar = configured.isBlank() ? Path.of("../samples/notes/target/dqlite-sample-notes-0.1.0-SNAPSHOT.jar")
                : Path.of(configured);
        assumeTrue(Files.isRegularFile(jar), "the notes sample's jar " + jar.toAbsolutePath().normalize()
                + " is missing, so the fault suite cannot run its nodes; build it with"
                + " 'mvn -pl samples/notes -am package -DskipTests'");
        return jar.toAbsolutePath().normalize();
    }

    /**
     * Returns a private copy of the jar in {@code directory}, or skips the calling test when the jar is
     * missing: a build that repackages the sample while the run goes on must not change the nodes it restarts.
     */
    static Path privateCopy(Path directory) throws IOException {
        Path copy = directory.resolve("dqlite-sample-notes.jar");
        Files.copy(require(), copy);
        return copy;
    }

    /** Returns where figures and node logs are written: target/faults unless the build says otherwise. */
    static Path output() {
        return Path.of(System.getProperty("faults.output", "target/faults"));
    }
}
