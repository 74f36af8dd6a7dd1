package org.bilevel4j.solver;

import static org.bilevel4j.solver.ItdTest.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** FHG (forward-mode ITD, ALGORITHMS.md §5) on the quadratic. */
class ForwardModeTest {
    @Test void forwardModeErrorShrinksWithStepsToTheExactHypergradient() {
        Vec exact = Q.exactHypergradient(X);
        double prev = Double.POSITIVE_INFINITY;
        for (int d : new int[] {10, 100, 300, 1000, 1500}) {
            double err = relError(estimate("fhg", Map.of("innerSteps", "" + d), X, Vec.zeros(100)), exact);
            System.out.println("fhg D=" + d + " relative error " + err);
            assertTrue(err < prev, "error must shrink with D");
            prev = err;
        }
        assertTrue(prev < 1e-6, "error " + prev);
    }

    @Test void forwardAndReverseModeGiveTheSameDerivativeOfTheUnrolledMap() {
        for (int d : new int[] {1, 7, 300}) {
            Vec y0 = randomVec(100, d);
            Vec fhg = estimate("fhg", Map.of("innerSteps", "" + d), X, y0);
            Vec rhg = estimate("rhg", Map.of("innerSteps", "" + d), X, y0);
            System.out.println("D=" + d + " |fhg - rhg| / |rhg| = " + relError(fhg, rhg));
            assertTrue(relError(fhg, rhg) < 1e-10, "D=" + d + ": " + relError(fhg, rhg));
        }
        // D = 0: no steps, both are ∇_xF(x, y_0)
        Vec y0 = randomVec(100, 9);
        assertTrue(relError(estimate("fhg", Map.of("innerSteps", "0"), X, y0), Q.outerGradX(X, y0)) < 1e-15);
    }

    @Test void fhgReachesTheSolutionWithDefaults() {
        RunResult r = Runner.run(Catalog.solver("fhg", Q, Options.empty(), 1), Q, Q.initialX(), Q.initialY(), StopRule.iterations(90));
        System.out.println("fhg defaults, 90 iterations: distance " + r.finalRow().distanceToSolution());
        assertTrue(r.finalRow().distanceToSolution() <= 1e-4, "distance " + r.finalRow().distanceToSolution());
    }

    @Test void forwardModeCallsExactlyWhatTheAlgorithmNeeds() {
        int k = 3, d = 4, n = 10;
        OracleCounts c = calls("fhg", Map.of("innerSteps", "" + d), k);
        assertEquals((long) k * d, c.get(Oracle.innerGradY));
        assertEquals((long) k * d * n, c.get(Oracle.innerCross), "one ∇²_yxG e_k per step and coordinate");
        assertEquals((long) k * (d - 1) * n, c.get(Oracle.innerHvp), "no HVP at t = 1, where Z_0 = 0");
        assertEquals(k, c.get(Oracle.outerGradX));
        assertEquals(k, c.get(Oracle.outerGradY));
        assertEquals(0, c.get(Oracle.innerGradX) + c.get(Oracle.outerHvp) + c.get(Oracle.outerCross));
    }
}
