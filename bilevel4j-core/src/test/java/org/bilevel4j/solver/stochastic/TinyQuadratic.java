package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * A bilevel problem small enough to step by hand: x ∈ R, y ∈ R², two samples per level,
 * G_i = ½ yᵀ diag(2, 4) y + x b_iᵀ y, F_j = ½ |y − c_j|² + ½ x², b = ((1, −1), (3, 1)), c = ((1, 2), (3, 0)).
 */
final class TinyQuadratic implements BilevelProblem {
    static final double[] A = {2, 4};
    static final double[][] B = {{1, -1}, {3, 1}}, C = {{1, 2}, {3, 0}};
    final int[] inner, outer;

    TinyQuadratic() { this(new int[] {0, 1}, new int[] {0, 1}); }

    private TinyQuadratic(int[] outer, int[] inner) {
        this.outer = outer;
        this.inner = inner;
    }

    static double[] mean(double[][] rows, int[] idx) {
        double[] m = new double[2];
        for (int i : idx) for (int k = 0; k < 2; k++) m[k] += rows[i][k] / idx.length;
        return m;
    }

    double[] b() { return mean(B, inner); }

    double[] c() { return mean(C, outer); }

    @Override public String name() { return "tiny"; }
    @Override public int dimX() { return 1; }
    @Override public int dimY() { return 2; }
    @Override public int innerSamples() { return 2; }
    @Override public int outerSamples() { return 2; }

    @Override public BilevelProblem batch(int[] o, int[] i) {
        Batches.check(o, 2, "outer");
        Batches.check(i, 2, "inner");
        return new TinyQuadratic(o, i);
    }

    private static double x(Vec x) { return x.toArray()[0]; }

    @Override public double innerValue(Vec x, Vec y) {
        double[] v = y.toArray(), b = b();
        return 0.5 * (A[0] * v[0] * v[0] + A[1] * v[1] * v[1]) + x(x) * (b[0] * v[0] + b[1] * v[1]);
    }

    @Override public double outerValue(Vec x, Vec y) {
        double[] v = y.toArray(), c = c();
        return 0.5 * ((v[0] - c[0]) * (v[0] - c[0]) + (v[1] - c[1]) * (v[1] - c[1])) + 0.5 * x(x) * x(x);
    }

    @Override public Vec innerGradY(Vec x, Vec y) {
        double[] v = y.toArray(), b = b();
        return Vec.of(A[0] * v[0] + x(x) * b[0], A[1] * v[1] + x(x) * b[1]);
    }

    @Override public Vec innerGradX(Vec x, Vec y) { return innerCrossXY(x, y, y); }

    @Override public Vec outerGradY(Vec x, Vec y) {
        double[] v = y.toArray(), c = c();
        return Vec.of(v[0] - c[0], v[1] - c[1]);
    }

    @Override public Vec outerGradX(Vec x, Vec y) { return x.copy(); }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) {
        double[] a = v.toArray();
        return Vec.of(A[0] * a[0], A[1] * a[1]);
    }

    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) {
        double[] a = v.toArray(), b = b();
        return Vec.of(b[0] * a[0] + b[1] * a[1]);
    }

    @Override public double innerLipschitz() { return 4; }
}
