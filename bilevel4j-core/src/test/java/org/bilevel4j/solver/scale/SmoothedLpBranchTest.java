package org.bilevel4j.solver.scale;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problems.sparse.SparseRegression;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * Why SPNBO's defaults cannot settle within 1e-2 of the orthogonal l_p problem's x* (DefaultsTest BIASED_BY_DESIGN,
 * README "Known gaps"): x* sits on a jump of the exact Φ ({@code LpOptimumTest}), and on the branch of the smoothed
 * problem that a warm-started inner iteration follows from the start, at SPNBO's default smoothing μ₁ = 0.04 (where
 * the default run stays: no stage passes), ∇Φ_μ > 0 over the whole window |x − x*| ≤ 1e-2 (1 + |x*|): Φ_μ still falls
 * through x*, so no fixed point of the smoothed method lies within the target distance.
 */
class SmoothedLpBranchTest {
    @Test void theSmoothedBranchHasNoStationaryPointNearTheLpOptimum() {
        SparseRegression p = (SparseRegression) Catalog.problem("sparse-regression",
                new Options(new HashMap<>(Map.of("design", "orthogonal", "penalty", "lp"))), 0);
        double xs = Vec.array(p.solutionX())[0], window = 1e-2 * (1 + Math.abs(xs));
        p.setMu(0.04);
        ImplicitHypergradient h = new ImplicitHypergradient(p, p.initialY());
        double x = Vec.array(p.initialX())[0], least = Double.POSITIVE_INFINITY;
        for (; x > xs + window; x -= 0.05) h.at(Vec.of(x), 1e-10); // follow the branch from the start, warm
        for (x = xs + window; x >= xs - window; x -= window / 20) {
            double g = Vec.array(h.at(Vec.of(x), 1e-10))[0];
            assertTrue(g > 0, "∇Φ_μ(" + x + ") = " + g + ": a stationary point within the target distance");
            least = Math.min(least, g);
        }
        System.out.printf("smoothed l_p branch (mu 0.04): x* = %.4f, min dPhi_mu/dx on |x - x*| <= %.3f: %.3e%n", xs, window, least);
    }
}
