package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * The one-step T1–T2 hypergradient (Luketina 2016; ALGORITHMS.md §5 last row): after D inner gradient steps
 * from the warm-started y,
 * <pre>  ĝ = ∇_xF(x, y_D) − s ∇²_xyG(x, y_D) ∇_yF(x, y_D)</pre>
 * i.e. one unrolled step with the inverse Hessian replaced by s·I. Biased: it equals ∇Φ only when
 * s∇²_yyG = I. Calls: D ∇_yG, one ∇_xF, one ∇_yF, one cross product.
 */
public record OneStepEstimator(int steps, double innerStep) implements HypergradientEstimator {
    @Override public Vec estimate(HypergradientDescent.State s) {
        BilevelProblem p = s.problem;
        Vec x = s.x, y = InnerGradientDescent.run(p, x, s.y, steps, innerStep);
        Vec fy = p.outerGradY(x, y);
        return p.outerGradX(x, y).axpy(-innerStep, p.innerCrossXY(x, y, fy));
    }
}
