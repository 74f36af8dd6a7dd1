package org.bilevel4j.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/** The thread's CPU clock, the figure least disturbed by other processes on a shared machine, for the breakdown tools (and the wall clock, for sweeps on several threads). */
final class CpuClock {
    private CpuClock() {}

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** The smallest CPU milliseconds of reps runs of body on this thread. */
    static double minMs(int reps, Runnable body) { return minMs(reps, body, CPU::getCurrentThreadCpuTime); }

    /** The smallest wall-clock milliseconds of reps runs of body (for sweeps on several threads). */
    static double minWallMs(int reps, Runnable body) { return minMs(reps, body, System::nanoTime); }

    /** The smallest milliseconds of reps runs of body by the given nanosecond clock. */
    private static double minMs(int reps, Runnable body, LongSupplier nanos) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = nanos.getAsLong();
            body.run();
            best = Math.min(best, (nanos.getAsLong() - t0) / 1e6);
        }
        return best;
    }
}
