package org.bilevel4j.tasks;

import java.util.SplittableRandom;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.vec.Heap;

/** Data sets generated in code (no download), for default runs and tests. */
public final class Synthetic {
    private Synthetic() {}

    /**
     * A K-class Gaussian mixture: class means μ_k ~ N(0, (separation² / d) I) (so ‖μ_k − μ_l‖ ≈ separation·√2),
     * x = μ_y + N(0, I); labels balanced (i mod K) in random order. Generate all splits in one call with one
     * seed and cut it with {@link #rows}, so that they share the means.
     */
    public static LabeledData gaussianMixture(int n, int d, int classes, double separation, long seed) {
        if (n < 1 || d < 1 || classes < 2) throw new IllegalArgumentException("mixture needs n >= 1, d >= 1, classes >= 2");
        SplittableRandom rng = new SplittableRandom(seed);
        double[] mu = new double[classes * d];
        for (int k = 0; k < mu.length; k++) mu[k] = gaussian(rng) * separation / Math.sqrt(d);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % classes;
        for (int i = n - 1; i > 0; i--) { // shuffle
            int j = rng.nextInt(i + 1), t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i * d + j] = (float) (mu[labels[i] * d + j] + gaussian(rng));
        return LabeledData.classification(new DenseMatrix(n, d, x), labels, classes);
    }

    /**
     * Binary logistic data in the style of hypertorch's example: x ~ N(0, I_d), a true weight vector whose
     * second half is zero (irrelevant features, where a per-feature decay should grow), and labels
     * y = 1{x·w* + ε > 0}, ε ~ N(0, noise²).
     */
    public static LabeledData sparseLogistic(int n, int d, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[d];
        for (int j = 0; j < (d + 1) / 2; j++) w[j] = gaussian(rng);
        float[] x = new float[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double z = noise * gaussian(rng);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) gaussian(rng);
                z += x[i * d + j] * w[j];
            }
            labels[i] = z > 0 ? 1 : 0;
        }
        return LabeledData.classification(new DenseMatrix(n, d, x), labels, 2);
    }

    /** Rows [from, to) of a data set. */
    public static LabeledData rows(LabeledData data, int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) idx[i] = from + i;
        return data.subset(idx);
    }

    static double gaussian(SplittableRandom rng) { // Box–Muller
        double u = 1 - rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * Before a synthetic data set of {@code rows} × {@code features} (float) is drawn: its arrays fit Java's and the heap
     * holds the data, its row copies (train / validation / test views, standardized copies) and a model's per-row sums.
     */
    public static void check(String task, long rows, int features, int classes) {
        String what = task + " with " + rows + " samples of " + features + " features";
        Heap.entries(what, 1, rows);
        Heap.entries(what, rows, features);
        Heap.entries(what + " and " + classes + " classes", rows, classes);
        Heap.require(what, 3.0 * 4 * rows * features + 4.0 * 8 * rows * classes);
    }
}
