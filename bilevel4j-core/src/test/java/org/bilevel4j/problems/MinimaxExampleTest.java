package org.bilevel4j.problems;

import static org.bilevel4j.testing.FiniteDifferences.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class MinimaxExampleTest {
    final MinimaxExample p = (MinimaxExample) Catalog.problem("minimax-example", Options.empty(), 1);
    final Vec x = Vec.of(0.4), y = Vec.of(-1.3);

    @Test void oraclesMatchFiniteDifferences() {
        assertTrue(relativeError(p.innerGradY(x, y), gradient(v -> p.innerValue(x, v), y, 1e-5)) < 1e-9);
        assertTrue(relativeError(p.innerGradX(x, y), gradient(u -> p.innerValue(u, y), x, 1e-5)) < 1e-9);
        assertTrue(relativeError(p.outerGradY(x, y), gradient(v -> p.outerValue(x, v), y, 1e-5)) < 1e-9);
        assertTrue(relativeError(p.outerGradX(x, y), gradient(u -> p.outerValue(u, y), x, 1e-5)) < 1e-9);
        Vec v = Vec.of(0.7);
        assertTrue(relativeError(p.innerHvpYY(x, y, v), directional(w -> p.innerGradY(x, w), y, v, 1e-4)) < 1e-9);
        assertTrue(relativeError(p.innerCrossXY(x, y, v), directional(w -> p.innerGradX(x, w), y, v, 1e-4)) < 1e-9);
        assertTrue(relativeError(p.innerCrossYX(x, y, v), directional(w -> p.innerGradY(w, y), x, v, 1e-4)) < 1e-9);
        assertTrue(relativeError(p.outerHvpYY(x, y, v), directional(w -> p.outerGradY(x, w), y, v, 1e-4)) < 1e-9);
    }

    @Test void closedFormsOfTheBilevelProblem() {
        assertEquals(0, p.innerGradY(x, p.innerSolution(x)).norm(), 1e-14);
        Vec fd = gradient(u -> p.outerValue(u, p.innerSolution(u)), x, 1e-5);
        assertTrue(relativeError(p.exactHypergradient(x), fd) < 1e-9);
        double xs = Vec.array(p.solutionX())[0];
        assertEquals(6 / 4.5, xs, 1e-12); // a b / (a² + c)
        assertEquals(0, p.exactHypergradient(Vec.of(xs)).norm(), 1e-12);
        for (double t = -1; t <= 2; t += 0.01) assertTrue(phi(t) >= phi(xs) - 1e-15, "x* minimises Phi on the box");
        assertTrue(p.bounds().contains(p.solutionX()));
    }

    /** x*_α minimises Φ_α, and Φ_α is min_y max_z of (6), computed here by brute force on grids. */
    @Test void minimaxSolutionForEachAlpha() {
        for (double alpha : new double[] {0.5, 1, 4, 64, 1e4}) {
            double xa = p.minimaxSolutionX(alpha);
            double h = 1e-5;
            assertEquals(0, (p.minimaxValue(alpha, xa + h) - p.minimaxValue(alpha, xa - h)) / (2 * h), 1e-8);
            // min_y max_z f + α(g(x,y) − g(x,z)): max over z is at z = a x, min over y at y*_α(x)
            double t = 0.3, ya = p.minimaxSolutionY(alpha, t);
            double best = Double.POSITIVE_INFINITY;
            for (double yy = ya - 0.5; yy <= ya + 0.5; yy += 1e-4) {
                double worst = Double.NEGATIVE_INFINITY;
                for (double z : new double[] {0.6 - 0.1, 0.6, 0.6 + 0.1}) // a t = 0.6
                    worst = Math.max(worst, reformulated(alpha, t, yy, z));
                best = Math.min(best, worst);
            }
            assertEquals(p.minimaxValue(alpha, t), best, 1e-7 * (1 + alpha));
        }
        // x*_α → x* at rate O(1/α)
        double xs = Vec.array(p.solutionX())[0];
        assertTrue(Math.abs(p.minimaxSolutionX(1000) - xs) < 1e-3);
        assertTrue(Math.abs(p.minimaxSolutionX(1000) - xs) < Math.abs(p.minimaxSolutionX(10) - xs) / 50);
        assertEquals(1.2, p.minimaxSolutionX(1), 1e-12); // §2.6: 1.2000 at α = 1
    }

    @Test void boxClipsTheSolutions() {
        MinimaxExample clipped = (MinimaxExample) Catalog.problem("minimax-example", new Options(Map.of("upper", "1")), 1);
        assertEquals(1, Vec.array(clipped.solutionX())[0], 0);
        assertEquals(1, clipped.minimaxSolutionX(8), 0);
        assertThrows(IllegalArgumentException.class, () -> Catalog.problem("minimax-example", new Options(Map.of("lower", "3")), 1));
        assertThrows(IllegalArgumentException.class, () -> p.minimaxSolutionX(0));
    }

    double phi(double t) { return p.outerValue(Vec.of(t), p.innerSolution(Vec.of(t))); }

    double reformulated(double alpha, double t, double yy, double z) {
        Vec xt = Vec.of(t);
        return p.outerValue(xt, Vec.of(yy)) + alpha * (p.innerValue(xt, Vec.of(yy)) - p.innerValue(xt, Vec.of(z)));
    }
}
