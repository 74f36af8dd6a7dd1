package org.bilevel4j.problems.sparse;

import java.util.Map;
import java.util.HashMap;
import java.util.function.Function;
import org.bilevel4j.smoothing.RegularizedProblem;
import org.bilevel4j.smoothing.Regularizer;
import org.bilevel4j.vec.Vec;

/**
 * Sparse regression as a non-smooth bilevel problem (ALGORITHMS.md §3.1, §3.2): least squares on the training
 * rows plus e^{x_k} ψ̃_k(w, μ), validation least squares outside. When the inner solution has a closed form
 * (orthogonal design: w*(x) = prox_{e^x ψ}(Xᵀy), see {@link Shrinkage}) the problem knows y*(x), and with one
 * hyper-parameter also x* = argmin_x F(w*(x)) by a 1-D search over [searchLo, searchHi] (grid + golden section).
 * The reference uses the exact, non-smooth inner solution (μ = 0). Another data source plugs in through
 * {@link LeastSquares#of} with {@code exact = null}.
 */
public final class SparseRegression extends RegularizedProblem {
    private final LeastSquares ls;
    private final Function<double[], double[]> exact; // weights e^{x_k} -> w*(x), or null
    private final double[] start;
    private final double searchLo, searchHi;
    private final double[] xTest, yTest; // test rows for the testMse metric, or null
    private Vec xStar;
    private long designSeed = -1;

    /**
     * @param exact the exact inner solution as a function of the weights e^{x_k}, or null
     * @param start the initial inner iterate (e.g. the unregularised least-squares solution), or null for zeros
     */
    public SparseRegression(LeastSquares ls, Regularizer reg, double mu, double[] x0, Function<double[], double[]> exact,
                            double[] start, double searchLo, double searchHi) {
        this(ls, reg, mu, x0, exact, start, searchLo, searchHi, null, null);
    }

    /** The same with test rows (row-major, dimY columns) for the testMse metric. */
    public SparseRegression(LeastSquares ls, Regularizer reg, double mu, double[] x0, Function<double[], double[]> exact,
                            double[] start, double searchLo, double searchHi, double[] xTest, double[] yTest) {
        super(ls, reg, mu, x0, xTest == null ? java.util.List.of() : java.util.List.of("testMse", "nonZeros"));
        if ((xTest == null) != (yTest == null) || (xTest != null && xTest.length != (long) yTest.length * ls.dimY()))
            throw new IllegalArgumentException("test rows must have " + ls.dimY() + " columns and one row per target");
        this.xTest = xTest;
        this.yTest = yTest;
        this.ls = ls;
        this.exact = exact;
        this.start = start;
        this.searchLo = searchLo;
        this.searchHi = searchHi;
    }

    /** Records the seed the synthetic design was drawn from (the run's seed, or a redraw of it: SparseProblems). */
    SparseRegression withDesignSeed(long seed) {
        this.designSeed = seed;
        return this;
    }

    /** The seed of the synthetic design (the run's seed unless its design had no interior x* and was redrawn), or -1. */
    public long designSeed() { return designSeed; }

    /** Orthogonal design: z = X_trᵀ y_tr is the least-squares solution and w*(x) = prox at z. */
    public static double[] leastSquaresSolution(LeastSquares ls) {
        double[] x = ls.trainX(), y = ls.trainY(), z = new double[ls.dimY()];
        int d = z.length;
        for (int i = 0; i < ls.trainRows(); i++) for (int j = 0; j < d; j++) z[j] += x[i * d + j] * y[i];
        return z;
    }

    @Override public String name() { return "sparse-regression+" + regularizer().name(); }

    /** Least squares (convex) plus the smoothed regularizer: convex when the regularizer is. */
    @Override public boolean convexInner() { return regularizer().convex(); }

    @Override public Vec initialY() { return start == null ? super.initialY() : Vec.of(start.clone()); }

    @Override public Vec innerSolution(Vec x) {
        if (exact == null) return null;
        double[] a = Vec.array(x), c = new double[regularizer().terms()];
        for (int k = 0; k < c.length; k++) c[k] = Math.exp(a[k]);
        return Vec.of(exact.apply(c));
    }

    /** F(x, w*(x)) with the exact inner solution; NaN when unknown. */
    public double exactOuter(Vec x) {
        Vec w = innerSolution(x);
        return w == null ? Double.NaN : outerValue(x, w);
    }

    /**
     * x* by the 1-D search, or null when the search's minimizer is one of its bounds: then Φ still falls beyond it (the
     * OSCAR design of seed 0 has Φ decreasing as e^x → 0, OscarOptimumTest) and there is no optimum to measure a
     * distance to; a wider [searchLo, searchHi] finds an interior one where there is one.
     */
    @Override public synchronized Vec solutionX() {
        if (exact == null || dimX() != 1) return null;
        if (xStar == null) xStar = Vec.of(OneDimensionalSearch.minimize(t -> exactOuter(Vec.of(t)), searchLo, searchHi, 2201, 1e-10));
        double t = Vec.array(xStar)[0], edge = 1e-6 * (searchHi - searchLo);
        if (t - searchLo <= edge || searchHi - t <= edge) return null;
        return xStar.copy();
    }

    @Override public Map<String, Double> metrics(Vec x, Vec y) {
        Map<String, Double> m = new HashMap<>(super.metrics(x, y));
        Vec w = innerSolution(x);
        if (w != null) m.put("innerDistance", Vec.distance(y, w));
        int nz = 0;
        for (double wi : Vec.array(y)) if (Math.abs(wi) > 1e-3) nz++;
        m.put("nonZeros", (double) nz); // |w_i| > 1e-3
        if (xTest != null) m.put("testMse", RealData.mse(xTest, yTest, Vec.array(y)));
        return m;
    }
}
