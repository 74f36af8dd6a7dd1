package org.bilevel4j.cli.bench;

import java.util.Arrays;
import java.util.List;

/**
 * benchopt's median curve. benchopt's plots group the repetitions of a solver by stop value and take the median of
 * every column, time and metric alike (benchopt/plotting/plot_objective_curve.py: {@code groupby('stop_val').median()});
 * in the bilevel benchmark a stop value is a count of callbacks, one every {@code eval_freq} = 128 iterations. So its
 * curve is the median over seeds <em>at the same iteration</em>, not at the same time (as {@link Bands} draws): seeds
 * whose iterates dip at the same iteration but at different times keep the dip here and lose it there. Here the stop
 * value is a trace row's iteration, and an iteration counts only where every seed has a finite value (so the median
 * is never one long run's).
 */
public record StopValueCurve(double[] iteration, double[] seconds, double[] passes, double[] value) {

    /** Runs as {iteration, seconds, passes, value} columns of their trace rows. */
    static StopValueCurve of(List<double[][]> runs) {
        int n = runs.size(), rows = 0;
        double[] it = new double[0], sec = new double[0], pas = new double[0], val = new double[0];
        if (n == 0) return new StopValueCurve(it, sec, pas, val);
        double[][] first = runs.get(0);
        it = new double[first[0].length];
        sec = new double[it.length];
        pas = new double[it.length];
        val = new double[it.length];
        double[] s = new double[n], p = new double[n], v = new double[n];
        for (int i = 0; i < first[0].length; i++) {
            double at = first[0][i];
            boolean all = true;
            for (int k = 0; k < n && all; k++) {
                double[][] c = runs.get(k);
                int j = Arrays.binarySearch(c[0], at);
                all = j >= 0 && Double.isFinite(c[3][j]);
                if (all) { s[k] = c[1][j]; p[k] = c[2][j]; v[k] = c[3][j]; }
            }
            if (!all) continue;
            it[rows] = at;
            sec[rows] = median(s);
            pas[rows] = median(p);
            val[rows++] = median(v);
        }
        return new StopValueCurve(Arrays.copyOf(it, rows), Arrays.copyOf(sec, rows), Arrays.copyOf(pas, rows), Arrays.copyOf(val, rows));
    }

    /** The row of the best median value (the first of equals), or -1 for an empty curve. */
    int best(boolean higher) {
        int b = -1;
        for (int i = 0; i < value.length; i++)
            if (b < 0 || (higher ? value[i] > value[b] : value[i] < value[b])) b = i;
        return b;
    }

    /** The first row whose median value is at the level, or -1. */
    int first(double level, boolean higher) {
        for (int i = 0; i < value.length; i++) if (higher ? value[i] >= level : value[i] <= level) return i;
        return -1;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return Bands.median(sorted);
    }
}
