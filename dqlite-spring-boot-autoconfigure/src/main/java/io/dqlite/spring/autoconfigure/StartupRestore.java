package io.dqlite.spring.autoconfigure;

import io.dqlite.core.Node;
import io.dqlite.core.backup.BackupRestore;
import io.dqlite.jdbc.LeadershipLostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Loads {@code dqlite.restore.file} into the application's database at start-up while the cluster's copy holds no
 * table: the instance on the leader loads it, the others wait until it is there; migrations and {@code schema.sql}
 * run after it.
 */
public class StartupRestore implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(StartupRestore.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Node node;
    private final DataSource dataSource;
    private final String database;
    private final Path file;
    private final Duration timeout;

    /**
     * Creates the restore.
     *
     * @param node the local node
     * @param dataSource the application's dqlite {@code DataSource}, through which a follower's instance looks
     * @param database the database to load the backup into
     * @param file the backup file
     * @param timeout how long to wait for a leader and, on a follower, for the leader's instance to restore
     */
    public StartupRestore(Node node, DataSource dataSource, String database, Path file, Duration timeout) {
        this.node = node;
        this.dataSource = dataSource;
        this.database = database;
        this.file = file;
        this.timeout = timeout;
    }

    @Override
    public void afterPropertiesSet() throws InterruptedException, SQLException {
        new LeaderAwait(node, timeout).afterPropertiesSet();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (node.isLeader()) {
                try {
                    BackupRestore.Outcome outcome = node.restore(database, file);
                    log.info(outcome == BackupRestore.Outcome.RESTORED
                            ? "Restored database '{}' from {} (dqlite.restore.file)"
                            : "Database '{}' already holds tables: {} (dqlite.restore.file) not loaded", database, file);
                    return;
                } catch (LeadershipLostException e) {
                    log.debug("Node {} stopped leading while restoring '{}'; asking again", node.id(), database, e);
                }
            } else if (holdsTables()) {
                log.info("Database '{}' holds tables (restored by the leader's instance, or before): {}"
                        + " (dqlite.restore.file) not loaded here", database, file);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("database '" + database + "' was not restored from " + file
                        + " within " + timeout.toMillis() + " ms (dqlite.startup.leader-timeout): the leader's"
                        + " instance must name the same dqlite.restore.file");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private boolean holdsTables() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            return count.next() && count.getLong(1) > 0;
        } catch (SQLException e) {
            log.debug("Looking for the restored database '{}' failed; asking again", database, e);
            return false;
        }
    }
}
