package org.bilevel4j.problem;

import java.util.random.RandomGenerator;

/** Draws mini-batch index sets for {@link BilevelProblem#batch} (from any generator: SplittableRandom, or Rng for checkpointable runs). */
public final class Batches {
    private Batches() {}

    /** Checks the index set of a {@link BilevelProblem#batch} view: not empty, every index in [0, n). */
    public static void check(int[] idx, int n, String what) {
        if (idx.length == 0) throw new IllegalArgumentException("empty " + what + " batch");
        for (int i : idx) if (i < 0 || i >= n) throw new IllegalArgumentException(what + " batch index " + i + " outside [0, " + n + ")");
    }

    /** 0, 1, ..., n-1: the index set of the full data. */
    public static int[] all(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /** {@code size} distinct indices from 0..n-1, uniformly (all of them when size >= n). */
    public static int[] sample(RandomGenerator rng, int n, int size) {
        if (size <= 0) throw new IllegalArgumentException("batch size must be positive, got " + size);
        if (size >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        // partial Fisher-Yates on a lazily materialised permutation (Floyd's algorithm for small batches)
        java.util.HashSet<Integer> seen = new java.util.HashSet<>();
        int[] out = new int[size];
        int k = 0;
        for (int j = n - size; j < n; j++) {
            int t = rng.nextInt(j + 1);
            int pick = seen.add(t) ? t : j;
            if (pick == j) seen.add(j);
            out[k++] = pick;
        }
        java.util.Arrays.sort(out);
        return out;
    }

    /** An independent mini-batch view: outer and inner batches drawn from rng. */
    public static BilevelProblem view(BilevelProblem p, RandomGenerator rng, int outerBatch, int innerBatch) {
        return p.batch(sample(rng, p.outerSamples(), outerBatch), sample(rng, p.innerSamples(), innerBatch));
    }
}
