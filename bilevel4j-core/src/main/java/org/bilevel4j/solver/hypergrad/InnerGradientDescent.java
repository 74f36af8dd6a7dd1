package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.vec.Vec;

/** The inner dynamics y_t = y_{t−1} − α ∇_y G(x, y_{t−1}) (ALGORITHMS.md §4.2 line 3). */
public final class InnerGradientDescent {
    private InnerGradientDescent() {}

    /** D steps in place on y; returns y. One inner gradient call per step. */
    public static Vec run(BilevelProblem p, Vec x, Vec y, int steps, double stepSize) {
        for (int t = 0; t < steps; t++) {
            y.axpy(-stepSize, p.innerGradY(x, y));
        }
        return NonFiniteException.check("inner iterate y", y);
    }
}
