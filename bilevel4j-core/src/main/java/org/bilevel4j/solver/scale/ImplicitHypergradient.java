package org.bilevel4j.solver.scale;

import org.bilevel4j.linalg.ConjugateGradient;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * A tightly converged hypergradient for the scale estimates (ALGORITHMS.md §4.1, implicit function theorem):
 * y*(x) by damped Newton-CG with backtracking on G, v = (∇²_yy G)⁻¹ ∇_y F by CG, ∇Φ = ∇_x F − ∇²_xy G v.
 * Second-order products are the problem's or secants of its gradients ({@link SecondOrder}).
 */
final class ImplicitHypergradient {
    private final BilevelProblem p;
    private final int cgSteps;
    /**
     * Within this factor of the tolerance (1e-6 of the gradient's scale for the estimates' 1e-10), a full Newton step that
     * does not halve ‖∇_y G‖ ends the solve: Newton converges quadratically there, so only round-off in G's gradients
     * (float32 sums) can stop it, and the line search below would then compare values at their round-off, where Armijo's
     * test passes by chance after tens of halvings. On news20.binary-shaped data (float32) ‖∇_y G‖ went 1e-3, 3e-8, 2e-9,
     * then stayed at 4e-10 for five more Newton steps of up to 20 halvings each. Farther out short steps do make progress
     * (reweight's smoothed penalties need t = 2^-11 at ‖∇_y G‖ = 0.02), and a rule applied there gave L_Φ of reweight 15.4
     * instead of 0.065.
     */
    static final double ROUND_OFF_ZONE = 1e4;
    /** The inner iterate, warm-started from one call to the next. */
    Vec y;

    ImplicitHypergradient(BilevelProblem p, Vec y0) {
        this.p = p;
        this.y = y0.copy();
        this.cgSteps = Math.min(2 * p.dimY() + 10, 500);
    }

    /** ∇Φ(x), moving the warm inner iterate to y*(x); until ‖∇_y G‖ ≤ absTol. */
    Vec at(Vec x, double absTol) {
        solveInner(x, absTol);
        Vec b = p.outerGradY(x, y);
        Vec v = new ConjugateGradient(cgSteps, 1e-10 * b.norm()).solve(u -> SecondOrder.innerHvp(p, x, y, u), b, b.zerosLike());
        return p.outerGradX(x, y).axpy(-1, SecondOrder.innerCross(p, x, y, v));
    }

    /** The norm of the inner gradient at the start (for tolerances). */
    double innerGradNorm(Vec x) { return p.innerGradY(x, y).norm(); }

    private void solveInner(Vec x, double absTol) {
        for (int it = 0; it < 50; it++) {
            Vec g = p.innerGradY(x, y);
            double gn = g.norm();
            if (!(gn > absTol)) return;
            Vec d = new ConjugateGradient(cgSteps, 1e-6 * gn).solve(u -> SecondOrder.innerHvp(p, x, y, u), g, g.zerosLike());
            double slope = g.dot(d);
            if (!(slope > 0) || !d.isFinite()) return; // not a descent direction: G is not locally convex, keep y
            Vec trial = y.copy().axpy(-1, d);
            double trialGn = p.innerGradY(x, trial).norm();
            if (trialGn <= 0.5 * gn) { // a full Newton step that halves the gradient: take it (values may be at round-off)
                y = trial;
                continue;
            }
            if (gn <= ROUND_OFF_ZONE * absTol) { // at the round-off of ∇_y G: keep the better point and stop
                if (trialGn < gn) y = trial;
                return;
            }
            double g0 = p.innerValue(x, y), t = 1;
            while (!(p.innerValue(x, trial) <= g0 - 1e-4 * t * slope) && t > 1e-12) {
                t /= 2;
                trial = y.copy().axpy(-t, d);
            }
            if (t <= 1e-12) return;
            y = trial;
        }
    }
}
