package org.bilevel4j.problems;

import static org.bilevel4j.testing.FiniteDifferences.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class QuadraticTest {
    final Quadratic q = new Quadratic(new Quadratic.Spec(4, 12, 16, 8, 100, 10, 0.5, 7));
    final Vec x = Vec.of(0.3, -1.2, 0.7, 2.0);
    final Vec y = Vec.constant(12, 0.1).axpy(1, Vec.of(java.util.stream.IntStream.range(0, 12).mapToDouble(i -> Math.sin(i)).toArray()));

    @Test void gradientsMatchFiniteDifferences() {
        assertTrue(relativeError(q.innerGradY(x, y), gradient(v -> q.innerValue(x, v), y, 1e-5)) < 1e-8);
        assertTrue(relativeError(q.innerGradX(x, y), gradient(u -> q.innerValue(u, y), x, 1e-5)) < 1e-8);
        assertTrue(relativeError(q.outerGradY(x, y), gradient(v -> q.outerValue(x, v), y, 1e-5)) < 1e-8);
        assertTrue(relativeError(q.outerGradX(x, y), gradient(u -> q.outerValue(u, y), x, 1e-5)) < 1e-8);
    }

    @Test void secondOrderProductsMatchFiniteDifferences() {
        Vec v = Vec.of(new SplittableRandom(1).doubles(12).toArray()), u = Vec.of(1, -2, 0.5, 3);
        assertTrue(relativeError(q.innerHvpYY(x, y, v), directional(w -> q.innerGradY(x, w), y, v, 1e-4)) < 1e-8);
        assertTrue(relativeError(q.innerCrossXY(x, y, v), directional(w -> q.innerGradX(x, w), y, v, 1e-4)) < 1e-8);
        assertTrue(relativeError(q.innerCrossYX(x, y, u), directional(w -> q.innerGradY(w, y), x, u, 1e-4)) < 1e-8);
        assertTrue(relativeError(q.outerHvpYY(x, y, v), directional(w -> q.outerGradY(x, w), y, v, 1e-4)) < 1e-8);
        assertTrue(relativeError(q.outerCrossXY(x, y, v), directional(w -> q.outerGradX(x, w), y, v, 1e-4)) < 1e-8);
    }

    @Test void innerSolutionZeroesTheInnerGradient() {
        assertTrue(q.innerGradY(x, q.innerSolution(x)).norm() < 1e-10);
    }

    @Test void exactHypergradientMatchesFiniteDifferencesOfPhi() {
        Vec fd = gradient(u -> q.outerValue(u, q.innerSolution(u)), x, 1e-5);
        assertTrue(relativeError(q.exactHypergradient(x), fd) < 1e-7, () -> "error " + relativeError(q.exactHypergradient(x), fd));
    }

    @Test void solutionIsStationaryAndAMinimum() {
        Vec xs = q.solutionX();
        assertTrue(q.exactHypergradient(xs).norm() < 1e-9);
        double phiStar = q.outerValue(xs, q.innerSolution(xs));
        Vec other = xs.copy().axpy(0.1, Vec.constant(4, 1));
        assertTrue(q.outerValue(other, q.innerSolution(other)) > phiStar);
    }

    @Test void conditionNumberIsAsAsked() {
        assertEquals(100, q.innerLipschitz() / q.innerStrongConvexity(), 1e-9);
    }

    @Test void miniBatchesAverageToTheFullProblem() {
        // the inner gradient is linear in the per-sample terms: averaging a partition gives the full gradient
        int[] first = {0, 1, 2, 3, 4, 5, 6, 7}, second = {8, 9, 10, 11, 12, 13, 14, 15};
        int[] outer = {0, 1, 2, 3, 4, 5, 6, 7};
        Vec g = q.batch(outer, first).innerGradY(x, y).axpy(1, q.batch(outer, second).innerGradY(x, y)).scale(0.5);
        assertTrue(relativeError(g, q.innerGradY(x, y)) < 1e-12);
        BilevelProblem b = Batches.view(q, new SplittableRandom(3), 2, 3);
        assertNotEquals(q.innerGradY(x, y).norm(), b.innerGradY(x, y).norm(), 1e-9);
        assertNull(b.solutionX());
    }

    @Test void badIndicesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> q.batch(new int[] {0}, new int[] {99}));
    }
}
