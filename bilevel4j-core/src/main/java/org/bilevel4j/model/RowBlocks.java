package org.bilevel4j.model;

import java.util.stream.IntStream;

/**
 * Splits a sweep over rows into contiguous blocks run in parallel on the common fork-join pool, each block
 * with its own accumulators; blocks are reduced in index order, so results do not depend on scheduling.
 * Small sweeps (under {@link #MIN_WORK} matrix entries per block) run on the calling thread.
 * The number of blocks is the number of processors, or the system property {@code bilevel4j.threads}.
 */
final class RowBlocks {
    private RowBlocks() {}

    static final long MIN_WORK = 200_000;

    @FunctionalInterface
    interface Block { void run(int block, int lo, int hi); }

    static int threads() {
        String s = System.getProperty("bilevel4j.threads");
        if (s != null) {
            try {
                return Math.max(1, Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bilevel4j.threads=" + s + " is not an integer");
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** How many blocks a sweep over {@code rows} rows of total work {@code work} gets. */
    static int blocks(int rows, long work) {
        long byWork = Math.max(1, work / MIN_WORK);
        return (int) Math.max(1, Math.min(Math.min(threads(), byWork), rows));
    }

    /** Runs block b over rows [b·rows/k, (b+1)·rows/k) for b < k. */
    static void run(int rows, int k, Block task) {
        if (k == 1) {
            task.run(0, 0, rows);
            return;
        }
        IntStream.range(0, k).parallel().forEach(b -> task.run(b, (int) ((long) b * rows / k), (int) ((long) (b + 1) * rows / k)));
    }
}
