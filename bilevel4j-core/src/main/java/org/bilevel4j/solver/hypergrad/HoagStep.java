package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.problem.Box;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.vec.Vec;

/**
 * HOAG's outer step x ← Proj(x − p_k / L) with the adaptive L of fabianp/hoag (ALGORITHMS.md §5 "Approx / HOAG"):
 * L₀ = ||p₁|| · dim x (1 when ||p₁|| ≤ 1e-3); then, with f_k = F(x_k, y_k) (one counted outer-value call per
 * step), ε_k the tolerance and δ the length of the previous step,
 * <pre>
 *   f_k − ε_k ≤ f_{k−1} + ε_{k−1} + ε_{k−1} δ − (L/2) δ²   →  L ← 0.95 L   (sufficient decrease)
 *   else f_k > f_{k−1}                                     →  L ← 2 L      (the outer value increased)
 * </pre>
 * The code tests with the length of the step it is about to take and adapts L for the next one; here the test
 * uses the step that led to x_k, whose decrease f_k − f_{k−1} measures, and the adapted L is used at once.
 * Keeps its per-run numbers (L, f_{k−1}, ε_{k−1}, δ) in the state's memory under "hoag.step", so that a
 * checkpoint carries them and one instance can serve several runs. Reports L in extras.
 */
public final class HoagStep implements OuterStep {
    private static final String KEY = "hoag.step";

    @Override public void apply(HypergradientDescent.State s, Vec g) {
        double[] kept = s.memory.containsKey(KEY) ? s.memory.get(KEY).toArray() : new double[] {Double.NaN, Double.NaN, 0, 0};
        double lipschitz = kept[0], previousValue = kept[1], previousTolerance = kept[2], previousStep = kept[3];
        double f = NonFiniteException.check("outer value", s.problem.outerValue(s.x, s.y));
        double eps = s.extras.getOrDefault("tolerance", 0.0);
        if (Double.isNaN(lipschitz)) {
            double n = g.norm();
            lipschitz = n > 1e-3 ? n * s.x.dim() : 1;
        } else if (f - eps <= previousValue + previousTolerance + previousTolerance * previousStep
                - 0.5 * lipschitz * previousStep * previousStep) {
            lipschitz *= 0.95;
        } else if (f > previousValue) {
            lipschitz *= 2;
        }
        Vec before = s.x.copy();
        s.x.axpy(-1 / lipschitz, g);
        Box box = s.problem.bounds();
        if (box != null) box.project(s.x);
        previousValue = f;
        previousTolerance = eps;
        previousStep = Vec.distance(s.x, before);
        s.memory.put(KEY, Vec.of(lipschitz, previousValue, previousTolerance, previousStep));
        s.extras.put("L", lipschitz);
    }
}
