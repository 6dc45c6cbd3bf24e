package io.dqlite.spring.autoconfigure;

import io.dqlite.core.Node;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Auto-configuration that makes Flyway and Liquibase wait until the cluster has elected a leader, which
 * executes their SQL.
 */
@AutoConfiguration(after = DqliteAutoConfiguration.class,
        beforeName = { "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration" })
@ConditionalOnBean(Node.class)
@Conditional(DqliteMigrationAutoConfiguration.OnMigrationToolCondition.class)
public final class DqliteMigrationAutoConfiguration {

    /** The name of the bean that holds schema migrations back until a leader is elected. */
    public static final String LEADER_AWAIT_BEAN_NAME = "dqliteLeaderAwait";

    // lazy: created only for a Flyway or Liquibase bean that depends on it, so with migrations disabled
    // (spring.flyway.enabled=false) an instance starts without waiting for a leader
    @Bean(LEADER_AWAIT_BEAN_NAME)
    @Lazy
    LeaderAwait dqliteLeaderAwait(Node node, DqliteProperties properties) {
        return new LeaderAwait(node, properties.getStartup().getLeaderTimeout());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Flyway.class)
    static class FlywayLeaderDependencyConfiguration {

        @Bean
        static FlywayDependsOnLeaderPostProcessor flywayDependsOnDqliteLeaderPostProcessor() {
            return new FlywayDependsOnLeaderPostProcessor();
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SpringLiquibase.class)
    static class LiquibaseLeaderDependencyConfiguration {

        @Bean
        static LiquibaseDependsOnLeaderPostProcessor liquibaseDependsOnDqliteLeaderPostProcessor() {
            return new LiquibaseDependsOnLeaderPostProcessor();
        }

    }

    static class FlywayDependsOnLeaderPostProcessor extends AbstractDependsOnBeanFactoryPostProcessor {

        FlywayDependsOnLeaderPostProcessor() {
            super(Flyway.class, LEADER_AWAIT_BEAN_NAME);
        }

    }

    static class LiquibaseDependsOnLeaderPostProcessor extends AbstractDependsOnBeanFactoryPostProcessor {

        LiquibaseDependsOnLeaderPostProcessor() {
            super(SpringLiquibase.class, LEADER_AWAIT_BEAN_NAME);
        }

    }

    static class OnMigrationToolCondition extends AnyNestedCondition {

        OnMigrationToolCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnClass(name = "org.flywaydb.core.Flyway")
        static class FlywayPresent {

        }

        @ConditionalOnClass(name = "liquibase.integration.spring.SpringLiquibase")
        static class LiquibasePresent {

        }

    }

}
