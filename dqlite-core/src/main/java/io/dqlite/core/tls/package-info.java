/** TLS on a node's two ports: its certificate, the certificates it trusts, and whom it asks for one. */
package io.dqlite.core.tls;
