/** Spring Data support for dqlite: the Spring Data JDBC dialect and how it is found. */
package io.dqlite.spring.data;
