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
 * The smoothing bias that SPNBO's defaults keep on the orthogonal OSCAR problem with seed 1 (README "Known gaps"): the
 * minimizer of Φ_μ (the smoothed problem, warm-started from the start x0 = −3) is −3.60 at SPNBO's μ₁ = 0.04, distance
 * 3.3e-2 from x* = −3.452, and approaches x* as μ falls (−3.49 at 0.01, −3.46 at 1e-3). With μ halved at stages only
 * ({@code muSchedule=stages}) a run ends at 3.3e-2 for every solver seed because no stage passes (the sampled outer
 * gradient, 128 of 200 validation rows, keeps the stage tests above tolerance); the default continuation halves μ
 * regardless, down to 4e-3, and ends at 2.7e-3 ({@code SmoothingContinuationTest}).
 */
class SmoothingBiasTest {
    @Test void theSmoothedOscarMinimizerMovesTowardsXStarAsMuFalls() {
        SparseRegression p = (SparseRegression) Catalog.problem("sparse-regression",
                new Options(new HashMap<>(Map.of("design", "orthogonal", "penalty", "oscar"))), 1);
        double xs = Vec.array(p.solutionX())[0];
        assertEquals(-3.4524, xs, 1e-3);
        double previous = Double.POSITIVE_INFINITY;
        for (double[] muAndMin : new double[][] {{0.04, -3.60}, {0.01, -3.49}, {1e-3, -3.46}}) {
            p.setMu(muAndMin[0]);
            double m = stationaryBelow(p, Vec.array(p.initialX())[0], -5);
            assertEquals(muAndMin[1], m, 0.011, "minimizer of Φ_μ at μ = " + muAndMin[0]);
            double d = Math.abs(m - xs) / (1 + Math.abs(xs));
            assertTrue(d < previous, "the bias falls with μ");
            previous = d;
        }
        p.setMu(0.04);
        double d = Math.abs(stationaryBelow(p, -3, -5) - xs) / (1 + Math.abs(xs));
        assertTrue(d > 2.5e-2 && d < 4e-2, "μ₁ = 0.04 keeps a distance of 3.3e-2: " + d);
    }

    /** The first x below {@code from} (steps of 0.01, inner iterate warm) where ∇Φ_μ turns from positive to negative: a minimum. */
    static double stationaryBelow(SparseRegression p, double from, double to) {
        ImplicitHypergradient h = new ImplicitHypergradient(p, p.initialY());
        double previous = Double.NaN;
        for (double x = from; x >= to; x -= 0.01) {
            double g = Vec.array(h.at(Vec.of(x), 1e-10))[0];
            if (previous > 0 && g < 0) return x + 0.005;
            previous = g;
        }
        return Double.NaN;
    }
}
