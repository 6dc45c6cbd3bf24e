package io.dqlite.spring.repositories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dqlite.spring.autoconfigure.DqliteAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteDataSourceAutoConfiguration;
import io.dqlite.spring.autoconfigure.DqliteHibernateAutoConfiguration;
import io.dqlite.spring.autoconfigure.TestNodes;
import io.dqlite.spring.autoconfigure.ThreeInstances;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.dqlite.core.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.EntityManagerFactoryInfo;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * A Spring Data JPA repository (Hibernate with its community SQLite dialect) on a dqlite node, through a
 * follower of a 3-node cluster, and on an instance started before its cluster had a leader, with no dialect
 * configured: the starter names it, so Hibernate needs no connection to start.
 */
class SpringDataJpaTests {

    @TempDir
    Path directory;

    @Test
    void jpaRepositoriesWorkOnOneNodeWithNoDialectConfigured() throws Exception {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            TestPropertyValues.of(TestNodes.singleNode(directory))
                    .and("dqlite.database=notes", "spring.jpa.hibernate.ddl-auto=create").applyTo(context);
            context.register(NodeApplication.class);
            context.refresh();
            exercise(context);
        }
    }

    @Test
    void jpaRepositoriesWorkThroughAFollowerOfAThreeNodeCluster() throws Exception {
        try (ThreeInstances cluster = new ThreeInstances(directory, NodeApplication.class, "dqlite.database=notes",
                "spring.jpa.hibernate.ddl-auto=none")) {
            AnnotationConfigApplicationContext follower = cluster.follower();
            follower.getBean(JdbcTemplate.class).execute(
                    "CREATE TABLE jpa_note (id INTEGER PRIMARY KEY AUTOINCREMENT, body VARCHAR(255))");
            exercise(follower);
        }
    }

    @Test
    void anInstanceStartsWhileItsClusterHasNoLeaderAndItsRepositoriesWorkOnceOneIsElected() {
        List<String> members = ThreeInstances.memberProperties();
        List<ConfigurableApplicationContext> instances = new ArrayList<>();
        try {
            ConfigurableApplicationContext lone = instance(members, "1");
            instances.add(lone);
            assertThat(lone.getBean(ConnectionCounting.class).requested()).as("connections asked for at start").isZero();
            assertThat(lone.getBean(Node.class).leaderId()).isEmpty();
            instances.add(instance(members, "2"));
            instances.add(instance(members, "3"));
            TestNodes.await("a leader", Duration.ofSeconds(60), () -> lone.getBean(Node.class).leaderId().isPresent());
            lone.getBean(JdbcTemplate.class).execute(
                    "CREATE TABLE jpa_note (id INTEGER PRIMARY KEY AUTOINCREMENT, body VARCHAR(255))");
            exercise(lone);
        } finally {
            instances.forEach(ConfigurableApplicationContext::close);
        }
    }

    // a SpringApplication, as a user's main method runs it: environment post-processors apply
    private ConfigurableApplicationContext instance(List<String> members, String id) {
        List<String> arguments = new ArrayList<>(members);
        arguments.addAll(TestNodes.fastElections());
        arguments.addAll(List.of("dqlite.database=notes", "dqlite.node-id=" + id,
                "dqlite.data-directory=" + directory.resolve("node-" + id)));
        return new SpringApplicationBuilder(NodeApplication.class, ConnectionCounting.class).web(WebApplicationType.NONE)
                .run(arguments.stream().map(argument -> "--" + argument).toArray(String[]::new));
    }

    private static void exercise(ApplicationContext context) {
        Dialect dialect = ((EntityManagerFactoryInfo) context.getBean("entityManagerFactory")).getNativeEntityManagerFactory()
                .unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect();
        assertThat(dialect).as("the dialect Hibernate uses").isInstanceOf(SQLiteDialect.class);
        JpaNoteRepository notes = context.getBean(JpaNoteRepository.class);

        JpaNote saved = notes.save(new JpaNote("first"));
        assertThat(saved.getId()).as("the key SQLite generated").isNotNull();
        for (int i = 2; i <= 5; i++) {
            notes.save(new JpaNote("note " + i));
        }
        saved.setBody("first, edited");
        notes.save(saved);
        assertThat(notes.findById(saved.getId()).map(JpaNote::getBody)).contains("first, edited");

        Page<JpaNote> second = notes.findAll(PageRequest.of(1, 2, Sort.by("id")));
        assertThat(second.getTotalElements()).isEqualTo(5);
        assertThat(second.getContent()).extracting(JpaNote::getBody).containsExactly("note 3", "note 4");

        JpaNoteService service = context.getBean(JpaNoteService.class);
        assertThatThrownBy(() -> service.saveThenFail(List.of("kept?", "kept??"))).isInstanceOf(IllegalStateException.class);
        assertThat(notes.count()).as("a rolled-back @Transactional leaves nothing").isEqualTo(5);

        notes.deleteById(saved.getId());
        assertThat(notes.findAll()).hasSize(4).extracting(JpaNote::getBody).doesNotContain("first, edited");
    }

    /** A note as JPA maps it. */
    @Entity
    @Table(name = "jpa_note")
    static class JpaNote {

        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        private Long id;
        private String body;

        protected JpaNote() {
        }

        JpaNote(String body) {
            this.body = body;
        }

        Long getId() {
            return id;
        }

        String getBody() {
            return body;
        }

        void setBody(String body) {
            this.body = body;
        }
    }

    /** The repository under test. */
    interface JpaNoteRepository extends JpaRepository<JpaNote, Long> {
    }

    /** Saves notes in one transaction, then fails. */
    static class JpaNoteService {

        private final JpaNoteRepository notes;

        JpaNoteService(JpaNoteRepository notes) {
            this.notes = notes;
        }

        @Transactional
        public void saveThenFail(List<String> bodies) {
            bodies.forEach(body -> notes.save(new JpaNote(body)));
            notes.flush();
            throw new IllegalStateException("failing after " + bodies.size() + " saves");
        }
    }

    /** One node: the auto-configuration a Spring Boot application would get, and the notes. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DqliteAutoConfiguration.class, DqliteDataSourceAutoConfiguration.class,
            DqliteHibernateAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            HibernateJpaAutoConfiguration.class, DataJpaRepositoriesAutoConfiguration.class})
    @EnableTransactionManagement
    @EnableJpaRepositories(basePackageClasses = SpringDataJpaTests.class, considerNestedRepositories = true)
    @EntityScan(basePackageClasses = SpringDataJpaTests.class)
    static class NodeApplication {

        @Bean
        JpaNoteService jpaNoteService(JpaNoteRepository notes) {
            return new JpaNoteService(notes);
        }
    }
}
