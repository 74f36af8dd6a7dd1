package org.bilevel4j.spark;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.bilevel4j.problem.Batches;

/**
 * The per-partition mini-batch sampler (option sampler=partition): a batch of b of the n rows is drawn as share k_p
 * of block p's n_p rows, each partition drawing its own k_p rows without replacement. The shares are b·n_p/n
 * rounded by systematic sampling, so that Σ_p k_p = b and E[k_p] = b·n_p/n exactly: the estimate
 * (1/b) Σ_p Σ_{i∈S_p} f_i is then unbiased for the mean over all rows, since E[Σ_{S_p} f_i | k_p] = k_p·mean_p f
 * and Σ_p (b·n_p/n)/b·mean_p f = (1/n) Σ_i f_i. With b = n every row is taken once (the full-data value).
 */
record Draw(long seed, int[] starts, int[] shares, int total) implements Serializable {

    /** A draw of {@code size} rows over the blocks {@code starts} (block p: rows starts[p] .. starts[p+1]). */
    static Draw of(long seed, int[] starts, int size) {
        int n = starts[starts.length - 1], b = Math.min(size, n);
        long u = new SplittableRandom(seed).nextLong(n); // the systematic offset U, uniform on 0 .. n-1
        return new Draw(seed, starts, shares(starts, b, u), b);
    }

    /**
     * k_p = ⌊b·n_p/n⌋ plus one where a point U + j·n (j = 0, 1, ...) falls in [R_{p−1}, R_p), R_p the running sum of
     * the remainders (b·n_q) mod n: the extra one has probability ((b·n_p) mod n)/n over U uniform on 0 .. n−1.
     */
    static int[] shares(int[] starts, int b, long u) {
        int p = starts.length - 1;
        long n = starts[p], r0 = 0;
        int[] k = new int[p];
        for (int q = 0; q < p; q++) {
            long bn = (long) b * (starts[q + 1] - starts[q]), r1 = r0 + bn % n;
            k[q] = (int) (bn / n + points(r1, u, n) - points(r0, u, n));
            r0 = r1;
        }
        return k;
    }

    /** The number of points U + j·n (j ≥ 0) below r. */
    private static long points(long r, long u, long n) { return r <= u ? 0 : Math.floorDiv(r - u - 1, n) + 1; }

    /** The drawn rows of the block of {@code rows} rows from blockStart as local indices (sorted), or null for all of them. */
    int[] localRows(int blockStart, int rows) {
        if (rows == 0) return new int[0];
        int p = java.util.Arrays.binarySearch(starts, 0, starts.length - 1, blockStart);
        if (p < 0) throw new IllegalStateException("no block starts at row " + blockStart);
        while (starts[p + 1] == starts[p]) p++; // empty blocks before it start at the same row
        if (starts[p + 1] - starts[p] != rows) throw new IllegalStateException("block " + p + " has " + rows + " rows, not " + (starts[p + 1] - starts[p]));
        if (shares[p] >= rows) return null;
        if (shares[p] == 0) return new int[0];
        return Batches.sample(new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (p + 1))), rows, shares[p]);
    }
}
