package org.bilevel4j.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.vec.Vec;

/**
 * The model refit at x for {@link BilevelProblem#refitMetrics}: y = argmin_y G(x, y) by accelerated gradient descent
 * on the problem's own ∇_y G, with a backtracking step (L doubled until it bounds the curvature along the step,
 * ‖∇G(z − g/L) − g‖ ≤ ‖g‖, then halved again each iteration: a gradient test, as function values lose the decrease
 * to round-off near the minimum) and O'Donoghue–Candès gradient restarts, so it needs no Lipschitz bound; for tasks
 * that do not know one (the smoothed regularized tasks).
 */
public final class Refit {
    private Refit() {}

    /** argmin_y G(x, y) from {@code yStart} until ‖∇_y G‖ ≤ tolerance or maxIterations. */
    public static Vec innerMinimizer(BilevelProblem p, Vec x, Vec yStart, int maxIterations, double tolerance) {
        Vec w = yStart.copy(), z = w.copy();
        double L = p.innerLipschitz();
        if (!(L > 0) || !Double.isFinite(L)) L = 1;
        double t = 1;
        for (int k = 0; k < maxIterations; k++) {
            Vec g = p.innerGradY(x, z);
            double gNorm = g.norm();
            if (gNorm <= tolerance) return z;
            L = Math.max(L / 2, 1e-12);
            Vec next;
            while (true) { // backtracking: L bounds the curvature along the step, ‖∇G(z − g/L) − g‖ ≤ L ‖g/L‖ = ‖g‖
                next = z.copy().axpy(-1 / L, g);
                if (Vec.distance(p.innerGradY(x, next), g) <= gNorm || L > 1e300) break;
                L *= 2;
            }
            Vec moved = next.copy().axpy(-1, w);
            if (g.dot(moved) > 0) { // gradient restart: the momentum points uphill
                t = 1;
                w = next;
                z = next.copy();
                continue;
            }
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2, beta = (t - 1) / tNext;
            z = next.copy().axpy(beta, moved);
            w = next;
            t = tNext;
        }
        return w;
    }

    /** The entries of {@code metrics} named in {@code names}, each renamed name + "Refit". */
    public static Map<String, Double> renamed(Map<String, Double> metrics, Iterable<String> names) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String n : names) if (metrics.containsKey(n)) m.put(n + Metric.REFIT, metrics.get(n));
        return m;
    }
}
