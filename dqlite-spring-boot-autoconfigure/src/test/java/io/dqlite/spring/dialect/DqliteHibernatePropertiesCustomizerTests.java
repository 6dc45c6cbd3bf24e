package io.dqlite.spring.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.dqlite.jdbc.DqliteDataSource;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

class DqliteHibernatePropertiesCustomizerTests {

    @Test
    void namesTheSqliteDialectAndNeedsNoConnectionForAPoolOverDqlite() {
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(dqlite());
        assertThat(customized(pool, false)).containsEntry("hibernate.dialect", DqliteHibernatePropertiesCustomizer.SQLITE_DIALECT)
                .containsEntry("hibernate.boot.allow_jdbc_metadata_access", "false");
    }

    @Test
    void recognisesDqliteByThePoolsUrlAndThroughSpringsProxies() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:dqlite://127.0.0.1:9001/app");
        assertThat(customized(new TransactionAwareDataSourceProxy(pool), false)).containsKey("hibernate.dialect");
    }

    @Test
    void leavesHibernateAloneWhenTheApplicationChoseADialect() {
        assertThat(customized(dqlite(), true)).isEmpty();
        Map<String, Object> properties = new HashMap<>(Map.of("hibernate.dialect", "com.example.MyDialect"));
        new DqliteHibernatePropertiesCustomizer(dqlite(), false).customize(properties);
        assertThat(properties).containsOnly(Map.entry("hibernate.dialect", "com.example.MyDialect"));
    }

    @Test
    void leavesHibernateAloneOverAnotherDatabase() {
        assertThat(customized(new DriverManagerDataSource("jdbc:sqlite:app.db"), false)).isEmpty();
    }

    private static Map<String, Object> customized(DataSource dataSource, boolean platformChosen) {
        Map<String, Object> properties = new HashMap<>();
        new DqliteHibernatePropertiesCustomizer(dataSource, platformChosen).customize(properties);
        return properties;
    }

    // a data source of the driver that is never asked for a connection
    private static DataSource dqlite() {
        return new DqliteDataSource(database -> {
            throw new SQLException("no connection expected");
        }, "app", "jdbc:dqlite://127.0.0.1:9001/app");
    }
}
