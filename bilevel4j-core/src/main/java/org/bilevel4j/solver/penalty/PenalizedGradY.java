package org.bilevel4j.solver.penalty;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * The y-gradient of F + λG (ALGORITHMS.md §2.3 eq. 25b; the y-step of F2SA and F2BA in §5):
 * ∇_yF(x,y) + λ∇_yG(x,y). Each term takes its own problem (independent mini-batches).
 */
final class PenalizedGradY {
    private PenalizedGradY() {}

    static Vec of(BilevelProblem outer, BilevelProblem inner, Vec x, Vec y, double lambda) {
        return outer.outerGradY(x, y).axpy(lambda, inner.innerGradY(x, y));
    }
}
