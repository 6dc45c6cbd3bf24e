/** TLS key material read from PEM files, and the contexts built from it for clients and servers. */
package io.dqlite.jdbc.tls;
