package io.dqlite.spring.dialect;

import io.dqlite.jdbc.DqliteDatabaseMetaData;
import java.sql.DatabaseMetaData;
import java.util.Optional;
import org.springframework.data.jdbc.core.dialect.DialectResolver;
import org.springframework.data.relational.core.dialect.Dialect;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Tells Spring Data JDBC to use {@link DqliteJdbcDialect} when the {@code DataSource} is dqlite's
 * (its driver names itself "dqlite JDBC"); registered in {@code META-INF/spring.factories}, so
 * repositories work with no property set.
 */
public class DqliteJdbcDialectProvider implements DialectResolver.JdbcDialectProvider {

    @Override
    public Optional<Dialect> getDialect(JdbcOperations operations) {
        return Optional.ofNullable(operations.execute((ConnectionCallback<Dialect>) connection -> {
            DatabaseMetaData metaData = connection.getMetaData();
            return DqliteDatabaseMetaData.DRIVER_NAME.equals(metaData.getDriverName()) ? DqliteJdbcDialect.INSTANCE : null;
        }));
    }
}
