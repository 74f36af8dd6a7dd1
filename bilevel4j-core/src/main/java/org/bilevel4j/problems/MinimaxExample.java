package org.bilevel4j.problems;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.vec.Vec;

/**
 * The 1-D least-squares stand-in for MinimaxOPT's Example 1 (ALGORITHMS.md §2.6):
 * <pre>
 *   outer  f(x,y) = ½(y − b)² + (c/2) x²,     inner  g(x,y) = ½(y − a x)²,     x ∈ [l, u]
 *   y*(x) = a x,   Φ(x) = ½(a x − b)² + (c/2) x²,   x* = Proj_[l,u]( a b / (a² + c) )
 *   minimax (6): z* = a x,  y*_α(x) = (b + α a x)/(1 + α),  x*_α = Proj_[l,u]( α a b / (α a² + (1+α) c) ) → x*
 * </pre>
 */
public final class MinimaxExample implements BilevelProblem {
    private final double a, b, c;
    private final Box box;

    public MinimaxExample(double a, double b, double c, double lo, double hi) {
        if (!Double.isFinite(a) || !Double.isFinite(b) || !(c >= 0))
            throw new IllegalArgumentException("minimax-example needs finite a, b and c >= 0");
        this.a = a;
        this.b = b;
        this.c = c;
        this.box = Box.uniform(1, lo, hi);
        if (a * a + c == 0) throw new IllegalArgumentException("minimax-example needs a² + c > 0");
    }

    @Override public String name() { return "minimax-example"; }
    @Override public int dimX() { return 1; }
    @Override public int dimY() { return 1; }

    private static double s(Vec v) { return Vec.array(v)[0]; }

    @Override public double outerValue(Vec x, Vec y) { return 0.5 * (s(y) - b) * (s(y) - b) + 0.5 * c * s(x) * s(x); }

    @Override public double innerValue(Vec x, Vec y) { double r = s(y) - a * s(x); return 0.5 * r * r; }

    @Override public Vec outerGradX(Vec x, Vec y) { return Vec.of(c * s(x)); }

    @Override public Vec outerGradY(Vec x, Vec y) { return Vec.of(s(y) - b); }

    @Override public Vec innerGradX(Vec x, Vec y) { return Vec.of(-a * (s(y) - a * s(x))); }

    @Override public Vec innerGradY(Vec x, Vec y) { return Vec.of(s(y) - a * s(x)); }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return v.copy(); }

    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return Vec.of(-a * s(v)); }

    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) { return Vec.of(-a * s(u)); }

    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) { return v.copy(); }

    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return Vec.zeros(1); }

    @Override public Box bounds() { return box; }

    @Override public Vec initialX() { return box.project(Vec.zeros(1)); }

    @Override public double innerLipschitz() { return 1; }

    @Override public double hypergradLipschitz() { return a * a + c; }

    @Override public Vec innerSolution(Vec x) { return Vec.of(a * s(x)); }

    /** Φ'(x) = a(a x − b) + c x. */
    @Override public Vec exactHypergradient(Vec x) { return Vec.of(a * (a * s(x) - b) + c * s(x)); }

    @Override public Vec solutionX() { return box.project(Vec.of(a * b / (a * a + c))); }

    /** The x-part of the minimax solution (6) for multiplier α > 0: Proj(α a b / (α a² + (1+α) c)). */
    public double minimaxSolutionX(double alpha) {
        if (!(alpha > 0)) throw new IllegalArgumentException("the multiplier alpha must be > 0, got " + alpha);
        return s(box.project(Vec.of(alpha * a * b / (alpha * a * a + (1 + alpha) * c))));
    }

    /** The y-part of the minimax solution at x: y*_α(x) = (b + α a x)/(1+α). */
    public double minimaxSolutionY(double alpha, double x) { return (b + alpha * a * x) / (1 + alpha); }

    /** Φ_α(x) = α/(2(1+α)) (a x − b)² + (c/2) x², the value of min_y max_z of (6). */
    public double minimaxValue(double alpha, double x) { return alpha / (2 * (1 + alpha)) * (a * x - b) * (a * x - b) + 0.5 * c * x * x; }
}
