package io.dqlite.testcontainers.service.connection;

import io.dqlite.jdbc.DqliteDriver;
import io.dqlite.testcontainers.DqliteContainer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * Creates {@link JdbcConnectionDetails} for a {@link DqliteContainer} annotated with {@code @ServiceConnection}:
 * a {@code jdbc:dqlite://} URL naming the node, or every node of its cluster, and the dqlite driver.
 */
class DqliteContainerConnectionDetailsFactory
        extends ContainerConnectionDetailsFactory<DqliteContainer, JdbcConnectionDetails> {

    @Override
    protected JdbcConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<DqliteContainer> source) {
        return new DqliteContainerConnectionDetails(source);
    }

    /** The connection details of one container, read from it once it has started. */
    static final class DqliteContainerConnectionDetails extends ContainerConnectionDetails<DqliteContainer>
            implements JdbcConnectionDetails {

        DqliteContainerConnectionDetails(ContainerConnectionSource<DqliteContainer> source) {
            super(source);
        }

        @Override
        public String getJdbcUrl() {
            return getContainer().getJdbcUrl();
        }

        @Override
        public String getDriverClassName() {
            return DqliteDriver.class.getName();
        }

        // dqlite has no users: the driver ignores a user name and a password
        @Override
        public @Nullable String getUsername() {
            return null;
        }

        @Override
        public @Nullable String getPassword() {
            return null;
        }

    }

}
