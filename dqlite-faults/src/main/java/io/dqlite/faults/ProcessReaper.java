package io.dqlite.faults;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers every node process the suite started and kills, by pid, those still alive when the JVM
 * exits, so that a test that dies halfway never leaves a cluster running.
 */
public final class ProcessReaper {

    private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "faults-process-reaper"));
    }

    private ProcessReaper() {
    }

    /** Registers a process started by the suite. */
    public static void started(ProcessHandle process) {
        LIVE.add(process);
    }

    /** Forgets a process that has exited. */
    public static void exited(ProcessHandle process) {
        LIVE.remove(process);
    }

    private static void killAll() {
        for (ProcessHandle process : LIVE) {
            // SIGCONT first would not matter: SIGKILL ends a stopped process too
            process.destroyForcibly();
        }
    }
}
