package org.bilevel4j.problems;

import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * The non-convex toy of BVFIM (ALGORITHMS.md §1.9, eq. 30), in the n-dimensional form of the official code:
 * <pre>
 *   outer  F(x,y) = (x − a)² + Σ_i (y_i − a − c)²            x ∈ R, y ∈ R^n
 *   inner  G(x,y) = Σ_i sin(x + y_i − c)                     min_y G = −n
 * </pre>
 * The inner solution set is y_i ∈ {c − x − π/2 + 2k_iπ : k_i ∈ Z}: one "branch" per assignment (k_1..k_n).
 * On a branch, F(x, y(x)) = (x−a)² + Σ_i (x − u_{k_i})² with u_k = 2kπ − π/2 − a, minimised at the branch
 * optimum x_b = (a + Σ_i u_{k_i}) / (1+n) (§1.9 item 5 for a common k). The global optimum takes the common
 * k* minimising |u_k − a| (for a given x every i prefers the u_k nearest to x, so mixed branches are never
 * globally optimal). For a = c = 2: k* = 1, x* = 3π/4 when n = 1, x* = (2 + 10(3π/2 − 2))/11 ≈ 2.6472 when n = 10.
 */
public final class ToyNonconvex implements BilevelProblem {
    private final int n;
    private final double a, c, start;

    public ToyNonconvex(int n, double a, double c, double start) {
        if (n < 1) throw new IllegalArgumentException("toy-nonconvex needs n >= 1, got " + n);
        if (!Double.isFinite(a) || !Double.isFinite(c) || !Double.isFinite(start))
            throw new IllegalArgumentException("toy-nonconvex needs finite a, c and start");
        this.n = n;
        this.a = a;
        this.c = c;
        this.start = start;
    }

    @Override public String name() { return "toy-nonconvex"; }
    @Override public int dimX() { return 1; }
    @Override public int dimY() { return n; }

    @Override public double outerValue(Vec xv, Vec yv) {
        double x = Vec.array(xv)[0];
        double s = (x - a) * (x - a);
        for (double yi : Vec.array(yv)) s += (yi - a - c) * (yi - a - c);
        return s;
    }

    @Override public double innerValue(Vec xv, Vec yv) {
        double x = Vec.array(xv)[0], s = 0;
        for (double yi : Vec.array(yv)) s += Math.sin(x + yi - c);
        return s;
    }

    @Override public Vec outerGradX(Vec xv, Vec yv) { return Vec.of(2 * (Vec.array(xv)[0] - a)); }

    @Override public Vec outerGradY(Vec xv, Vec yv) {
        double[] y = Vec.array(yv), g = new double[n];
        for (int i = 0; i < n; i++) g[i] = 2 * (y[i] - a - c);
        return Vec.of(g);
    }

    @Override public Vec innerGradX(Vec xv, Vec yv) {
        double x = Vec.array(xv)[0], s = 0;
        for (double yi : Vec.array(yv)) s += Math.cos(x + yi - c);
        return Vec.of(s);
    }

    @Override public Vec innerGradY(Vec xv, Vec yv) {
        double x = Vec.array(xv)[0];
        double[] y = Vec.array(yv), g = new double[n];
        for (int i = 0; i < n; i++) g[i] = Math.cos(x + y[i] - c);
        return Vec.of(g);
    }

    /** ∇²_yy G · v = diag(−sin(x + y_i − c)) v. */
    @Override public Vec innerHvpYY(Vec xv, Vec yv, Vec vv) {
        double x = Vec.array(xv)[0];
        double[] y = Vec.array(yv), v = Vec.array(vv), out = new double[n];
        for (int i = 0; i < n; i++) out[i] = -Math.sin(x + y[i] - c) * v[i];
        return Vec.of(out);
    }

    /** ∇²_xy G · v = Σ_i −sin(x + y_i − c) v_i. */
    @Override public Vec innerCrossXY(Vec xv, Vec yv, Vec vv) {
        double x = Vec.array(xv)[0], s = 0;
        double[] y = Vec.array(yv), v = Vec.array(vv);
        for (int i = 0; i < n; i++) s -= Math.sin(x + y[i] - c) * v[i];
        return Vec.of(s);
    }

