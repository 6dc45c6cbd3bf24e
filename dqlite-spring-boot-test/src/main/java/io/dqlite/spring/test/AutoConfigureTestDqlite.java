package io.dqlite.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test's application context on a throw-away single dqlite node: free ports on 127.0.0.1 and a
 * temporary data directory that is removed when the context closes, whatever {@code dqlite.*} properties
 * the application sets for its members, addresses and data directory.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureTestDqlite {
}
