/** Spring Boot service connections ({@code @ServiceConnection}) to dqlite containers. */
package io.dqlite.testcontainers.service.connection;
