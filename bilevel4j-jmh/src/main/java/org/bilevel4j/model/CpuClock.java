package org.bilevel4j.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** The thread's CPU clock, the figure least disturbed by other processes on a shared machine, for the breakdown tools (and the wall clock, for sweeps on several threads). */
final class CpuClock {
    private CpuClock() {}

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** The smallest CPU milliseconds of reps runs of body on this thread. */
    static double minMs(int reps, Runnable body) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            body.run();
            best = Math.min(best, (CPU.getCurrentThreadCpuTime() - t0) / 1e6);
        }
        return best;
    }

    /** The smallest wall-clock milliseconds of reps runs of body (for sweeps on several threads). */
    static double minWallMs(int reps, Runnable body) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            body.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }
}
