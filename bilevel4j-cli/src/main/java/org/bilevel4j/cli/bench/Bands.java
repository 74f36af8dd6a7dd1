package org.bilevel4j.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Curves of several seeds brought onto one grid of {@code points} x from the smallest first x to the largest last x,
 * evenly spaced or, for a log axis, geometrically over the positive x. Each seed's (x, y) points are interpolated
 * linearly (in log x on a log axis, so segments stay straight there); a seed that has stopped keeps its last value
 * (where it got to), a seed that has not started yet is left out. The median, minimum and maximum over the seeds
 * present are taken at each grid point.
 */
public final class Bands {
    private Bands() {}

    /** Median and spread (min–max over seeds) on a common grid. */
    public record Band(double[] x, double[] median, double[] lower, double[] upper) {}

    /** As {@link #of(List, List, int, boolean)} on an evenly spaced grid. */
    public static Band of(List<double[]> xs, List<double[]> ys, int points) { return of(xs, ys, points, false); }

    /**
     * One (x, y) curve per seed; points where x or y is NaN or infinite (and, with {@code log}, x ≤ 0) are dropped,
     * x must not decrease. Null when no seed has a point.
     */
    public static Band of(List<double[]> xs, List<double[]> ys, int points, boolean log) {
        List<double[][]> curves = new ArrayList<>();
        for (int s = 0; s < xs.size(); s++) {
            double[][] c = finite(xs.get(s), ys.get(s), log);
            if (c[0].length > 0) curves.add(c);
        }
        if (curves.isEmpty()) return null;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[][] c : curves) {
            lo = Math.min(lo, c[0][0]);
            hi = Math.max(hi, c[0][c[0].length - 1]);
        }
        int n = hi > lo ? points : 1;
        double[] grid = new double[n], med = new double[n], min = new double[n], max = new double[n];
        double[] at = new double[curves.size()];
        for (int i = 0; i < n; i++) {
            double t = n == 1 ? 1 : (double) i / (n - 1);
            grid[i] = n == 1 ? hi : i == n - 1 ? hi : log ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t;
            int m = 0;
            for (double[][] c : curves)
                if (c[0][0] <= grid[i]) at[m++] = interpolate(c[0], c[1], grid[i], log);
            double[] here = Arrays.copyOf(at, m);
            Arrays.sort(here);
            med[i] = median(here);
            min[i] = here[0];
            max[i] = here[m - 1];
        }
        return new Band(grid, med, min, max);
    }

    /** The median of sorted values (the mean of the two middle ones for an even count). */
    public static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** y at x by linear interpolation of the points (xs ascending); the end values outside their range. */
    static double interpolate(double[] xs, double[] ys, double x) { return interpolate(xs, ys, x, false); }

    /** The same, linear in log x when {@code log} (straight segments on a log axis; xs positive). */
    static double interpolate(double[] xs, double[] ys, double x, boolean log) {
        if (x <= xs[0]) return ys[0];
        int n = xs.length;
        if (x >= xs[n - 1]) return ys[n - 1];
        int i = Arrays.binarySearch(xs, x);
        if (i >= 0) return ys[i];
        int k = -i - 1; // xs[k-1] < x < xs[k]
        double t = log ? Math.log(x / xs[k - 1]) / Math.log(xs[k] / xs[k - 1]) : (x - xs[k - 1]) / (xs[k] - xs[k - 1]);
        return ys[k - 1] + t * (ys[k] - ys[k - 1]);
    }

    private static double[][] finite(double[] x, double[] y, boolean log) {
        int m = 0;
        double[] fx = new double[x.length], fy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i]) || (log && !(x[i] > 0))) continue;
            if (m > 0 && x[i] < fx[m - 1]) throw new IllegalArgumentException("curve x decreases at point " + i + ": " + x[i] + " < " + fx[m - 1]);
            fx[m] = x[i];
            fy[m++] = y[i];
        }
        return new double[][] {Arrays.copyOf(fx, m), Arrays.copyOf(fy, m)};
    }
}
