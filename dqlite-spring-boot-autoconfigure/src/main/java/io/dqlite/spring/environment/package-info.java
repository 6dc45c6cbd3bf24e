/** The defaults the starter gives other Spring Boot modules' properties. */
package io.dqlite.spring.environment;
