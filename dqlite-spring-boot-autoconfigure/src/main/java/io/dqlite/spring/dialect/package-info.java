/** The Spring Data JDBC dialect for dqlite and how Spring Data finds it. */
package io.dqlite.spring.dialect;
