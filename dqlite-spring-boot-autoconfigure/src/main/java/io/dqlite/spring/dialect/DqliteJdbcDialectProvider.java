package io.dqlite.spring.dialect;

import io.dqlite.jdbc.DqliteDatabaseMetaData;
import java.sql.DatabaseMetaData;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.data.jdbc.core.dialect.DialectResolver;
import org.springframework.data.relational.core.dialect.Dialect;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.support.JdbcAccessor;

/**
 * Tells Spring Data JDBC to use {@link DqliteJdbcDialect} when the {@code DataSource} is dqlite's
 * (its driver names itself "dqlite JDBC"); registered in {@code META-INF/spring.factories}, so
 * repositories work with no property set. Asked before Spring Data's own provider, it recognises the
 * auto-configured pool without a connection, so an instance starts while its cluster has no leader.
 */
public class DqliteJdbcDialectProvider implements DialectResolver.JdbcDialectProvider, Ordered {

    @Override
    public Optional<Dialect> getDialect(JdbcOperations operations) {
        if (operations instanceof JdbcAccessor accessor && accessor.getDataSource() != null
                && DqliteDataSourceDetector.isDqlite(accessor.getDataSource())) {
            return Optional.of(DqliteJdbcDialect.INSTANCE);
        }
        return Optional.ofNullable(operations.execute((ConnectionCallback<Dialect>) connection -> {
            DatabaseMetaData metaData = connection.getMetaData();
            return DqliteDatabaseMetaData.DRIVER_NAME.equals(metaData.getDriverName()) ? DqliteJdbcDialect.INSTANCE : null;
        }));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
