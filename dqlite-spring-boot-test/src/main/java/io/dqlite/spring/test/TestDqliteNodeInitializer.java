package io.dqlite.spring.test;

import io.dqlite.spring.autoconfigure.DqliteNodeLifecycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Points a context's dqlite node at free ports of 127.0.0.1 and a new temporary data directory, as a single-node
 * cluster, and removes the directory once the node has stopped; usable directly with
 * {@code ApplicationContextRunner} or {@code SpringApplication.addInitializers}.
 */
public class TestDqliteNodeInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Name of the property source holding the test node's settings, ahead of every other source. */
    public static final String PROPERTY_SOURCE_NAME = "dqliteTestNode";

    private static final String DIRECTORY_BEAN_NAME = "dqliteTestDataDirectory";

    private static final Log logger = LogFactory.getLog(TestDqliteNodeInitializer.class);

    // ports handed out by this JVM: a port freed and picked again before the first context binds it would collide
    private static final Set<Integer> HANDED_OUT_PORTS = ConcurrentHashMap.newKeySet();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path directory = createDirectory();
        String address = "127.0.0.1:" + freePort();
        String raftAddress = "127.0.0.1:" + freePort();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(
                "dqlite.node-id", "1",
                "dqlite.members", "",
                "dqlite.address", address,
                "dqlite.raft-address", raftAddress,
                "dqlite.data-directory", directory.toString(),
                // nodes of several cached test contexts share one JVM, where Ratis names their JMX beans alike and
                // logs an ERROR for each one after the first; nothing else depends on those beans
                "logging.level.org.apache.ratis.util.JmxRegister", "OFF")));
        context.addBeanFactoryPostProcessor(beanFactory -> removeDirectoryAfterTheNode(beanFactory, directory));
        logger.info("dqlite test node on " + address + " (Raft " + raftAddress + "), data in " + directory
                + " until the context closes");
    }

    // the directory's bean is destroyed after the beans that depend on it, so after the node has stopped
    private static void removeDirectoryAfterTheNode(ConfigurableListableBeanFactory beanFactory, Path directory) {
        ((BeanDefinitionRegistry) beanFactory).registerBeanDefinition(DIRECTORY_BEAN_NAME,
                new RootBeanDefinition(TestDataDirectory.class, () -> new TestDataDirectory(directory)));
        for (String name : beanFactory.getBeanNamesForType(DqliteNodeLifecycle.class, true, false)) {
            BeanDefinition lifecycle = beanFactory.getBeanDefinition(name);
            String[] dependsOn = lifecycle.getDependsOn() == null ? new String[0] : lifecycle.getDependsOn();
            lifecycle.setDependsOn(StringUtils.addStringToArray(dependsOn, DIRECTORY_BEAN_NAME));
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("dqlite-test-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory for the dqlite test node", e);
        }
    }

    private static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT_PORTS.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on 127.0.0.1 for the dqlite test node", e);
            }
        }
    }

}
