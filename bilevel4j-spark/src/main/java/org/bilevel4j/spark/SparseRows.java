package org.bilevel4j.spark;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.bilevel4j.model.Precision;

/**
 * A synthetic sparse binary logistic data set that any partition can make on its own: row i (training or
 * validation) is drawn from its own seed mix(seed, split, i), so a block of rows is the same whether it is made in
 * one partition of a Spark job, in another partitioning, or in-process. Row i has {@code nnz} non-zeros, one in
 * each of nnz equal column strata (sorted, distinct), of value ±1/√nnz (so ‖a_i‖ = 1 and the mean loss has
 * curvature at most ¼); its label is 1{a_i·w* + noise·ε > 0} with w*_j ~ N(0, 1) on the first half of the
 * features and 0 on the second (irrelevant features, where a per-feature decay should grow).
 */
record SparseRows(long seed, int features, int nnz, double noise) implements Serializable {
    SparseRows {
        if (nnz < 1 || features < nnz) throw new IllegalArgumentException("sparse rows need 1 <= nnz <= features, got nnz=" + nnz + ", features=" + features);
        if (!(noise >= 0)) throw new IllegalArgumentException("noise must be >= 0, got " + noise);
    }

    /** ¼ max_i ‖a_i‖² (float rounding of ±1/√nnz included), a bound on the curvature of the mean binary CE. */
    double curvatureBound() { return 0.25 * (1 + 1e-6); }

    /** w*, made from the seed alone (the same in every partition). */
    double[] truth() {
        SplittableRandom r = new SplittableRandom(mix(seed, -1));
        double[] w = new double[features];
        for (int j = 0; j < (features + 1) / 2; j++) w[j] = gaussian(r);
        return w;
    }

    /** Rows [start, start + count) of the training (validation = false) or validation rows. */
    RowBlock block(int start, int count, boolean validation, Precision precision) {
        double[] w = truth();
        int[] rowPtr = new int[count + 1], cols = new int[(int) Math.min(Integer.MAX_VALUE - 8L, (long) count * nnz)], labels = new int[count];
        if ((long) count * nnz > cols.length) throw new IllegalArgumentException(count + " rows of " + nnz + " non-zeros exceed one Java array; use more partitions");
        float[] vals = new float[cols.length];
        float a = (float) (1 / Math.sqrt(nnz));
        for (int r = 0; r < count; r++) {
            long i = (long) start + r;
            SplittableRandom rng = new SplittableRandom(mix(seed, validation ? -2 - i : i));
            double z = 0;
            int o = r * nnz;
            for (int t = 0; t < nnz; t++) {
                int lo = (int) ((long) t * features / nnz), hi = (int) ((long) (t + 1) * features / nnz);
                int c = lo + rng.nextInt(hi - lo);
                float v = rng.nextBoolean() ? a : -a;
                cols[o + t] = c;
                vals[o + t] = v;
                z += v * w[c];
            }
            z += noise * gaussian(rng);
            labels[r] = z > 0 ? 1 : 0;
            rowPtr[r + 1] = o + nnz;
        }
        return new RowBlock(start, features, 2, precision, rowPtr, cols, vals, labels);
    }

    /** A seed for stream k of this data set (SplitMix64's finaliser over seed and k). */
    private static long mix(long seed, long k) {
        long z = seed * 0x9E3779B97F4A7C15L + k * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double gaussian(SplittableRandom r) { // Box–Muller
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
