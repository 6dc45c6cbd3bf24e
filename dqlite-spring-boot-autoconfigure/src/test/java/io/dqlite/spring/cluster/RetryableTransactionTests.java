package io.dqlite.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Node;
import io.dqlite.jdbc.CommitOutcomeUnknownException;
import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteDataSourceAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import io.dqlite.spring.autoconfigure.ThreeInstances;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * Spring's {@code @Retryable} around a {@code @Transactional} method that saves through a Spring
 * Data JDBC repository on a follower's pooled DataSource while the leader's instance stops: a
 * leader change reaches the caller as a transient exception (not "JDBC rollback failed"), the
 * retry succeeds, every call succeeds, nothing is written twice, and a commit of unknown outcome
 * is never retried.
 */
class RetryableTransactionTests {

    private static final int WRITES = 60;

    @TempDir
    Path directory;

    @Test
    void aLeaderChangeInsideATransactionIsRetriedAndNothingIsWrittenTwice() throws Exception {
        try (ThreeInstances cluster = new ThreeInstances(directory, Instance.class, "dqlite.database=notes")) {
            AnnotationConfigApplicationContext follower = cluster.follower();
            AnnotationConfigApplicationContext leader = cluster.contexts().stream()
                    .filter(context -> context.getBean(Node.class).isLeader()).findFirst().orElseThrow();
            follower.getBean(JdbcTemplate.class).execute(
                    "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE, length INTEGER NOT NULL)");
            NoteWriter writer = follower.getBean(NoteWriter.class);
            NoteTransaction transaction = follower.getBean(NoteTransaction.class);

            List<String> written = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            // the leader's instance stops inside one of the transactions, between its two statements
            transaction.stopLeaderDuring("note " + WRITES / 3, leader::close);
            for (int i = 0; i < WRITES; i++) {
                String body = "note " + i;
                try {
                    writer.write(body);
                    written.add(body);
                } catch (RuntimeException e) {
                    if (causedBy(e, CommitOutcomeUnknownException.class)) {
                        unknown.add(body);
                    } else {
                        failures.add(e);
                    }
                }
            }

            failures.forEach(failure -> failure.printStackTrace());
            assertThat(failures).as("calls that failed despite the retries").isEmpty();
            assertThat(unknown).as("calls whose commit had an unknown outcome (no commit was in flight when the"
                    + " leader stopped)").isEmpty();
            assertThat(transaction.attempts()).as("a leader change was met and retried")
                    .isGreaterThan(WRITES);
            TestNodes.await("the follower's instance sees the new leader", Duration.ofSeconds(60),
                    () -> follower.getBean(Node.class).leaderId().isPresent());
            List<String> stored = follower.getBean(JdbcTemplate.class)
                    .queryForList("SELECT body FROM note ORDER BY id", String.class);
            assertThat(stored).as("every acknowledged write, once").containsAll(written).doesNotHaveDuplicates();
            assertThat(stored).as("nothing that was never written").isSubsetOf(concat(written, unknown));
            assertThat(writer.unknownRetried()).as("commits of unknown outcome retried").isZero();
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Retries transient failures of a whole transaction (the retry is outside it). */
    static class NoteWriter {

        private final NoteTransaction transaction;
        final AtomicInteger unknownRetried = new AtomicInteger();

        NoteWriter(NoteTransaction transaction) {
            this.transaction = transaction;
        }

        @Retryable(includes = TransientDataAccessException.class, maxRetries = 40, delay = 100)
        public void write(String body) {
            if (body.equals(transaction.lastUnknown())) {
                unknownRetried.incrementAndGet();
            }
            transaction.write(body);
        }

        /** Returns how many writes were tried again after a commit of unknown outcome. */
        public int unknownRetried() {
            return unknownRetried.get();
        }
    }

    /** A note as Spring Data JDBC maps it; {@code length} is the count of notes before it. */
    @Table("note")
    record Note(@Id Long id, String body, long length) {
    }

    /** The repository the transaction saves through. */
    interface NoteRepository extends ListCrudRepository<Note, Long> {
    }

    /** Writes one note in a transaction of two statements: a count, then a save. */
    static class NoteTransaction {

        private final NoteRepository notes;
        final AtomicInteger attempts = new AtomicInteger();
        volatile String lastUnknown;
        private volatile String stopDuring;
        private volatile Runnable stop;

        NoteTransaction(NoteRepository notes) {
            this.notes = notes;
        }

        /** Runs {@code stop} once, between the two statements of the first transaction that writes {@code body}. */
        public void stopLeaderDuring(String body, Runnable stop) {
            this.stopDuring = body;
            this.stop = stop;
        }

        /** Returns how many times a transaction was begun. */
        public int attempts() {
            return attempts.get();
        }

        /** Returns the note whose commit last had an unknown outcome, or null. */
        public String lastUnknown() {
            return lastUnknown;
        }

        @Transactional
        public void write(String body) {
            attempts.incrementAndGet();
            try {
                long before = notes.count();
                if (body.equals(stopDuring) && stop != null) {
                    Runnable once = stop;
                    stop = null;
                    once.run();
                }
                notes.save(new Note(null, body, before));
            } catch (RuntimeException e) {
                if (causedBy(e, CommitOutcomeUnknownException.class)) {
                    lastUnknown = body;
                }
                throw e;
            }
        }
    }

    /** One instance: the auto-configuration a Spring Boot application gets, and the writers. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ DqliteAutoConfiguration.class, DqliteDataSourceAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            DataJdbcRepositoriesAutoConfiguration.class })
    @EnableTransactionManagement
    @EnableResilientMethods
    @EnableJdbcRepositories(basePackageClasses = RetryableTransactionTests.class, considerNestedRepositories = true)
    static class Instance {

        @Bean
        NoteTransaction noteTransaction(NoteRepository notes) {
            return new NoteTransaction(notes);
        }

        @Bean
        NoteWriter noteWriter(NoteTransaction transaction) {
            return new NoteWriter(transaction);
        }
    }
}
