package io.dqlite.spring.repositories;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** Counts the connections an application asks its {@code DataSource} for, e.g. while it starts. */
@Configuration(proxyBeanMethods = false)
class ConnectionCounting {

    private final AtomicInteger requested = new AtomicInteger();

    /** Returns how many connections were asked for so far. */
    int requested() {
        return requested.get();
    }

    @Bean
    static BeanPostProcessor connectionCountingPostProcessor(ConnectionCounting counting) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource dataSource ? counting.counted(dataSource) : bean;
            }
        };
    }

    private DataSource counted(DataSource dataSource) {
        return new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                requested.incrementAndGet();
                return super.getConnection();
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                requested.incrementAndGet();
                return super.getConnection(username, password);
            }
        };
    }
}
