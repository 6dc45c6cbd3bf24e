/** The dqlite actuator endpoint: the node's view of the cluster and operations on it. */
package io.dqlite.spring.actuate;
