package org.bilevel4j.problems.sparse;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * The default orthogonal OSCAR problem (seed 0) has no finite optimal hyper-parameter: Φ(x) = F(w*(x)) falls
 * monotonically as the weight e^x goes to 0, down to its infimum, the unregularized least squares' validation loss.
 * The reported x* = −8 is the lower end of the 1-D search ({@code searchLo}), so a distance to it measures how far a
 * run has drifted towards −∞ by a given iteration, not convergence (README "Known gaps"). Seeds 1 and 2 have an interior
 * x*, a true minimum of Φ.
 */
class OscarOptimumTest {
    static SparseRegression oscar(long seed) {
        return (SparseRegression) Catalog.problem("sparse-regression", new Options(new HashMap<>(Map.of("design", "orthogonal", "penalty", "oscar"))), seed);
    }

    @Test void theDefaultOscarOptimumIsTheSearchBound() {
        SparseRegression p = oscar(0);
        assertNull(p.solutionX(), "the search's minimizer is searchLo = -8: no optimum, so no distanceToSolution");
        double previous = p.exactOuter(Vec.of(-8));
        for (double x : new double[] {-8.5, -9, -10, -12, -14}) {
            double f = p.exactOuter(Vec.of(x));
            assertTrue(f < previous, "Φ still falls below the search bound at x = " + x + ": " + f + " vs " + previous);
            previous = f;
        }
        double lowest = p.exactOuter(Vec.of(-40)); // e^-40 ~ 4e-18: no regularization
        assertTrue(p.exactOuter(Vec.of(-8)) - lowest > 5e-5, "Φ at the search bound is above Φ's infimum");
    }

    @Test void seedsOneAndTwoHaveAnInteriorMinimum() {
        for (long seed : new long[] {1, 2}) {
            SparseRegression p = oscar(seed);
            double xs = Vec.array(p.solutionX())[0], f = p.exactOuter(p.solutionX());
            assertTrue(xs > -7 && xs < 2, "seed " + seed + ": x* = " + xs);
            for (double h : new double[] {-0.5, -0.1, 0.1, 0.5}) assertTrue(p.exactOuter(Vec.of(xs + h)) > f, "seed " + seed + ": Φ(x* + " + h + ") > Φ(x*)");
            assertTrue(p.exactOuter(Vec.of(-40)) > f + 1e-3, "seed " + seed + ": well below Φ without regularization");
        }
    }
}
