package io.dqlite.spring.environment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Sets Apache Ratis' log levels among Spring Boot's default properties, below every property of the application,
 * so that any {@code logging.level.*} the application sets wins: Ratis reports each configuration key it reads and
 * each step of an election at INFO, and warns of every failed heartbeat to a peer that is down or stopping, which
 * dqlite reports in its own words instead.
 */
public final class RatisLoggingDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        DefaultPropertiesPropertySource.addOrMerge(levels(), environment.getPropertySources());
    }

    private static Map<String, Object> levels() {
        Map<String, Object> levels = new LinkedHashMap<>();
        // 160-230 lines a node at each start: every configuration key read, each election step, each segment
        levels.put("logging.level.org.apache.ratis", "WARN");
        // a leader's appender warns at every failed heartbeat to a peer that is down or stopping (16 a second,
        // summed up every 5 s with their stack traces); dqlite's PeerWatch reports a silent peer once a minute
        levels.put("logging.level.org.apache.ratis.grpc.server.GrpcLogAppender", "ERROR");
        // the same on the Netty transport, whose appenders log through this name: a stack trace every tenth retry,
        // that is four times a second, while a peer is down
        levels.put("logging.level.org.apache.ratis.server.leader.LogAppender", "ERROR");
        // on the Netty transport, each failed connection to a peer that is down or not started yet (every retry of
        // an append or a vote) is reported with two stack traces; each failure it reports is thrown to its caller too
        levels.put("logging.level.org.apache.ratis.util.LifeCycle", "OFF");
        // warns of the requests a connection to a peer still had when the peer went away
        levels.put("logging.level.org.apache.ratis.netty.NettyRpcProxy", "ERROR");
        // warns whenever a stream of appends ends, that is whenever a peer or its leader stops or steps down
        levels.put("logging.level.org.apache.ratis.grpc.server.GrpcServerProtocolService", "ERROR");
        // warns with a stack trace when the peer asked to take over leadership cannot be reached: the caller
        // gets the failure in the reply, and a stopping node says in its own words what became of its leadership
        levels.put("logging.level.org.apache.ratis.server.impl.TransferLeadership", "ERROR");
        return levels;
    }
}
