package io.dqlite.spring.init;

import io.dqlite.spring.autoconfigure.LeaderAwait;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.ApplicationDataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Spring's {@code schema.sql}/{@code data.sql} initialization for a replicated database: it runs at
 * start-up as for an embedded database, waits for the cluster's leader, and applies each set of
 * scripts once across the cluster, however many instances start together.
 *
 * <p>Each set (the schema scripts, then the data scripts) runs in one transaction that first
 * looks for the set's SHA-256 in the table {@value #APPLIED_TABLE}: the first instance to get the
 * writer applies the scripts and records them in the same commit; the others find the record and
 * skip. Changed scripts are a new set and run again, so they must suit a database that already
 * holds the old ones; for evolving schemas use Flyway or Liquibase.
 */
public class DqliteScriptDatabaseInitializer extends ApplicationDataSourceScriptDatabaseInitializer {

    /** The table that records which sets of scripts were applied. */
    public static final String APPLIED_TABLE = "dqlite_sql_init";

    private static final Logger log = LoggerFactory.getLogger(DqliteScriptDatabaseInitializer.class);

    private final LeaderAwait leaderAwait;

    /** Creates the initializer of {@code dataSource} from Spring's SQL initialization properties. */
    public DqliteScriptDatabaseInitializer(DataSource dataSource, SqlInitializationProperties properties,
            LeaderAwait leaderAwait) {
        super(dataSource, properties);
        this.leaderAwait = leaderAwait;
    }

    /** A dqlite database belongs to the application as an embedded one does, so the default mode runs the scripts. */
    @Override
    protected boolean isEmbeddedDatabase() {
        return true;
    }

    @Override
    protected void runScripts(Scripts scripts) {
        List<Resource> resources = new ArrayList<>();
        scripts.forEach(resources::add);
        if (resources.isEmpty()) {
            return;
        }
        try {
            leaderAwait.afterPropertiesSet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a dqlite leader to run " + names(resources), e);
        }
        String checksum = checksum(resources);
        try (Connection connection = getDataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (applyOnce(connection, scripts, resources, checksum)) {
                    log.info("Applied {} to the replicated database (recorded in {})", names(resources), APPLIED_TABLE);
                } else {
                    log.info("Skipped {}: another instance applied these scripts (recorded in {})", names(resources),
                            APPLIED_TABLE);
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("running " + names(resources) + " failed: " + e.getMessage(), e);
        }
    }

    /** Applies the scripts and records them in one transaction, unless they are recorded; returns whether it applied them. */
    private boolean applyOnce(Connection connection, Scripts scripts, List<Resource> resources, String checksum)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + APPLIED_TABLE
                    + " (checksum TEXT PRIMARY KEY, scripts TEXT NOT NULL, applied_at TEXT NOT NULL)");
        }
        try (PreparedStatement applied = connection.prepareStatement(
                "SELECT count(*) FROM " + APPLIED_TABLE + " WHERE checksum = ?")) {
            applied.setString(1, checksum);
            try (ResultSet count = applied.executeQuery()) {
                count.next();
                if (count.getLong(1) > 0) {
                    connection.rollback();
                    return false;
                }
            }
        }
        ResourceDatabasePopulator populator = new ResourceDatabasePopulator();
        populator.setContinueOnError(scripts.isContinueOnError());
        populator.setSeparator(scripts.getSeparator());
        if (scripts.getEncoding() != null) {
            populator.setSqlScriptEncoding(scripts.getEncoding().name());
        }
        resources.forEach(populator::addScript);
        customize(populator);
        populator.populate(connection);
        try (PreparedStatement record = connection.prepareStatement(
                "INSERT INTO " + APPLIED_TABLE + " (checksum, scripts, applied_at) VALUES (?, ?, ?)")) {
            record.setString(1, checksum);
            record.setString(2, names(resources));
            record.setString(3, Instant.now().toString());
            record.executeUpdate();
        }
        connection.commit();
        return true;
    }

    private static String checksum(List<Resource> resources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Resource resource : resources) {
                digest.update(String.valueOf(resource.getFilename()).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try (InputStream in = resource.getInputStream()) {
                    digest.update(in.readAllBytes());
                }
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + names(resources) + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static String names(List<Resource> resources) {
        return resources.stream().map(Resource::getDescription).toList().toString();
    }
}
