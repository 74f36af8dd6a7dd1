package org.bilevel4j.check;

import org.bilevel4j.linalg.ConjugateGradient;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * y*(x) to near machine accuracy, for the health check: the problem's closed form when it has one, else
 * Newton's method with CG on ∇²_yy G d = ∇_y G (halving the step until ||∇_y G|| decreases), from a start.
 * {@code accurate} says whether ||∇_y G(x, y)|| fell to 1e-10 of its scale, {@code usable} whether it fell to 1e-6
 * (enough for the implicit reference, not for finite differences: float-precision models stop near 1e-8).
 */
record AccurateInner(Vec y, double gradNorm, boolean accurate, boolean usable) {
    static final double TOLERANCE = 1e-10, USABLE = 1e-6;

    static AccurateInner solve(BilevelProblem p, Vec x, Vec start) {
        Vec exact = p.innerSolution(x);
        if (exact != null) return new AccurateInner(exact, p.innerGradY(x, exact).norm(), true, true);
        Vec y = start.copy();
        Vec g = p.innerGradY(x, y);
        double scale = Math.max(g.norm(), p.innerGradY(x, y.zerosLike()).norm());
        double target = TOLERANCE * Math.max(scale, 1e-300);
        for (int it = 0; it < 50 && g.norm() > target; it++) {
            Vec yy = y, gg = g;
            Vec d = new ConjugateGradient(Math.max(50, 2 * p.dimY()), 1e-3 * TOLERANCE * gg.norm())
                    .solve(u -> p.innerHvpYY(x, yy, u), gg, gg.zerosLike());
            double t = 1;
            Vec trial = y.copy().axpy(-t, d), gt = p.innerGradY(x, trial);
            for (int h = 0; h < 30 && !(gt.norm() < g.norm()); h++) { // damped Newton on the gradient norm
                t /= 2;
                trial = y.copy().axpy(-t, d);
                gt = p.innerGradY(x, trial);
            }
            if (!(gt.norm() < g.norm())) break;
            y = trial;
            g = gt;
        }
        return new AccurateInner(y, g.norm(), g.norm() <= target, g.norm() <= USABLE * Math.max(scale, 1e-300));
    }
}
