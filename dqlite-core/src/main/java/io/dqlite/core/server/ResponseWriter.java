package io.dqlite.core.server;

import io.dqlite.jdbc.protocol.Response;
import java.io.IOException;

/** Sends responses to one client, in order. */
@FunctionalInterface
interface ResponseWriter {

    /** Sends {@code response}. */
    void write(Response response) throws IOException;
}
