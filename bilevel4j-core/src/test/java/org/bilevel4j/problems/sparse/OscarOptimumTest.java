package org.bilevel4j.problems.sparse;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * The orthogonal OSCAR design drawn from seed 0 has no finite optimal hyper-parameter: Φ(x) = F(w*(x)) falls
 * monotonically as the weight e^x goes to 0, down to its infimum, the unregularized least squares' validation loss, so
 * the 1-D search's minimizer is its bound {@code searchLo} = −8 (README "Known gaps"). The problem therefore redraws
 * such a design (seed + k·10⁶, {@code redraw}, default true) until x* is interior: seed 0 runs the design of seed 10⁶
 * (x* = −2.836); {@code redraw=false} keeps the seed's design, without x*. Seeds 1 and 2 have an interior x*, a true
 * minimum of Φ, and are not redrawn.
 */
class OscarOptimumTest {
    static SparseRegression oscar(long seed) {
        return (SparseRegression) Catalog.problem("sparse-regression", new Options(new HashMap<>(Map.of("design", "orthogonal", "penalty", "oscar"))), seed);
    }

    static SparseRegression oscarNotRedrawn(long seed) {
        return (SparseRegression) Catalog.problem("sparse-regression", new Options(new HashMap<>(Map.of("design", "orthogonal", "penalty", "oscar",
                "redraw", "false"))), seed);
    }

    @Test void seedZeroIsRedrawnToADesignWithAnInteriorOptimum() {
        SparseRegression p = oscar(0);
        assertEquals(1_000_000, p.designSeed());
        double xs = Vec.array(p.solutionX())[0], f = p.exactOuter(p.solutionX());
        assertEquals(-2.836, xs, 1e-3);
        for (double h : new double[] {-0.5, -0.1, 0.1, 0.5}) assertTrue(p.exactOuter(Vec.of(xs + h)) > f, "Φ(x* + " + h + ") > Φ(x*)");
        assertTrue(p.exactOuter(Vec.of(-40)) > f + 1e-4, "below Φ without regularization");
        assertEquals(1, oscar(1).designSeed(), "a design with an interior optimum is kept");
        for (String pen : new String[] {"l1", "oscar"}) for (long seed : new long[] {4, 7}) { // the other seeds below 10 without one
            SparseRegression q = (SparseRegression) Catalog.problem("sparse-regression", new Options(new HashMap<>(Map.of("penalty", pen))), seed);
            assertNotNull(q.solutionX(), pen + " seed " + seed);
            assertTrue(q.designSeed() > seed, pen + " seed " + seed + " redrawn");
        }
    }

    @Test void theSeedZeroDesignsOptimumIsTheSearchBound() {
        SparseRegression p = oscarNotRedrawn(0);
        assertEquals(0, p.designSeed());
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
