package io.dqlite.spring.test;

import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Gives the contexts of test classes annotated with {@link AutoConfigureTestDqlite} a throw-away node. */
class TestDqliteContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        if (TestContextAnnotationUtils.findMergedAnnotation(testClass, AutoConfigureTestDqlite.class) == null) {
            return null;
        }
        return new TestDqliteContextCustomizer();
    }

}
