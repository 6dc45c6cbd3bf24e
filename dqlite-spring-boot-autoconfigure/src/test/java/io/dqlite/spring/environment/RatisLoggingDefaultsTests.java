package io.dqlite.spring.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class RatisLoggingDefaultsTests {

    private final StandardEnvironment environment = new StandardEnvironment();

    @Test
    void quietsRatisAndItsPerHeartbeatWarningsAsSpringBootsLoggingReadsTheLevels() {
        new RatisLoggingDefaults().postProcessEnvironment(environment, new SpringApplication());
        assertThat(levels()).containsEntry("org.apache.ratis", "WARN")
                .containsEntry("org.apache.ratis.grpc.server.GrpcLogAppender", "ERROR")
                .containsEntry("org.apache.ratis.server.leader.LogAppender", "ERROR")
                .containsEntry("org.apache.ratis.util.LifeCycle", "OFF")
                .containsEntry("org.apache.ratis.netty.NettyRpcProxy", "ERROR")
                .containsEntry("org.apache.ratis.grpc.server.GrpcServerProtocolService", "ERROR")
                .containsEntry("org.apache.ratis.server.impl.TransferLeadership", "ERROR");
    }

    @Test
    void theApplicationsOwnLevelsWin() {
        environment.getPropertySources().addLast(new MapPropertySource("applicationConfig",
                Map.of("logging.level.org.apache.ratis", "INFO",
                        "logging.level.org.apache.ratis.grpc.server.GrpcLogAppender", "DEBUG")));
        new RatisLoggingDefaults().postProcessEnvironment(environment, new SpringApplication());
        assertThat(levels()).containsEntry("org.apache.ratis", "INFO")
                .containsEntry("org.apache.ratis.grpc.server.GrpcLogAppender", "DEBUG")
                .containsEntry("org.apache.ratis.server.impl.TransferLeadership", "ERROR");
    }

    /** Reads the levels the way Spring Boot's logging does: bound as a map from logger names. */
    private Map<String, String> levels() {
        return Binder.get(environment).bind("logging.level", Bindable.mapOf(String.class, String.class)).get();
    }
}
