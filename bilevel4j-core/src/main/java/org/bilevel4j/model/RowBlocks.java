package org.bilevel4j.model;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Splits a sweep over rows into contiguous blocks run in parallel on the common fork-join pool, each block
 * with its own accumulators; blocks are reduced in index order, so results do not depend on scheduling.
 * Small sweeps (under {@link #MIN_WORK} matrix entries per block) run on the calling thread. There are
 * {@link #BLOCKS_PER_THREAD} blocks per thread (or as many as a kernel asks for its full passes,
 * {@link RowKernel#blocksPerThread}), picked up by the pool's threads as they come free; the number of
 * threads is the number of processors, or the system property {@code bilevel4j.threads}.
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

    /** Blocks per thread: more blocks than threads let a thread that was descheduled on a busy machine fall behind. */
    static final int BLOCKS_PER_THREAD = 4;

    /** How many blocks a sweep over {@code rows} rows of total work {@code work} gets (1 with one thread). */
    static int blocks(int rows, long work) { return blocks(rows, work, BLOCKS_PER_THREAD); }

    /** The same with perThread blocks per thread at most. */
    static int blocks(int rows, long work, int perThread) {
        int t = threads();
        if (t == 1) return 1;
        long byWork = Math.max(1, work / MIN_WORK);
        return (int) Math.max(1, Math.min(Math.min((long) perThread * t, byWork), rows));
    }

    /** Idle scratch and buffers kept per thread ({@link Idle}): one per block and parameter point of a sweep. */
    static final int SLOTS_PER_THREAD = 4;

    /** Runs block b over rows [b·rows/k, (b+1)·rows/k) for b < k. */
    static void run(int rows, int k, Block task) {
        if (k == 1) {
            task.run(0, 0, rows);
            return;
        }
        IntStream.range(0, k).parallel().forEach(b -> task.run(b, (int) ((long) b * rows / k), (int) ((long) (b + 1) * rows / k)));
    }

    /** Entries per part of a parallel reduction ({@link #addBlocks}): below two parts' worth it runs on the calling thread. */
    static final int REDUCE_PART = 1 << 15;

    /**
     * out[j] += acc[1][j] + … + acc[k−1][j], added in block order for every j (so the same bits as one loop over the blocks),
     * over ranges of j in parallel when out is long: on news20-shaped data (1.35 M features, 8 blocks) the serial loop
     * was a third of a two-thread gradient pass.
     */
    static void addBlocks(double[] out, double[][] acc) {
        int len = out.length, parts = (int) Math.min(2L * threads(), len / REDUCE_PART);
        if (acc.length < 2) return;
        if (parts < 2) {
            addBlocks(out, acc, 0, len);
            return;
        }
        IntStream.range(0, parts).parallel().forEach(p -> addBlocks(out, acc, (int) ((long) p * len / parts), (int) ((long) (p + 1) * len / parts)));
    }

    private static void addBlocks(double[] out, double[][] acc, int lo, int hi) {
        for (int b = 1; b < acc.length; b++) {
            double[] a = acc[b];
            for (int j = lo; j < hi; j++) out[j] += a[j];
        }
    }

    /**
     * Scratch of one owner (a model, a kernel) between sweeps, so that a pass does not allocate its per-block arrays anew:
     * fresh arrays after G1 has grown its young generation land on never-touched pages, a page fault per 4 KB (README, "The
     * slow mode caught"). A block takes one that fits, or none (then it allocates), and gives it back when done; each slot is
     * taken and filled by compare-and-set, so no two concurrent sweeps hold the same scratch.
     */
    static final class Idle<T> {
        private final AtomicReferenceArray<T> slots = new AtomicReferenceArray<>(SLOTS_PER_THREAD * Math.max(threads(), Runtime.getRuntime().availableProcessors()));

        /** An idle scratch that fits, now owned by the caller, or null. */
        T take(Predicate<? super T> fits) {
            for (int i = 0; i < slots.length(); i++) {
                T t = slots.get(i);
                if (t != null && fits.test(t) && slots.compareAndSet(i, t, null)) return t;
            }
            return null;
        }

        /** The idle scratch now held (for tests). */
        java.util.List<T> held() {
            java.util.List<T> l = new java.util.ArrayList<>();
            for (int i = 0; i < slots.length(); i++) if (slots.get(i) != null) l.add(slots.get(i));
            return l;
        }

        /** Hands t (no longer used by the caller) back; dropped when every slot is full. */
        void give(T t) {
            for (int i = 0; i < slots.length(); i++) if (slots.get(i) == null && slots.compareAndSet(i, null, t)) return;
        }
    }
}
