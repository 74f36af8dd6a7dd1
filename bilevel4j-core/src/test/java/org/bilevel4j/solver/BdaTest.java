package org.bilevel4j.solver;

import static org.bilevel4j.solver.ItdTest.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.testing.FiniteDifferences;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** BDA (ALGORITHMS.md §5): reverse mode through the aggregated inner dynamics, on the quadratic. */
class BdaTest {
    /** y_T(x) of the aggregated dynamics y_{j+1} = y_j − u_j ∇_yF − l_j ∇_yG, written out independently. */
    static Vec aggregated(Vec x, Vec y0, int steps, boolean boat, double alpha, double gamma) {
        Vec y = y0.copy();
        for (int j = 0; j < steps; j++) {
            double decayed = alpha * Math.pow(0.9, j);
            double u = boat ? decayed * S : decayed * gamma * S, l = boat ? (1 - decayed) * S : (1 - alpha) * S;
            Vec step = Q.outerGradY(x, y).scale(u).axpy(l, Q.innerGradY(x, y));
            y.axpy(-1, step);
        }
        return y;
    }

    @Test void bdaIsTheDerivativeOfTheAggregatedUnrolledMap() {
        int d = 25;
        Vec y0 = randomVec(100, 5);
        for (boolean boat : new boolean[] {true, false}) {
            double alpha = 0.6, gamma = boat ? 1 : 2;
            UnaryOperator<Vec> yT = x -> aggregated(x, y0, d, boat, alpha, gamma);
            Vec fd = FiniteDifferences.gradient(x -> Q.outerValue(x, yT.apply(x)), X, 1e-3);
            Map<String, String> opts = boat
                    ? Map.of("innerSteps", "" + d, "alpha", "" + alpha, "upperScale", "inner")
                    : Map.of("innerSteps", "" + d, "alpha", "" + alpha, "alphaSchedule", "bda-code", "gamma", "" + gamma, "upperScale", "inner");
            Vec bda = estimate("bda", opts, X, y0);
            System.out.println((boat ? "boat" : "bda-code") + " |bda - fd| / |fd| = " + relError(bda, fd));
            assertTrue(relError(bda, fd) < 1e-7, relError(bda, fd) + "");
            assertTrue(relError(bda, estimate("rhg", Map.of("innerSteps", "" + d), X, y0)) > 1e-3, "the upper-level term must matter");
        }
    }

    @Test void withoutTheUpperLevelTermBdaIsRhg() {
        Vec y0 = randomVec(100, 6);
        Vec bda = estimate("bda", Map.of("innerSteps", "30", "alpha", "0"), X, y0);
        assertTrue(relError(bda, estimate("rhg", Map.of("innerSteps", "30"), X, y0)) < 1e-14);
    }

    @Test void bdaReachesTheSolutionWithDefaults() {
        RunResult r = Runner.run(Catalog.solver("bda", Q, Options.empty(), 1), Q, Q.initialX(), Q.initialY(), StopRule.iterations(90));
        System.out.println("bda defaults, 90 iterations: distance " + r.finalRow().distanceToSolution());
        assertTrue(r.finalRow().distanceToSolution() <= 1e-4, "distance " + r.finalRow().distanceToSolution());
    }

    @Test void bdaCallsExactlyWhatTheAlgorithmNeeds() {
        int k = 4, d = 6;
        OracleCounts c = calls("bda", Map.of("innerSteps", "" + d), k);
        assertEquals((long) k * d, c.get(Oracle.innerGradY));
        assertEquals((long) k * (d + 1), c.get(Oracle.outerGradY), "∇_yF in every step, and at y_T");
        assertEquals(k, c.get(Oracle.outerGradX));
        assertEquals((long) k * d, c.get(Oracle.innerCross));
        assertEquals((long) k * d, c.get(Oracle.outerCross));
        assertEquals((long) k * (d - 1), c.get(Oracle.innerHvp));
        assertEquals((long) k * (d - 1), c.get(Oracle.outerHvp));
        assertEquals(0, c.get(Oracle.innerGradX));
    }

    @Test void badOptionsAreRejected() {
        for (Map<String, String> bad : new Map[] {Map.of("alpha", "1"), Map.of("alphaSchedule", "paper"), Map.of("alphaDecay", "1.5")}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalog.solver("bda", Q, new Options(bad), 1));
            assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
        }
    }
}
