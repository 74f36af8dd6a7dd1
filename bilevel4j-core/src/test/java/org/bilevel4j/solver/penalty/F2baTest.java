package org.bilevel4j.solver.penalty;

import static org.bilevel4j.solver.penalty.Runs.Q;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.testing.FiniteDifferences;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class F2baTest {
    @Test void reachesTheSolutionWithDefaultsAndNoSecondOrderCalls() {
        int k = 200, t = 10;
        RunResult r = Runs.run("f2ba", Map.of(), k);
        System.out.println("f2ba dist " + Runs.distance(r) + " " + r.oracles());
        assertTrue(Runs.distance(r) <= 1e-3, "distance " + Runs.distance(r));
        var c = r.oracles();
        assertEquals(0, c.get(Oracle.innerHvp));
        assertEquals(0, c.get(Oracle.innerCross));
        assertEquals((long) k * 2 * t, c.get(Oracle.innerGradY), "T steps on F + lambda G and T on G");
        assertEquals((long) k * t, c.get(Oracle.outerGradY));
        assertEquals(2L * k, c.get(Oracle.innerGradX));
        assertEquals(k, c.get(Oracle.outerGradX));
    }

    /** With y = argmin F + λG and z = y*(x) exact, one F2BA step moves x along ∇Φ_λ(x) (finite differences of Φ_λ). */
    @Test void directionIsTheGradientOfThePenaltyValueFunction() {
        double lambda = 50;
        Vec x = Vec.constant(Q.dimX(), 0.3);
        F2ba solver = (F2ba) Catalog.solver("f2ba", Q, new Options(Map.of("lambda", "" + lambda, "innerSteps", "0", "scaledSteps", "false")), 1);
        F2ba.State s = solver.init(new CountingProblem(Q), x, Vec.zeros(Q.dimY()));
        s.y = Runs.penalizedSolution(Q, x, lambda);
        s.z = Q.innerSolution(x);
        solver.step(s);
        Vec fd = FiniteDifferences.gradient(u -> Runs.penaltyValue(Q, u, lambda), x, 1e-4);
        double err = FiniteDifferences.relativeError(s.hypergradient, fd);
        assertTrue(err < 1e-6, "relative error to finite differences of Phi_lambda: " + err);
        assertEquals(Vec.distance(s.x, x.copy().axpy(-solver.params().outerStep(), fd)), 0, 1e-6 * x.norm(), "x moved along -eta grad Phi_lambda");
    }

    /** ‖∇Φ_λ − ∇Φ‖ = O(1/λ) (ALGORITHMS.md §2.2 Theorem 2), and F2BA's limit moves to x* as λ grows. */
    @Test void penaltyBiasShrinksLikeOneOverLambda() {
        Vec x = Vec.constant(Q.dimX(), 0.3), exact = Q.exactHypergradient(x);
        double e10 = Vec.distance(PenaltyGradX.of(Q, x, Runs.penalizedSolution(Q, x, 10), Q.innerSolution(x), 10), exact);
        double e100 = Vec.distance(PenaltyGradX.of(Q, x, Runs.penalizedSolution(Q, x, 100), Q.innerSolution(x), 100), exact);
        assertEquals(10, e10 / e100, 1.5, "error ratio between lambda = 10 and 100: " + e10 + " / " + e100);
        double d10 = Runs.distance(Runs.run("f2ba", Map.of("lambda", "10", "scaledSteps", "false"), 300));
        double d100 = Runs.distance(Runs.run("f2ba", Map.of("lambda", "100", "scaledSteps", "false"), 300));
        System.out.println("f2ba limit distance lambda=10 " + d10 + " lambda=100 " + d100);
        assertEquals(10, d10 / d100, 1.5, "distance of the limit to x* is O(1/lambda)");
    }
}
