package io.dqlite.spring.autoconfigure;

import io.dqlite.spring.dialect.DqliteHibernatePropertiesCustomizer;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of Hibernate over a dqlite {@code DataSource}: the SQLite dialect without a connection at
 * start-up, so a JPA application starts while its cluster elects a leader.
 */
@AutoConfiguration(after = DqliteDataSourceAutoConfiguration.class,
        beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass(name = { "org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer",
        DqliteHibernatePropertiesCustomizer.SQLITE_DIALECT })
@ConditionalOnBean(DataSource.class)
public final class DqliteHibernateAutoConfiguration {

    @Bean
    HibernatePropertiesCustomizer dqliteHibernatePropertiesCustomizer(DataSource dataSource, Environment environment) {
        return new DqliteHibernatePropertiesCustomizer(dataSource,
                environment.containsProperty("spring.jpa.database-platform"));
    }

}
