package io.dqlite.spring.dialect;

import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;

/**
 * Gives Hibernate the community {@code SQLiteDialect} and tells it not to read JDBC metadata at start-up, unless
 * the application chose otherwise: Hibernate would otherwise connect to find its dialect, and an instance whose
 * cluster has no leader yet would fail to start instead of waiting, not ready, for one.
 */
public class DqliteHibernatePropertiesCustomizer implements HibernatePropertiesCustomizer {

    /** Hibernate's dialect for SQLite, from {@code hibernate-community-dialects}. */
    public static final String SQLITE_DIALECT = "org.hibernate.community.dialect.SQLiteDialect";

    private static final String DIALECT = "hibernate.dialect";
    private static final String METADATA_ACCESS = "hibernate.boot.allow_jdbc_metadata_access";

    private final DataSource dataSource;
    private final boolean platformChosen;

    /**
     * Creates the customizer.
     *
     * @param dataSource the application's {@code DataSource}; Hibernate is left alone unless it is dqlite's
     * @param platformChosen whether the application named a dialect in {@code spring.jpa.database-platform}
     */
    public DqliteHibernatePropertiesCustomizer(DataSource dataSource, boolean platformChosen) {
        this.dataSource = dataSource;
        this.platformChosen = platformChosen;
    }

    @Override
    public void customize(Map<String, Object> hibernateProperties) {
        if (platformChosen || !DqliteDataSourceDetector.isDqlite(dataSource) || hibernateProperties.containsKey(DIALECT)
                || hibernateProperties.containsKey("jakarta.persistence.database-product-name")) {
            return;
        }
        hibernateProperties.put(DIALECT, SQLITE_DIALECT);
        hibernateProperties.putIfAbsent(METADATA_ACCESS, "false");
    }
}
