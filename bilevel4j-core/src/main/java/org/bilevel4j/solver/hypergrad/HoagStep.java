package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.problem.Box;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.vec.Vec;

/**
 * HOAG's outer step x ← Proj(x − p_k / L) with the adaptive L of fabianp/hoag (ALGORITHMS.md §5 "Approx / HOAG"):
 * L₀ = ||p₁|| · dim x (1 when ||p₁|| ≤ 1e-3); then, with f_k = F(x_k, y_k) (one counted outer-value call per
 * step), ε_k the tolerance, δ the length of the previous step and n = 1e-12 (|f_k| + |f_{k−1}|) the roundoff in
 * f_k − f_{k−1},
 * <pre>
 *   f_k − ε_k ≤ f_{k−1} + ε_{k−1} + ε_{k−1} δ − (L/2) δ²   →  L ← 0.95 L   (sufficient decrease)
 *   else f_k > f_{k−1} + n                                 →  L ← 2 L      (the outer value increased)
 * </pre>
 * The code tests with the length of the step it is about to take and adapts L for the next one; here the test
 * uses the step that led to x_k, whose decrease f_k − f_{k−1} measures, and the adapted L is used at once.
 * Departures, so that noise in f cannot freeze or shake x: the decrease test shrinks L only when the decrease it
 * asks for, (L/2) δ², is larger than the roundoff n (otherwise the values say nothing); an increase counts only beyond
 * n; and L is
 * kept within [L_s / 4, 10 L_s] of the secant estimate L_s = ||p_k − p_{k−1}|| / δ of the hypergradient's
 * Lipschitz constant along the last step, so a run of noisy increases cannot drive the step to zero (HOAG on a
 * problem with losses written as sums once reached L ≈ 1e33 and stopped moving). The lower end was L_s / 2: on the
 * defaults test's ill-conditioned "dims" (κ_Φ ≈ 2500) that kept the steps short (2.2e-2 of the starting hypergradient
 * after 1000 steps); at L_s / 4, 8.7e-4 (a Barzilai–Borwein step may also exceed 1/L_s along a flat direction). L_s / 10
 * reached 2.3e-4 there but let the inner solver diverge on HoagTest's noisy problem and on StopQuantityTest's.
 * The secant is taken only when the inner solve of this step moved y ("innerSteps" > 0): with y where it was, p changes
 * with x only through the explicit terms (σ'(x) on hyper-cleaning), and with L-BFGS inside, which overshoots each
 * tolerance, that collapsed L to 1e-15 in four steps and stalled x at saturated weights (README, "hoag").
 * Keeps its per-run numbers (L, f_{k−1}, ε_{k−1}, δ) and p_{k−1} in the state's memory, so that a
 * checkpoint carries them and one instance can serve several runs. Reports L and L_s in extras.
 */
public final class HoagStep implements OuterStep {
    private static final String KEY = "hoag.step", PREVIOUS = "hoag.previousGradient";
    static final double ROUNDOFF = 1e-12;

    @Override public void apply(HypergradientDescent.State s, Vec g) {
        double[] kept = s.memory.containsKey(KEY) ? s.memory.get(KEY).toArray() : new double[] {Double.NaN, Double.NaN, 0, 0};
        double lipschitz = kept[0], previousValue = kept[1], previousTolerance = kept[2], previousStep = kept[3];
        double f = NonFiniteException.check("outer value", s.problem.outerValue(s.x, s.y));
        double eps = s.extras.getOrDefault("tolerance", 0.0);
        double noise = ROUNDOFF * (Math.abs(f) + Math.abs(previousValue));
        double secant = Double.NaN;
        if (Double.isNaN(lipschitz)) {
            double n = g.norm();
            lipschitz = n > 1e-3 ? n * s.x.dim() : 1;
        } else {
            double ask = 0.5 * lipschitz * previousStep * previousStep;
            if (ask > noise && f - eps <= previousValue + previousTolerance + previousTolerance * previousStep - ask) {
                lipschitz *= 0.95;
            } else if (f > previousValue + noise) {
                lipschitz *= 2;
            }
            Vec before = s.memory.get(PREVIOUS);
            boolean yFollowed = s.extras.getOrDefault("innerSteps", 1.0) > 0;
            if (before != null && previousStep > 0 && yFollowed) secant = Vec.distance(g, before) / previousStep;
            if (secant > 0 && Double.isFinite(secant)) lipschitz = Math.min(Math.max(lipschitz, 0.25 * secant), 10 * secant);
        }
        Vec before = s.x.copy();
        s.x.axpy(-1 / lipschitz, g);
        Box box = s.problem.bounds();
        if (box != null) box.project(s.x);
        s.memory.put(KEY, Vec.of(lipschitz, f, eps, Vec.distance(s.x, before)));
        s.memory.put(PREVIOUS, g.copy());
        s.extras.put("L", lipschitz);
        if (!Double.isNaN(secant)) s.extras.put("Lsecant", secant);
    }
}
