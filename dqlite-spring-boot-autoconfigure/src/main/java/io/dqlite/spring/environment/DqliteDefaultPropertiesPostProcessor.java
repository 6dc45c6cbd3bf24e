package io.dqlite.spring.environment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Adds, below every property the application sets, the defaults an application over an embedded dqlite node needs
 * from other Spring Boot modules.
 */
public class DqliteDefaultPropertiesPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("dqlite.enabled", Boolean.class, true)
                || environment.containsProperty("spring.datasource.url")) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        // Boot connects to find out whether the database is embedded, to default ddl-auto to create-drop; dqlite is
        // not, so the answer is Boot's default for other databases, and without the question an instance starts
        // while its cluster has no leader to connect to
        defaults.put("spring.jpa.hibernate.ddl-auto", "none");
        DefaultPropertiesPropertySource.addOrMerge(defaults, environment.getPropertySources());
    }
}
