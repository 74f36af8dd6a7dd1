package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.linalg.ConjugateGradient;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.vec.Vec;

/**
 * The hypergradient of HOAG / Approx (Pedregosa 2016; ALGORITHMS.md §5 "Approx / HOAG"), at outer step k:
 * <pre>
 *   (i)   inner gradient descent from the warm-started y until ||∇_y G(x, y)|| ≤ ε_k ||∇_y G(x₀, y₀)||, with the step
 *         innerStep, or with adaptive steps from it ({@link AdaptiveInnerSteps#next}, restarted at every outer step), or
 *         L-BFGS as fabianp/hoag ({@link InnerLbfgs}; maxInnerSteps then caps its iterations)
 *   (ii)  CG on ∇²_yy G q = ∇_y F, warm-started at the previous q, to residual ≤ ε_k ||∇_y F at k = 0||
 *   (iii) p_k = ∇_x F − ∇²_xy G q
 * </pre>
 * Both loops are capped (maxInnerSteps, maxLinearSteps). Puts ε_k in {@code s.extras} ("tolerance", read by
 * {@link HoagStep}) with the inner steps taken ("innerSteps") and the final inner gradient norm ("innerGradNorm").
 */
public record HoagEstimator(double innerStep, int maxInnerSteps, int maxLinearSteps, ToleranceSchedule tolerance, boolean adaptive, boolean lbfgs)
        implements HypergradientEstimator {

    public HoagEstimator(double innerStep, int maxInnerSteps, int maxLinearSteps, ToleranceSchedule tolerance, boolean adaptive) {
        this(innerStep, maxInnerSteps, maxLinearSteps, tolerance, adaptive, false);
    }


    @Override public Vec estimate(HypergradientDescent.State s) {
        BilevelProblem p = s.problem;
        Vec x = s.x, y = s.y;
        double eps = tolerance.at(s.iteration);
        s.extras.put("tolerance", eps);
        // (i) inner GD to the relative tolerance
        Vec g = p.innerGradY(x, y);
        double norm0 = s.memory.computeIfAbsent("hoag.innerNorm0", key -> Vec.of(g.norm())).toArray()[0];
        int t = 0;
        double[] step = {innerStep, Double.POSITIVE_INFINITY}; // {λ, θ}
        if (lbfgs) t = InnerLbfgs.run(p, x, y, g, eps * norm0, maxInnerSteps, innerStep);
        else while (!(g.norm() <= eps * norm0) && t < maxInnerSteps) { // a NaN gradient steps, and the check below sees it
            y.axpy(-step[0], g);
            Vec previous = adaptive ? g.copy() : null;
            g.assign(p.innerGradY(x, y));
            if (adaptive) step = AdaptiveInnerSteps.next(step[0], step[1], step[0] * previous.norm(), Vec.distance(g, previous), innerStep); // ‖Δy‖ = λ ‖g‖
            t++;
        }
        NonFiniteException.check("inner iterate y", y);
        s.extras.put("innerSteps", (double) t);
        s.extras.put("innerGradNorm", g.norm());
        // (ii) warm-started CG to the relative tolerance
        Vec b = p.outerGradY(x, y);
        double res0 = s.memory.computeIfAbsent("hoag.residual0", key -> Vec.of(b.norm())).toArray()[0];
        Vec q = new ConjugateGradient(maxLinearSteps, eps * res0)
                .solve(u -> p.innerHvpYY(x, y, u), b, s.memory.getOrDefault("q", b.zerosLike()));
        s.memory.put("q", NonFiniteException.check("linear-system solution q", q));
        // (iii) the approximate hypergradient
        return p.outerGradX(x, y).axpy(-1, p.innerCrossXY(x, y, q));
    }
}
