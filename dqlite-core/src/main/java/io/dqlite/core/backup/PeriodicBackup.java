package io.dqlite.core.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up every database a node has applied to a directory at a fixed interval, keeping the newest few of each:
 * {@code NAME-yyyyMMdd-HHmmss-SSS.db}, each one consistent SQLite file written aside and moved into place, so a file
 * that is there is whole.
 */
public final class PeriodicBackup implements AutoCloseable {

    /** What is backed up: the databases, and how one is written to a file. */
    public interface Source {

        /** Returns the names of the databases to back up. */
        List<String> databases();

        /** Writes {@code database} to {@code destination}; returns a negative number if there is no such database. */
        long backup(String database, Path destination) throws IOException;
    }

    private static final Logger log = LoggerFactory.getLogger(PeriodicBackup.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final Source source;
    private final Path directory;
    private final int retain;
    private final Clock clock;
    private final AtomicLong rounds = new AtomicLong();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dqlite-periodic-backup");
        thread.setDaemon(true);
        return thread;
    });

    private PeriodicBackup(Source source, Path directory, int retain, Clock clock) {
        this.source = source;
        this.directory = directory;
        this.retain = retain;
        this.clock = clock;
    }

    /**
     * Starts backing up {@code source} to {@code directory} every {@code interval}, the first time after one
     * interval, keeping the newest {@code retain} files of each database.
     */
    public static PeriodicBackup start(Source source, Path directory, Duration interval, int retain)
            throws IOException {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the backup interval must be positive, not " + interval);
        }
        if (retain < 1) {
            throw new IllegalArgumentException("at least one backup of each database must be kept, not " + retain);
        }
        Files.createDirectories(directory);
        PeriodicBackup backup = new PeriodicBackup(source, directory, retain, Clock.systemUTC());
        backup.schedule.scheduleWithFixedDelay(backup::round, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return backup;
    }

    /** Returns how many rounds of backups have completed. */
    public long rounds() {
        return rounds.get();
    }

    private void round() {
        for (String database : source.databases()) {
            try {
                Path written = directory.resolve(database + "-" + STAMP.format(clock.instant()) + ".db");
                Path aside = directory.resolve(written.getFileName() + ".partial");
                if (source.backup(database, aside) < 0) {
                    Files.deleteIfExists(aside);
                    continue;
                }
                Files.move(aside, written, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                prune(database);
                log.debug("Backed up database '{}' to {}", database, written);
            } catch (IOException | RuntimeException e) {
                log.warn("Could not back up database '{}' to {}: {}", database, directory, e.getMessage());
            }
        }
        rounds.incrementAndGet();
    }

    private void prune(String database) throws IOException {
        List<Path> backups = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, database + "-*.db")) {
            for (Path file : files) {
                String rest = file.getFileName().toString().substring(database.length() + 1);
                // NAME-yyyyMMdd-HHmmss-SSS.db only: another database's name may start with this one's
                if (rest.matches("\\d{8}-\\d{6}-\\d{3}\\.db")) {
                    backups.add(file);
                }
            }
        }
        backups.sort(Comparator.comparing(file -> file.getFileName().toString()));
        for (int i = 0; i < backups.size() - retain; i++) {
            Files.deleteIfExists(backups.get(i));
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
