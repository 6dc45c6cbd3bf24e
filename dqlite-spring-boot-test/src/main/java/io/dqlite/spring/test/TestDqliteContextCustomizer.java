package io.dqlite.spring.test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Applies {@link TestDqliteNodeInitializer} to a test's context; all instances are equal, so test classes that
 * differ only in this customizer share a cached context and its node.
 */
final class TestDqliteContextCustomizer implements ContextCustomizer {

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        new TestDqliteNodeInitializer().initialize(context);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TestDqliteContextCustomizer;
    }

    @Override
    public int hashCode() {
        return TestDqliteContextCustomizer.class.hashCode();
    }

}
