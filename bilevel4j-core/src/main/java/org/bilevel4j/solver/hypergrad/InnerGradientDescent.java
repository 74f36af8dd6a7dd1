package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.vec.Vec;

/** The inner dynamics y_t = y_{t−1} − α ∇_y G(x, y_{t−1}) (ALGORITHMS.md §4.2 line 3), on all inner samples or mini-batches. */
public final class InnerGradientDescent {
    private InnerGradientDescent() {}

    /** D steps in place on y; returns y. One inner gradient call per step. */
    public static Vec run(BilevelProblem p, Vec x, Vec y, int steps, double stepSize) {
        for (int t = 0; t < steps; t++) {
            y.axpy(-stepSize, p.innerGradY(x, y));
        }
        return NonFiniteException.check("inner iterate y", y);
    }

    /**
     * D steps in place on y, step t on the t-th next batch of {@code batches} (mini-batch SGD,
     * y_t = y_{t−1} − α ∇_y G_{B_t}(x, y_{t−1})), or all on p when {@code batches} is null. Returns the problem the last
     * step read (a batch view; p when full), on which the estimators take their inner Hessian and cross products;
     * with D = 0 and mini-batches, a fresh batch.
     */
    public static BilevelProblem run(BilevelProblem p, InnerBatches batches, Vec x, Vec y, int steps, double stepSize) {
        if (batches == null) {
            run(p, x, y, steps, stepSize);
            return p;
        }
        BilevelProblem view = null;
        for (int t = 0; t < steps; t++) {
            view = batches.nextView(p);
            y.axpy(-stepSize, view.innerGradY(x, y));
        }
        NonFiniteException.check("inner iterate y", y);
        return view != null ? view : batches.nextView(p);
    }
}
