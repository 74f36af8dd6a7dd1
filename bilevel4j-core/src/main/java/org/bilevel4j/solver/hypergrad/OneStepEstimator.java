package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * The one-step T1–T2 hypergradient (Luketina 2016; ALGORITHMS.md §5 last row): after D inner gradient steps
 * from the warm-started y,
 * <pre>  ĝ = ∇_xF(x, y_D) − s ∇²_xyG(x, y_D) ∇_yF(x, y_D)</pre>
 * i.e. one unrolled step with the inverse Hessian replaced by s·I. Biased: it equals ∇Φ only when
 * s∇²_yyG = I. Calls: D ∇_yG, one ∇_xF, one ∇_yF, one cross product. With {@code innerBatch} B the inner steps are
 * mini-batch SGD ({@link InnerBatches}) and the cross product reads the last step's batch.
 */
public record OneStepEstimator(int steps, double innerStep, int innerBatch) implements HypergradientEstimator {
    /** Inner steps on all inner samples. */
    public OneStepEstimator(int steps, double innerStep) { this(steps, innerStep, InnerBatches.FULL); }

    @Override public void init(HypergradientDescent.State s) { InnerBatches.init(s, innerBatch); }

    @Override public Vec estimate(HypergradientDescent.State s) {
        BilevelProblem p = s.problem;
        Vec x = s.x, y = s.y;
        BilevelProblem g = InnerGradientDescent.run(p, s.innerBatches, x, y, steps, innerStep); // p itself when full
        Vec fy = p.outerGradY(x, y);
        return p.outerGradX(x, y).axpy(-innerStep, g.innerCrossXY(x, y, fy));
    }
}
