package org.bilevel4j.problems.sparse;

import java.util.function.DoubleUnaryOperator;

/** Global minimisation of a function of one variable on [lo, hi]: a dense grid, then golden section around the best point. */
public final class OneDimensionalSearch {
    private OneDimensionalSearch() {}

    public static double minimize(DoubleUnaryOperator f, double lo, double hi, int gridPoints, double tol) {
        if (!(lo < hi) || gridPoints < 3) throw new IllegalArgumentException("1-D search needs lo < hi and at least 3 grid points");
        double h = (hi - lo) / (gridPoints - 1), best = lo, fBest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < gridPoints; i++) {
            double x = lo + i * h, fx = f.applyAsDouble(x);
            if (fx < fBest) { fBest = fx; best = x; }
        }
        double a = Math.max(lo, best - h), b = Math.min(hi, best + h);
        double g = (Math.sqrt(5) - 1) / 2, c = b - g * (b - a), d = a + g * (b - a), fc = f.applyAsDouble(c), fd = f.applyAsDouble(d);
        while (b - a > tol) {
            if (fc <= fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = f.applyAsDouble(c); }
            else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = f.applyAsDouble(d); }
        }
        double x = 0.5 * (a + b);
        return f.applyAsDouble(x) <= fBest ? x : best;
    }
}
