package io.dqlite.core;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Whether this JVM exits when it runs out of memory, as a node's should: after an {@link OutOfMemoryError} some of
 * its threads (a log appender, the apply loop, a client's connection) may have died mid-work while the others go on
 * serving, where a JVM that exits is restarted and catches up from the log. A library cannot set the JVM's flags, so
 * a node starting in a JVM without one says so, once per JVM, naming the flag.
 */
final class OutOfMemoryExit {

    /** The JVM option a node's JVM should be started with. */
    static final String FLAG = "-XX:+ExitOnOutOfMemoryError";

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private OutOfMemoryExit() {
    }

    /**
     * Tells whether the JVM options, read through {@code option} (a HotSpot option's name to its value), make the
     * JVM exit or crash on an {@link OutOfMemoryError}, or run a command that may end it.
     */
    static boolean exitsOnOutOfMemory(Function<String, Optional<String>> option) {
        return option.apply("ExitOnOutOfMemoryError").filter("true"::equals).isPresent()
                || option.apply("CrashOnOutOfMemoryError").filter("true"::equals).isPresent()
                || option.apply("OnOutOfMemoryError").filter(command -> !command.isBlank()).isPresent();
    }

    /** Returns the value of this JVM's HotSpot option {@code name}, empty on a JVM that has no such option. */
    static Optional<String> vmOption(String name) {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotSpot == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(hotSpot.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Returns the warning for node {@code nodeId} in a JVM that does not exit when out of memory. */
    static String warning(String nodeId) {
        return "Node " + nodeId + " runs in a JVM that goes on after an OutOfMemoryError, with whatever threads died"
                + " in it; start the JVM with " + FLAG + " (or set it in JAVA_TOOL_OPTIONS) so that a node out of"
                + " memory exits, is restarted and catches up";
    }

    /** Logs {@link #warning} to {@code log}, the first time a node of this JVM starts, if the JVM would go on. */
    static void warnIfTheJvmGoesOn(Logger log, String nodeId) {
        if (!exitsOnOutOfMemory(OutOfMemoryExit::vmOption) && WARNED.compareAndSet(false, true)) {
            log.warn(warning(nodeId));
        }
    }
}
