package org.bilevel4j.problems;

import static org.bilevel4j.testing.FiniteDifferences.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class ToyNonconvexTest {
    final ToyNonconvex p3 = new ToyNonconvex(3, 2, 2, 2);
    final Vec x = Vec.of(0.7);
    final Vec y = Vec.of(1.3, -0.4, 2.9);

    @Test void gradientsMatchFiniteDifferences() {
        assertTrue(relativeError(p3.innerGradY(x, y), gradient(v -> p3.innerValue(x, v), y, 1e-5)) < 1e-8);
        assertTrue(relativeError(p3.innerGradX(x, y), gradient(u -> p3.innerValue(u, y), x, 1e-5)) < 1e-8);
        assertTrue(relativeError(p3.outerGradY(x, y), gradient(v -> p3.outerValue(x, v), y, 1e-5)) < 1e-8);
        assertTrue(relativeError(p3.outerGradX(x, y), gradient(u -> p3.outerValue(u, y), x, 1e-5)) < 1e-8);
    }

    @Test void secondOrderProductsMatchFiniteDifferences() {
        Vec v = Vec.of(0.3, -1.1, 0.8), u = Vec.of(-0.6);
        assertTrue(relativeError(p3.innerHvpYY(x, y, v), directional(w -> p3.innerGradY(x, w), y, v, 1e-4)) < 1e-7);
        assertTrue(relativeError(p3.innerCrossXY(x, y, v), directional(w -> p3.innerGradX(x, w), y, v, 1e-4)) < 1e-7);
        assertTrue(relativeError(p3.innerCrossYX(x, y, u), directional(w -> p3.innerGradY(w, y), x, u, 1e-4)) < 1e-7);
        assertTrue(relativeError(p3.outerHvpYY(x, y, v), directional(w -> p3.outerGradY(x, w), y, v, 1e-4)) < 1e-7);
        assertEquals(0, p3.outerCrossXY(x, y, v).norm(), 1e-12);
        assertEquals(0, directional(w -> p3.outerGradX(x, w), y, v, 1e-4).norm(), 1e-9);
    }

    @Test void oneDimensionalOptimumIsThreeQuarterPi() {
        ToyNonconvex p = (ToyNonconvex) Catalog.problem("toy-nonconvex", Options.empty(), 1);
        assertEquals(3 * Math.PI / 4, Vec.array(p.solutionX())[0], 1e-12);
        assertEquals(3 * Math.PI / 4 + 2, Vec.array(p.solutionY())[0], 1e-12); // y* = x* + c
        assertEquals(0.2537, p.optimalValue(), 1e-4);
        assertEquals(p.optimalValue(), p.outerValue(p.solutionX(), p.solutionY()), 1e-12);
        assertEquals(0, p.lowerLevelResidual(p.solutionX(), p.solutionY()), 1e-12);
        assertEquals(0, p.distanceToBranchOptimum(p.solutionX(), p.solutionY()), 1e-12);
    }

    /** The branch optimum formula (§1.9 item 5) against a brute-force minimisation of F along the branch. */
    @Test void branchOptimaMatchBruteForce() {
        for (int n : new int[] {1, 2, 10}) {
            ToyNonconvex p = new ToyNonconvex(n, 2, 2, 0);
            for (long k = -1; k <= 2; k++) {
                final long kk = k;
                double best = Double.NaN, bestF = Double.POSITIVE_INFINITY;
                for (double t = -10; t <= 15; t += 1e-4) {
                    double f = p.outerValue(Vec.of(t), branch(p, n, t, kk));
                    if (f < bestF) { bestF = f; best = t; }
                }
                assertEquals(best, p.branchOptimumX(k), 2e-4, "n=" + n + " k=" + k);
                assertEquals(0, p.branchHypergradient(p.branchOptimumX(k), k), 1e-10);
                // the branch hypergradient is the derivative of F along the branch
                double t0 = 0.37;
                double fd = (p.outerValue(Vec.of(t0 + 1e-5), branch(p, n, t0 + 1e-5, kk)) - p.outerValue(Vec.of(t0 - 1e-5), branch(p, n, t0 - 1e-5, kk))) / 2e-5;
                assertEquals(fd, p.branchHypergradient(t0, k), 1e-6);
                // branch points are inner minimisers on branch k
                assertEquals(0, p.lowerLevelResidual(Vec.of(t0), branch(p, n, t0, kk)), 1e-12);
                assertEquals(k, p.branchOf(Vec.of(t0), branch(p, n, t0, kk))[n - 1]);
            }
            // the global optimum beats every other branch
            double fStar = p.optimalValue();
            for (long k = -3; k <= 4; k++) {
                double xb = p.branchOptimumX(k);
                assertTrue(p.outerValue(Vec.of(xb), branch(p, n, xb, k)) >= fStar - 1e-12);
            }
            assertEquals(fStar, p.outerValue(p.solutionX(), p.solutionY()), 1e-9);
        }
        assertEquals((2 + 10 * (1.5 * Math.PI - 2)) / 11, Vec.array(new ToyNonconvex(10, 2, 2, 0).solutionX())[0], 1e-12);
    }

    /** A mixed branch (different k_i) has its own optimum, and never beats the common global branch. */
    @Test void mixedBranchOptimum() {
        ToyNonconvex p = new ToyNonconvex(2, 2, 2, 0);
        double t = 1.0;
        Vec yMixed = Vec.of(2 - t - Math.PI / 2, 2 - t - Math.PI / 2 + 2 * Math.PI); // k = (0, 1)
        double xb = p.branchOptimumX(Vec.of(t), yMixed);
        Vec yAtXb = Vec.of(2 - xb - Math.PI / 2, 2 - xb - Math.PI / 2 + 2 * Math.PI);
        double h = 1e-5;
        Vec yp = yAtXb.copy().axpy(-h, Vec.constant(2, 1)), ym = yAtXb.copy().axpy(h, Vec.constant(2, 1));
        assertEquals(0, (p.outerValue(Vec.of(xb + h), yp) - p.outerValue(Vec.of(xb - h), ym)) / (2 * h), 1e-6);
        assertTrue(p.outerValue(Vec.of(xb), yAtXb) > p.optimalValue());
        assertEquals(Math.abs(t - xb), p.metrics(Vec.of(t), yMixed).get("branchDistance"), 1e-12);
    }

    @Test void residualAndMetrics() {
        Map<String, Double> m = p3.metrics(x, y);
        assertEquals(p3.innerValue(x, y) + 3, m.get("llResidual"), 1e-12);
        assertTrue(m.get("llResidual") >= 0);
        assertEquals(0.7, m.get("x"), 0);
        double xs = Vec.array(p3.solutionX())[0];
        assertEquals(Math.abs(0.7 - xs), p3.distanceToGlobalOptimum(x), 1e-12);
        assertEquals(Math.abs(0.7 - xs) / (1 + Math.abs(xs)), p3.distanceToSolution(x), 1e-12);
    }

    @Test void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Catalog.problem("toy-nonconvex", new Options(Map.of("n", "0")), 1));
    }

    static Vec branch(ToyNonconvex p, int n, double x, long k) {
        return Vec.constant(n, 2 - x - Math.PI / 2 + 2 * k * Math.PI);
    }
}
