package org.bilevel4j.solver.hypergrad;

import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.vec.Vec;

/**
 * Inner gradient descent with the adaptive step of Malitsky &amp; Mishchenko (2020), "Adaptive gradient descent without
 * descent", Algorithm 1 (ALGORITHMS.md §4.2, inner steps): with g_t = ∇_y G(x, y_t),
 * <pre>
 *   λ_t = min( √(1 + θ_{t−1}) λ_{t−1},  ‖y_t − y_{t−1}‖ / (2 ‖g_t − g_{t−1}‖) ),   θ_t = λ_t / λ_{t−1},   y_{t+1} = y_t − λ_t g_t
 * </pre>
 * from λ_0 = the default 1/L and θ_0 = +∞. The secant ‖g_t − g_{t−1}‖ / ‖y_t − y_{t−1}‖ is the curvature G shows along the
 * path, so the step follows the local smoothness instead of a global bound (hyper-cleaning's ½ λ_max(X̃ᵀX̃/n) is 10 times
 * the curvature along its path); G → c·G divides every λ_t by c, and nothing is read beyond the steps' own gradients.
 * λ and θ carry over between outer iterations in the estimator's memory; the first step after x moved takes the carried
 * λ (a secant needs two gradients of the same G), so with one inner step per outer iteration the step stays λ_0.
 * The secant is at most the L that λ_0 = 1/L comes from unless it is rounding in ∇_y G once y has converged (Δy tiny, Δg
 * noise) or curvature beyond that L; either way the secant step is kept at or above λ_0 / 2, half the fixed rule's step.
 */
public final class AdaptiveInnerSteps {
    private AdaptiveInnerSteps() {}

    /** The memory key of {λ, θ}; absent until the first secant. */
    public static final String KEY = "innerStepAdaptive";

    /** D steps in place on y (one inner gradient call each), continuing the {λ, θ} of memory; returns y. */
    public static Vec run(BilevelProblem p, Vec x, Vec y, int steps, double initialStep, Map<String, Vec> memory) {
        Vec carried = memory.get(KEY);
        double lambda = carried == null ? initialStep : carried.toArray()[0];
        double theta = carried == null ? Double.POSITIVE_INFINITY : carried.toArray()[1];
        Vec previousY = null, previousG = null;
        for (int t = 0; t < steps; t++) {
            Vec g = p.innerGradY(x, y);
            if (previousG != null) {
                double[] next = next(lambda, theta, Vec.distance(y, previousY), Vec.distance(g, previousG), initialStep);
                lambda = next[0];
                theta = next[1];
            }
            previousY = y.copy();
            previousG = g;
            y.axpy(-lambda, g);
        }
        if (Double.isFinite(theta)) memory.put(KEY, Vec.of(lambda, theta));
        return NonFiniteException.check("inner iterate y", y);
    }

    /**
     * {λ_t, θ_t} from {λ_{t−1}, θ_{t−1}} once a step moved y by dy and the gradient by dg (the rule above, the secant kept
     * at or above initialStep / 2); λ is kept when the secant says nothing (y did not move) and there is no cap yet.
     */
    static double[] next(double lambda, double theta, double dy, double dg, double initialStep) {
        double secant = dg > 0 ? Math.max(dy / (2 * dg), initialStep / 2) : Double.POSITIVE_INFINITY;
        double next = Math.min(Math.sqrt(1 + theta) * lambda, secant);
        return Double.isFinite(next) && next > 0 ? new double[] {next, next / lambda} : new double[] {lambda, theta};
    }
}
