package io.dqlite.testcontainers;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.images.builder.ImageFromDockerfile;

/** The standalone node's image, built from this repository's Dockerfile and jar by the tests that need Docker. */
public final class StandaloneImage {

    private static ImageFromDockerfile image;

    private StandaloneImage() {
    }

    /** Returns the image, built once per JVM (when a container first needs it) and removed when the JVM exits. */
    public static synchronized ImageFromDockerfile get() {
        if (image == null) {
            Path module = Path.of(System.getProperty("dqlite.standalone.directory", "../dqlite-standalone"));
            Path jar = module.resolve("target/dqlite-standalone.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar.toAbsolutePath() + " is missing; build it first:"
                        + " mvn -B -ntp -pl dqlite-standalone -am package -DskipTests");
            }
            image = new ImageFromDockerfile("localhost/dqlite-standalone-test")
                    .withFileFromPath("Dockerfile", module.resolve("Dockerfile"))
                    .withFileFromPath("docker-entrypoint.sh", module.resolve("docker-entrypoint.sh"))
                    .withFileFromPath("target/dqlite-standalone.jar", jar);
        }
        return image;
    }
}
