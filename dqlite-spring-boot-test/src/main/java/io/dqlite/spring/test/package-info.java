/** Test support: an application's tests run on a throw-away single dqlite node. */
package io.dqlite.spring.test;
