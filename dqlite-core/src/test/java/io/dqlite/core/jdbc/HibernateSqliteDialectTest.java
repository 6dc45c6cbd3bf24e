package io.dqlite.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dqlite.core.Member;
import io.dqlite.core.TestCluster;
import io.dqlite.jdbc.DqliteDataSource;
import io.dqlite.jdbc.client.ClientSettings;
import io.dqlite.jdbc.client.RemoteSessionFactory;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hibernate with its community SQLite dialect creates a schema, persists and queries through the driver. */
class HibernateSqliteDialectTest {

    @TempDir
    Path dir;

    /** An entity with a generated key, which Hibernate reads from the driver's generated keys. */
    @Entity(name = "Book")
    public static class Book {

        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        private Long id;

        private String title;

        protected Book() {
        }

        Book(String title) {
            this.title = title;
        }

        Long id() {
            return id;
        }
    }

    @Test
    void hibernateWorksThroughTheDriver() throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 3, TestCluster.testTiming())) {
            cluster.startAll();
            cluster.awaitLeader(Duration.ofSeconds(30));
            List<String> addresses = cluster.members().stream().map(Member::wireAddress).toList();
            DqliteDataSource dataSource = new DqliteDataSource(new RemoteSessionFactory(addresses,
                    ClientSettings.defaults()), "hibernate", "jdbc:dqlite://" + String.join(",", addresses) + "/hibernate");
            Configuration configuration = new Configuration().addAnnotatedClass(Book.class);
            configuration.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
            configuration.setProperty(AvailableSettings.DIALECT, "org.hibernate.community.dialect.SQLiteDialect");
            configuration.setProperty(AvailableSettings.HBM2DDL_AUTO, "create");
            try (SessionFactory sessions = configuration.buildSessionFactory()) {
                Book saved = sessions.fromTransaction(session -> {
                    Book book = new Book("Raft in practice");
                    session.persist(book);
                    session.persist(new Book("SQLite internals"));
                    return book;
                });
                assertThat(saved.id()).isPositive();

                List<String> titles = sessions.fromSession(session -> session
                        .createSelectionQuery("select b.title from Book b order by b.title", String.class).getResultList());
                assertThat(titles).containsExactly("Raft in practice", "SQLite internals");
                String found = sessions.fromSession(session -> session.find(Book.class, saved.id()).title);
                assertThat(found).isEqualTo("Raft in practice");
            }
        }
    }
}
