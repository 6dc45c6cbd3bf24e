package io.dqlite.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A node tells whether its JVM exits when out of memory from the JVM's own options. */
class OutOfMemoryExitTest {

    @Test
    void aJvmExitsOnOutOfMemoryWithAnyOfTheFlagsThatEndIt() {
        assertThat(exits(Map.of("ExitOnOutOfMemoryError", "true"))).isTrue();
        assertThat(exits(Map.of("CrashOnOutOfMemoryError", "true"))).isTrue();
        assertThat(exits(Map.of("OnOutOfMemoryError", "kill -9 %p"))).isTrue();
        assertThat(exits(Map.of("ExitOnOutOfMemoryError", "false", "CrashOnOutOfMemoryError", "false",
                "OnOutOfMemoryError", ""))).isFalse();
        assertThat(exits(Map.of())).as("a JVM without these options").isFalse();
    }

    @Test
    void theOptionsAreReadFromThisJvmAndTheWarningNamesTheFlag() {
        assertThat(OutOfMemoryExit.vmOption("ExitOnOutOfMemoryError")).as("HotSpot's option").isPresent();
        assertThat(OutOfMemoryExit.vmOption("NoSuchOption")).isEmpty();
        assertThat(OutOfMemoryExit.warning("2")).startsWith("Node 2 ").contains("-XX:+ExitOnOutOfMemoryError");
    }

    private static boolean exits(Map<String, String> options) {
        return OutOfMemoryExit.exitsOnOutOfMemory(name -> Optional.ofNullable(options.get(name)));
    }
}
