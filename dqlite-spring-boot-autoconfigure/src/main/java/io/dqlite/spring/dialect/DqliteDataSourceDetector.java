package io.dqlite.spring.dialect;

import com.zaxxer.hikari.HikariDataSource;
import io.dqlite.core.NodeDataSource;
import io.dqlite.jdbc.DqliteDataSource;
import io.dqlite.jdbc.DqliteUrl;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.util.ClassUtils;

/**
 * Recognises a dqlite {@code DataSource} from the objects it is built of, without a connection: a node without a
 * quorum has no leader to connect to, and its application must still start (readiness DOWN until one is elected).
 */
final class DqliteDataSourceDetector {

    private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
            DqliteDataSourceDetector.class.getClassLoader());

    private DqliteDataSourceDetector() {
    }

    /** Tells whether {@code dataSource}, or the one it pools or delegates to, is dqlite's. */
    static boolean isDqlite(DataSource dataSource) {
        DataSource current = dataSource;
        while (current != null) {
            if (current instanceof NodeDataSource || current instanceof DqliteDataSource) {
                return true;
            }
            if (current instanceof DelegatingDataSource delegating) {
                current = delegating.getTargetDataSource();
            } else if (HIKARI_PRESENT && HikariPools.isPool(current)) {
                if (HikariPools.pointsAtDqlite(current)) {
                    return true;
                }
                current = HikariPools.pooled(current);
            } else {
                return false;
            }
        }
        return false;
    }

    /** The HikariCP side, apart so that the detector loads without HikariCP on the class path. */
    private static final class HikariPools {

        static boolean isPool(DataSource dataSource) {
            return dataSource instanceof HikariDataSource;
        }

        static boolean pointsAtDqlite(DataSource dataSource) {
            return DqliteUrl.accepts(((HikariDataSource) dataSource).getJdbcUrl());
        }

        static DataSource pooled(DataSource dataSource) {
            return ((HikariDataSource) dataSource).getDataSource();
        }
    }
}
