package io.dqlite.spring.repositories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteDataSourceAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import io.dqlite.spring.autoconfigure.ThreeInstances;
import io.dqlite.spring.dialect.DqliteJdbcDialect;
import io.dqlite.core.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * A Spring Data JDBC repository on a dqlite node and through a follower of a 3-node cluster, with
 * nothing configured for the dialect.
 */
class SpringDataJdbcTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DqliteAutoConfiguration.class,
                    DqliteDataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, DataJdbcRepositoriesAutoConfiguration.class))
            .withUserConfiguration(NotesConfiguration.class);

    @TempDir
    Path directory;

    @Test
    void repositoriesCreateReadPageAndRollBackWithTheDqliteDialect() {
        runner.withPropertyValues(TestNodes.singleNode(directory).toArray(String[]::new))
                .withPropertyValues("dqlite.database=notes")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    exercise(context);
                });
    }

    @Test
    void repositoriesWorkThroughAFollowerOfAThreeNodeCluster() throws Exception {
        try (ThreeInstances cluster = new ThreeInstances(directory, NodeApplication.class, "dqlite.database=notes")) {
            exercise(cluster.follower());
        }
    }

    @Test
    void anInstanceStartsWhileItsClusterHasNoLeaderAndItsRepositoriesWorkOnceOneIsElected() {
        List<String> members = ThreeInstances.memberProperties();
        runner.withUserConfiguration(ConnectionCounting.class).withPropertyValues(members.toArray(String[]::new))
                .withPropertyValues(TestNodes.fastElections().toArray(String[]::new))
                .withPropertyValues("dqlite.database=notes", "dqlite.node-id=1",
                        "dqlite.data-directory=" + directory.resolve("node-1"))
                .run(lone -> {
                    assertThat(lone).hasNotFailed();
                    assertThat(lone.getBean(ConnectionCounting.class).requested()).as("connections asked for at start")
                            .isZero();
                    assertThat(lone.getBean(Node.class).leaderId()).isEmpty();
                    List<AnnotationConfigApplicationContext> others = new ArrayList<>();
                    try {
                        for (String id : List.of("2", "3")) {
                            AnnotationConfigApplicationContext other = new AnnotationConfigApplicationContext();
                            TestPropertyValues.of(members).and(TestNodes.fastElections())
                                    .and("dqlite.database=notes", "dqlite.node-id=" + id,
                                            "dqlite.data-directory=" + directory.resolve("node-" + id))
                                    .applyTo(other);
                            other.register(NodeApplication.class);
                            others.add(other);
                            other.refresh();
                        }
                        TestNodes.await("a leader", Duration.ofSeconds(60),
                                () -> lone.getBean(Node.class).leaderId().isPresent());
                        exercise(lone);
                    } finally {
                        others.forEach(AnnotationConfigApplicationContext::close);
                    }
                });
    }

    private static void exercise(ApplicationContext context) {
        assertThat(context.getBean(JdbcDialect.class)).isInstanceOf(DqliteJdbcDialect.class);
        context.getBean(JdbcTemplate.class).execute(
                "CREATE TABLE note (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)");
        NoteRepository notes = context.getBean(NoteRepository.class);

        Note saved = notes.save(new Note(null, "first"));
        assertThat(saved.id()).as("the key SQLite generated").isNotNull();
        for (int i = 2; i <= 5; i++) {
            notes.save(new Note(null, "note " + i));
        }
        assertThat(notes.findById(saved.id())).contains(saved);
        notes.save(new Note(saved.id(), "first, edited"));
        assertThat(notes.findById(saved.id()).map(Note::body)).contains("first, edited");

        Page<Note> second = notes.findAll(PageRequest.of(1, 2, Sort.by("id")));
        assertThat(second.getTotalElements()).isEqualTo(5);
        assertThat(second.getContent()).extracting(Note::body).containsExactly("note 3", "note 4");
        assertThat(notes.findAll(PageRequest.of(0, 2, Sort.by(Sort.Direction.DESC, "body"))).getContent())
                .extracting(Note::body).containsExactly("note 5", "note 4");

        NoteService service = context.getBean(NoteService.class);
        assertThatThrownBy(() -> service.saveThenFail(List.of("kept?", "kept??")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(notes.count()).as("a rolled-back @Transactional leaves nothing").isEqualTo(5);

        notes.deleteById(saved.id());
        assertThat(notes.findAll()).hasSize(4).extracting(Note::body).doesNotContain("first, edited");
    }

    /** A note as Spring Data JDBC maps it: table {@code note}, key generated by the database. */
    @Table("note")
    record Note(@Id Long id, String body) {
    }

    /** The repository under test. */
    interface NoteRepository extends ListCrudRepository<Note, Long>, ListPagingAndSortingRepository<Note, Long> {
    }

    /** Saves notes in one transaction, then fails. */
    static class NoteService {

        private final NoteRepository notes;

        NoteService(NoteRepository notes) {
            this.notes = notes;
        }

        @Transactional
        public void saveThenFail(List<String> bodies) {
            bodies.forEach(body -> notes.save(new Note(null, body)));
            throw new IllegalStateException("failing after " + bodies.size() + " saves");
        }
    }

    /** One node of the cluster test: the auto-configuration a Spring Boot application would get, and the notes. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DqliteAutoConfiguration.class, DqliteDataSourceAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            DataJdbcRepositoriesAutoConfiguration.class})
    @Import(NotesConfiguration.class)
    static class NodeApplication {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    @EnableJdbcRepositories(basePackageClasses = SpringDataJdbcTests.class, considerNestedRepositories = true)
    static class NotesConfiguration {

        @Bean
        NoteService noteService(NoteRepository notes) {
            return new NoteService(notes);
        }
    }
}
