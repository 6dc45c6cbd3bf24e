/** Spring's SQL script initialization ({@code schema.sql}, {@code data.sql}) for a replicated database. */
package io.dqlite.spring.init;
