package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.linalg.LinearSolver;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * AID-BiO (ALGORITHMS.md §4.2, AID branch; §5 "CG implicit", "Neumann", "Fixed point"):
 * <pre>
 *   y ← D steps of inner gradient descent from the warm-started y
 *   v ← linear solver on (∇²_yy G(x, y) + λI) v = ∇_y F(x, y), started at the previous v (warm start); λ = 0 unless damped
 *   ĝ = ∇_x F(x, y) − ∇²_xy G(x, y) v
 * </pre>
 * With {@code innerBatch} B the inner steps are mini-batch SGD ({@link InnerBatches}) and G in the linear system and the
 * cross product is the last inner step's batch (the stochastic CG / Neumann of MinimaxOPT §4.2: the Hessian on a single
 * mini-batch); F stays on all outer samples. With {@code adaptiveInnerStep} the full-batch inner steps take the secant step
 * of {@link AdaptiveInnerSteps} from {@code innerStep} on (mini-batch steps keep the fixed step: a secant across batches
 * measures the batches' difference, not the curvature).
 */
public record AidEstimator(int innerSteps, double innerStep, LinearSolver linearSolver, boolean warmStartV, double damping, int innerBatch,
                           boolean adaptiveInnerStep) implements HypergradientEstimator {

    /** Fixed inner steps. */
    public AidEstimator(int innerSteps, double innerStep, LinearSolver linearSolver, boolean warmStartV, double damping, int innerBatch) {
        this(innerSteps, innerStep, linearSolver, warmStartV, damping, innerBatch, false);
    }

    /** Without damping: the system of §4.2 as written. */
    public AidEstimator(int innerSteps, double innerStep, LinearSolver linearSolver, boolean warmStartV) {
        this(innerSteps, innerStep, linearSolver, warmStartV, 0);
    }

    /** Inner steps on all inner samples. */
    public AidEstimator(int innerSteps, double innerStep, LinearSolver linearSolver, boolean warmStartV, double damping) {
        this(innerSteps, innerStep, linearSolver, warmStartV, damping, InnerBatches.FULL);
    }

    @Override public void init(HypergradientDescent.State s) { InnerBatches.init(s, innerBatch); }

    @Override public Vec estimate(HypergradientDescent.State s) {
        BilevelProblem p = s.problem;
        Vec x = s.x, y = s.y;
        boolean adaptive = adaptiveInnerStep && s.innerBatches == null;
        BilevelProblem g = adaptive ? p : InnerGradientDescent.run(p, s.innerBatches, x, y, innerSteps, innerStep); // p itself when full
        if (adaptive) AdaptiveInnerSteps.run(p, x, y, innerSteps, innerStep, s.memory);
        Vec b = p.outerGradY(x, y);
        Vec v0 = warmStartV ? s.memory.getOrDefault("v", b.zerosLike()) : b.zerosLike();
        // damping λ > 0 solves (∇²_yy G + λI) v = ∇_y F instead: a Tikhonov-regularized system for inner problems
        // without a unique minimizer (e.g. unregularized logistic regression on separable data)
        Vec v = linearSolver.solve(damping == 0 ? u -> g.innerHvpYY(x, y, u) : u -> g.innerHvpYY(x, y, u).axpy(damping, u), b, v0);
        s.memory.put("v", v);
        return p.outerGradX(x, y).axpy(-1, g.innerCrossXY(x, y, v));
    }
}
