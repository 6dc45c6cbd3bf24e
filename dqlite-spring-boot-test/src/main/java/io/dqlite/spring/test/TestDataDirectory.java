package io.dqlite.spring.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.beans.factory.DisposableBean;

/** A test node's temporary data directory, removed with everything in it when its context is destroyed. */
final class TestDataDirectory implements DisposableBean {

    private final Path directory;

    TestDataDirectory(Path directory) {
        this.directory = directory;
    }

    @Override
    public void destroy() throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

}
