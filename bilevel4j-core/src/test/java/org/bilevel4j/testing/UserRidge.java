package org.bilevel4j.testing;

import java.util.Random;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * A problem as a user would write it, not one of the catalog's: ridge regression with one decay e^{x_j} per
 * weight, losses written as sums (not means) and scaled by {@code scale}, no Lipschitz constants:
 * <pre>
 *   G(x, y) = s [ Σ_i ½ (a_iᵀ y − b_i)² + ½ Σ_j e^{x_j} y_j² ]      F(x, y) = s Σ_k ½ (c_kᵀ y − d_k)²
 * </pre>
 * Φ is non-convex in x. y*(x) and ∇Φ(x) = −s e^x ⊙ y* ⊙ v*, with (AᵀA + diag e^x) v* = Cᵀ(C y* − d), are exact
 * (dense solves). With {@code singular}, the decay is dropped and A has rank dim y − 1: the inner minimizer is not unique.
 */
public final class UserRidge implements BilevelProblem {
    final double[][] a, c;
    final double[] b, d;
    final int n;
    final double scale;
    final boolean singular;

    public UserRidge(int dim, int samples, double scale, boolean singular, long seed) {
        Random r = new Random(seed);
        this.n = dim;
        this.scale = scale;
        this.singular = singular;
        a = new double[samples][dim];
        c = new double[samples][dim];
        b = new double[samples];
        d = new double[samples];
        double[] truth = new double[dim];
        for (int j = 0; j < dim; j++) truth[j] = (j % 2 == 0 ? 1 : -1) * (1 + 0.3 * r.nextGaussian());
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < dim; j++) {
                a[i][j] = r.nextGaussian();
                c[i][j] = r.nextGaussian();
            }
            if (singular) a[i][dim - 1] = a[i][0]; // two equal columns: A has rank dim - 1
            b[i] = dot(a[i], truth) + 0.5 * r.nextGaussian();
            d[i] = dot(c[i], truth) + 0.1 * r.nextGaussian();
        }
    }

    static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) s += u[i] * v[i];
        return s;
    }

    private double[] decay(Vec x) {
        double[] e = x.toArray();
        for (int j = 0; j < n; j++) e[j] = singular ? 0 : Math.exp(e[j]);
        return e;
    }

    @Override public String name() { return "user-ridge"; }
    @Override public int dimX() { return n; }
    @Override public int dimY() { return n; }
    @Override public Vec initialX() { return Vec.constant(n, 0); }

    @Override public double outerValue(Vec x, Vec y) {
        double[] w = y.toArray();
        double f = 0;
        for (int k = 0; k < c.length; k++) f += 0.5 * Math.pow(dot(c[k], w) - d[k], 2);
        return scale * f;
    }

    @Override public double innerValue(Vec x, Vec y) {
        double[] w = y.toArray(), e = decay(x);
        double g = 0;
        for (int i = 0; i < a.length; i++) g += 0.5 * Math.pow(dot(a[i], w) - b[i], 2);
        for (int j = 0; j < n; j++) g += 0.5 * e[j] * w[j] * w[j];
        return scale * g;
    }

    @Override public Vec outerGradX(Vec x, Vec y) { return Vec.zeros(n); }

    @Override public Vec outerGradY(Vec x, Vec y) {
        double[] w = y.toArray(), g = new double[n];
        for (int k = 0; k < c.length; k++) {
            double r = dot(c[k], w) - d[k];
            for (int j = 0; j < n; j++) g[j] += scale * r * c[k][j];
        }
        return Vec.of(g);
    }

    @Override public Vec innerGradX(Vec x, Vec y) {
        double[] w = y.toArray(), e = decay(x), g = new double[n];
        for (int j = 0; j < n; j++) g[j] = scale * 0.5 * e[j] * w[j] * w[j];
        return Vec.of(g);
    }

    @Override public Vec innerGradY(Vec x, Vec y) {
        double[] w = y.toArray(), e = decay(x), g = new double[n];
        for (int i = 0; i < a.length; i++) {
            double r = dot(a[i], w) - b[i];
            for (int j = 0; j < n; j++) g[j] += r * a[i][j];
        }
        for (int j = 0; j < n; j++) g[j] = scale * (g[j] + e[j] * w[j]);
        return Vec.of(g);
    }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) {
        double[] u = v.toArray(), e = decay(x), h = new double[n];
        for (double[] row : a) {
            double r = dot(row, u);
            for (int j = 0; j < n; j++) h[j] += r * row[j];
        }
        for (int j = 0; j < n; j++) h[j] = scale * (h[j] + e[j] * u[j]);
        return Vec.of(h);
    }

    /** ∇²_xy G v = s e^x ⊙ y ⊙ v (the Hessian in (x, y) is diagonal). */
    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) {
        double[] w = y.toArray(), e = decay(x), u = v.toArray(), h = new double[n];
        for (int j = 0; j < n; j++) h[j] = scale * e[j] * w[j] * u[j];
        return Vec.of(h);
    }

    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) { return innerCrossXY(x, y, u); }

    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) {
        double[] u = v.toArray(), h = new double[n];
        for (double[] row : c) {
            double r = dot(row, u);
            for (int j = 0; j < n; j++) h[j] += scale * r * row[j];
        }
        return Vec.of(h);
    }

    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return Vec.zeros(n); }

    /** The Hessian AᵀA + diag e^x (without the scale). */
    private double[][] hessian(Vec x) {
        double[] e = decay(x);
        double[][] h = new double[n][n];
        for (double[] row : a) for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) h[i][j] += row[i] * row[j];
        for (int j = 0; j < n; j++) h[j][j] += e[j];
        return h;
    }

    @Override public Vec innerSolution(Vec x) {
        if (singular) return null;
        double[] rhs = new double[n];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < n; j++) rhs[j] += b[i] * a[i][j];
        return Vec.of(solve(hessian(x), rhs));
    }

    @Override public Vec exactHypergradient(Vec x) {
        if (singular) return null;
        Vec y = innerSolution(x);
        Vec v = Vec.of(solve(hessian(x), outerGradY(x, y).scale(1 / scale).toArray()));
        return innerCrossXY(x, y, v).scale(-1);
    }

    /** Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] m0, double[] rhs) {
        int n = rhs.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) m[i] = m0[i].clone();
        double[] r = rhs.clone();
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.abs(m[i][k]) > Math.abs(m[p][k])) p = i;
            double[] t = m[k]; m[k] = m[p]; m[p] = t;
            double tr = r[k]; r[k] = r[p]; r[p] = tr;
            for (int i = k + 1; i < n; i++) {
                double f = m[i][k] / m[k][k];
                for (int j = k; j < n; j++) m[i][j] -= f * m[k][j];
                r[i] -= f * r[k];
            }
        }
        double[] s = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double acc = r[i];
            for (int j = i + 1; j < n; j++) acc -= m[i][j] * s[j];
            s[i] = acc / m[i][i];
        }
        return s;
    }
}
