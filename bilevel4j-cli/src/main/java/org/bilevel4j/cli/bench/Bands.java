package org.bilevel4j.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Curves of several seeds brought onto one grid: each seed's (x, y) points are linearly interpolated at
 * {@code points} evenly spaced x between the largest first x and the smallest last x (the range every seed
 * covers), and the median, minimum and maximum over seeds are taken at each grid point.
 */
public final class Bands {
    private Bands() {}

    /** Median and spread (min–max over seeds) on a common grid. */
    public record Band(double[] x, double[] median, double[] lower, double[] upper) {}

    /** One (x, y) curve per seed; points where x or y is NaN or infinite are dropped, x must not decrease. Null when no seed has a point. */
    public static Band of(List<double[]> xs, List<double[]> ys, int points) {
        List<double[][]> curves = new ArrayList<>();
        for (int s = 0; s < xs.size(); s++) {
            double[][] c = finite(xs.get(s), ys.get(s));
            if (c[0].length > 0) curves.add(c);
        }
        if (curves.isEmpty()) return null;
        double lo = Double.NEGATIVE_INFINITY, hi = Double.POSITIVE_INFINITY;
        for (double[][] c : curves) {
            lo = Math.max(lo, c[0][0]);
            hi = Math.min(hi, c[0][c[0].length - 1]);
        }
        int n = hi > lo ? points : 1;
        double[] grid = new double[n], med = new double[n], min = new double[n], max = new double[n];
        double[] at = new double[curves.size()];
        for (int i = 0; i < n; i++) {
            grid[i] = n == 1 ? hi : lo + (hi - lo) * i / (n - 1);
            for (int s = 0; s < at.length; s++) at[s] = interpolate(curves.get(s)[0], curves.get(s)[1], grid[i]);
            Arrays.sort(at);
            med[i] = median(at);
            min[i] = at[0];
            max[i] = at[at.length - 1];
        }
        return new Band(grid, med, min, max);
    }

    /** The median of sorted values (the mean of the two middle ones for an even count). */
    public static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** y at x by linear interpolation of the points (xs ascending); the end values outside their range. */
    static double interpolate(double[] xs, double[] ys, double x) {
        if (x <= xs[0]) return ys[0];
        int n = xs.length;
        if (x >= xs[n - 1]) return ys[n - 1];
        int i = Arrays.binarySearch(xs, x);
        if (i >= 0) return ys[i];
        int k = -i - 1; // xs[k-1] < x < xs[k]
        double t = (x - xs[k - 1]) / (xs[k] - xs[k - 1]);
        return ys[k - 1] + t * (ys[k] - ys[k - 1]);
    }

    private static double[][] finite(double[] x, double[] y) {
        int m = 0;
        double[] fx = new double[x.length], fy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
            if (m > 0 && x[i] < fx[m - 1]) throw new IllegalArgumentException("curve x decreases at point " + i + ": " + x[i] + " < " + fx[m - 1]);
            fx[m] = x[i];
            fy[m++] = y[i];
        }
        return new double[][] {Arrays.copyOf(fx, m), Arrays.copyOf(fy, m)};
    }
}