    /** ∇²_yx G · u = (−sin(x + y_i − c) u)_i. */
    @Override public Vec innerCrossYX(Vec xv, Vec yv, Vec uv) {
        double x = Vec.array(xv)[0], u = Vec.array(uv)[0];
        double[] y = Vec.array(yv), out = new double[n];
        for (int i = 0; i < n; i++) out[i] = -Math.sin(x + y[i] - c) * u;
        return Vec.of(out);
    }

    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) { return v.copy().scale(2); }

    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return Vec.zeros(1); }

    @Override public Vec initialX() { return Vec.of(start); }

    @Override public Vec initialY() { return Vec.constant(n, start); }

    /** |∂²G/∂y_i²| ≤ 1. */
    @Override public double innerLipschitz() { return 1; }
    @Override public boolean innerNonConvex() { return true; } // Σ sin: concave wherever sin > 0

    /** On every branch F(x, y(x)) has second derivative 2(1+n). */
    @Override public double hypergradLipschitz() { return 2.0 * (1 + n); }

    // ---- closed forms (§1.9) -----------------------------------------------------------------------------

    /** u_k = 2kπ − π/2 − a: on branch k, y_i − a − c = −(x − u_k). */
    private double u(long k) { return 2 * k * Math.PI - Math.PI / 2 - a; }

    /** The common branch index k* of the global optimum: argmin_k |u_k − a|. */
    public long optimalBranch() {
        long k0 = Math.round((2 * a + Math.PI / 2) / (2 * Math.PI));
        long best = k0;
        for (long k = k0 - 1; k <= k0 + 1; k++) if (Math.abs(u(k) - a) < Math.abs(u(best) - a)) best = k;
        return best;
    }

    /** The optimum of F on the common branch k: x_k = ((1−n)a + n(2k − ½)π)/(1+n) (§1.9 item 5). */
    public double branchOptimumX(long k) { return ((1 - n) * a + n * (2 * k - 0.5) * Math.PI) / (1 + n); }

    /** d/dx F(x, y_k(x)) on the common branch k: 2(x − a) + 2n(x − u_k). */
    public double branchHypergradient(double x, long k) { return 2 * (x - a) + 2 * n * (x - u(k)); }

    /** The global optimum x* = x_{k*}. */
    @Override public Vec solutionX() { return Vec.of(branchOptimumX(optimalBranch())); }

    /** y*_i = c − x* − π/2 + 2k*π. */
    public Vec solutionY() {
        double x = branchOptimumX(optimalBranch());
        return Vec.constant(n, c - x - Math.PI / 2 + 2 * optimalBranch() * Math.PI);
    }

    /** F at the global optimum: n (u_{k*} − a)² / (1+n). */
    public double optimalValue() {
        double d = u(optimalBranch()) - a;
        return n * d * d / (1 + n);
    }

    /** |x − x*| to the global optimum (distanceToSolution is this divided by 1 + |x*|). */
    public double distanceToGlobalOptimum(Vec x) { return Math.abs(Vec.array(x)[0] - branchOptimumX(optimalBranch())); }

    /** The lower-level residual G(x,y) − min_y G(x,y) = G(x,y) + n ≥ 0. */
    public double lowerLevelResidual(Vec x, Vec y) { return innerValue(x, y) + n; }

    /** The branch index of each y_i: the k_i of the inner minimiser c − x − π/2 + 2k_iπ nearest to y_i. */
    public long[] branchOf(Vec xv, Vec yv) {
        double x = Vec.array(xv)[0];
        double[] y = Vec.array(yv);
        long[] k = new long[n];
        for (int i = 0; i < n; i++) k[i] = Math.round((y[i] - c + x + Math.PI / 2) / (2 * Math.PI));
        return k;
    }

    /** The optimum x_b = (a + Σ_i u_{k_i})/(1+n) of F on the branch y lies on. */
    public double branchOptimumX(Vec x, Vec y) {
        double s = a;
        for (long k : branchOf(x, y)) s += u(k);
        return s / (1 + n);
    }

    /** |x − x_b|: distance to the optimum of the branch y lies on (a local optimum of the bilevel problem). */
    public double distanceToBranchOptimum(Vec x, Vec y) { return Math.abs(Vec.array(x)[0] - branchOptimumX(x, y)); }

    /** x (scalar, for plots), the lower-level residual and the distance to the branch optimum. */
    @Override public Map<String, Double> metrics(Vec x, Vec y) {
        return Map.of("x", Vec.array(x)[0], "llResidual", lowerLevelResidual(x, y), "branchDistance", distanceToBranchOptimum(x, y));
    }
}
