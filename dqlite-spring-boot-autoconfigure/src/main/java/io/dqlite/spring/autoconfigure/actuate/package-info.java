/** Auto-configuration of the dqlite actuator endpoint. */
package io.dqlite.spring.autoconfigure.actuate;
