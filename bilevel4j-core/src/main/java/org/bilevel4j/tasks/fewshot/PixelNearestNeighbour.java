package org.bilevel4j.tasks.fewshot;

import java.util.List;
import java.util.function.IntFunction;
import org.bilevel4j.data.DenseMatrix;

/**
 * The simplest few-shot reference: each query gets the label of its nearest support sample in Euclidean distance
 * on raw pixels (ties to the lower label). No learning; it measures how hard a data set's episodes are.
 */
public final class PixelNearestNeighbour {
    private PixelNearestNeighbour() {}

    /** Mean accuracy over the episodes and its 95% half-width 1.96·s/√n (s the sample standard deviation). */
    public record Score(double mean, double ci95, int episodes) {
        @Override public String toString() { return String.format("%.2f ± %.2f %% (%d episodes)", 100 * mean, 100 * ci95, episodes); }
    }

    /** images(c) = the rows of class c (row i = sample i). */
    public static Score score(List<Episode> episodes, IntFunction<DenseMatrix> images) {
        double[] acc = new double[episodes.size()];
        for (int e = 0; e < acc.length; e++) acc[e] = accuracy(episodes.get(e), images);
        return summary(acc);
    }

    /** The fraction of the episode's queries classified right. */
    public static double accuracy(Episode e, IntFunction<DenseMatrix> images) {
        DenseMatrix[] x = new DenseMatrix[e.ways()];
        for (int n = 0; n < e.ways(); n++) x[n] = images.apply(e.classes()[n]);
        int right = 0, total = 0;
        for (int n = 0; n < e.ways(); n++)
            for (int q : e.query()[n]) {
                int best = -1;
                double bestD = Double.POSITIVE_INFINITY;
                for (int m = 0; m < e.ways(); m++)
                    for (int s : e.support()[m]) {
                        double d = squaredDistance(x[n], q, x[m], s);
                        if (d < bestD) { bestD = d; best = m; }
                    }
                if (best == n) right++;
                total++;
            }
        return total == 0 ? Double.NaN : right / (double) total;
    }

    static double squaredDistance(DenseMatrix a, int i, DenseMatrix b, int j) {
        float[] u = a.values(), v = b.values();
        int cols = a.cols();
        double s = 0;
        for (int k = 0; k < cols; k++) {
            double d = u[i * cols + k] - v[j * cols + k];
            s += d * d;
        }
        return s;
    }

    /** Mean and 95% half-width (1.96 standard errors) of per-episode accuracies; every few-shot evaluation reports these. */
    public static Score summary(double[] acc) {
        int n = acc.length;
        double mean = 0;
        for (double a : acc) mean += a;
        mean /= n;
        double ss = 0;
        for (double a : acc) ss += (a - mean) * (a - mean);
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        return new Score(mean, 1.96 * sd / Math.sqrt(n), n);
    }
}
