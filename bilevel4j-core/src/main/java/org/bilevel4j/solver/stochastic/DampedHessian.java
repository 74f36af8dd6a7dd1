package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.vec.Vec;

/**
 * The problem as the stochastic methods' linear systems see it when damped: ∇²_yy G v + λ v, on the whole problem and
 * on every batch view, so that the v (or z) iterations of SOBA, SABA, SRBA, MA-SOBA, FSLA and AmIGO and the Neumann
 * series of MRBO, VRBO, SUSTAIN, TTSA and BSA approximate (∇²_yy G + λ I)⁻¹ ∇_y F (ALGORITHMS.md §4.2, the damping of
 * the AID solvers: {@code hypergrad/Damping}). Only this product changes: y still descends on G, and x still takes the
 * cross product ∇²_xy G v.
 */
final class DampedHessian extends ForwardingProblem {
    private final double lambda;

    DampedHessian(BilevelProblem p, double lambda) {
        super(p);
        if (!(lambda > 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("damping must be a finite number > 0, got " + lambda);
        this.lambda = lambda;
    }

    @Override protected BilevelProblem rewrap(BilevelProblem view) { return new DampedHessian(view, lambda); }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return delegate.innerHvpYY(x, y, v).axpy(lambda, v); }
}
