package org.bilevel4j.solver.penalty;

import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Request;
import org.bilevel4j.vec.Vec;

/**
 * The x-direction of the penalty Lagrangian F(x,y) + λ(G(x,y) − G(x,z)) (ALGORITHMS.md §2.3 eq. 25a; the
 * x-step of F2SA and F2BA in §5): ∇_xF(x,y) + λ(∇_xG(x,y) − ∇_xG(x,z)). First order only.
 * Each term takes its own problem so that a stochastic method can pass independent mini-batch views.
 */
final class PenaltyGradX {
    private PenaltyGradX() {}

    static Vec of(BilevelProblem outer, BilevelProblem innerAtY, BilevelProblem innerAtZ, Vec x, Vec y, Vec z, double lambda) {
        Vec g = outer.outerGradX(x, y);
        if (innerAtY == innerAtZ) { // the same samples: ∇_x G at y and z in one pass
            Answer[] q = innerAtY.innerAt(x, y, Request.GRAD_X, z, Request.GRAD_X);
            return g.axpy(lambda, q[0].gradX()).axpy(-lambda, q[1].gradX());
        }
        g.axpy(lambda, innerAtY.innerGradX(x, y));
        g.axpy(-lambda, innerAtZ.innerGradX(x, z));
        return g;
    }

    /** The deterministic form: every term on the same problem. */
    static Vec of(BilevelProblem p, Vec x, Vec y, Vec z, double lambda) { return of(p, p, p, x, y, z, lambda); }
}
