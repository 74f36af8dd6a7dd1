package org.bilevel4j;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.testing.UserRidge;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class BilevelApiTest {
    @Test void oneOptionsObjectBuildsProblemAndSolverAndUnknownKeysAreRejected() {
        Bilevel.Setup s = Bilevel.setup("quadratic", "aid-cg", Map.of("dimX", "4", "linearSteps", "20"), 1);
        assertEquals(4, s.problem().dimX());
        RunResult r = s.run(50);
        assertEquals(50, r.iterations());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bilevel.setup("quadratic", "aid-cg", Map.of("linearStep", "20"), 1));
        assertTrue(e.getMessage().startsWith("unknown option linearStep for problem quadratic with solver aid-cg; accepted: "), e.getMessage());
        assertTrue(e.getMessage().contains("linearSteps") && e.getMessage().contains("dimX"), "both the solver's and the problem's keys");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Bilevel.setup("quadratic", "aid-cg", Map.of("linearSteps", "-1"), 1));
        assertTrue(bad.getMessage().contains("CG steps per outer iteration"), "the hint names what the option does: " + bad.getMessage());
    }

    @Test void theHypergradientOfEveryUnbiasedEstimatorMatchesTheExactOneOnAUserProblem() {
        UserRidge p = new UserRidge(5, 30, 1, false, 3); // sums, non-convex Φ, no Lipschitz constants
        Vec x = Vec.of(0.3, -0.2, 0.1, 0.5, -0.4), y = Vec.constant(5, 0.1);
        Vec xKept = x.copy(), yKept = y.copy();
        Vec exact = p.exactHypergradient(x);
        Map<String, Map<String, String>> tight = Map.of(
                "aid-cg", Map.of("innerSteps", "3000", "innerStep", "0.01", "linearSteps", "50"),
                "aid-fp", Map.of("innerSteps", "3000", "innerStep", "0.01", "linearSteps", "3000"),
                "rhg", Map.of("innerSteps", "3000", "innerStep", "0.01"),
                "fhg", Map.of("innerSteps", "3000", "innerStep", "0.01"),
                "hoag", Map.of("innerStep", "0.01", "initialTolerance", "1e-12"));
        for (Map.Entry<String, Map<String, String>> e : tight.entrySet()) {
            Vec g = Bilevel.hypergradient(p, e.getKey(), e.getValue(), x, y);
            double err = Vec.distance(g, exact) / exact.norm();
            assertTrue(err < 1e-6, e.getKey() + ": relative error " + err);
        }
        assertArrayEquals(xKept.toArray(), x.toArray(), 0.0, "x unchanged");
        assertArrayEquals(yKept.toArray(), y.toArray(), 0.0, "y unchanged");
        // every catalog estimator answers, and a cold start answers the same twice
        for (String name : Bilevel.estimators()) {
            Vec a = Bilevel.hypergradient(p, name, Map.of("innerStep", "0.01"), x, y), b = Bilevel.hypergradient(p, name, Map.of("innerStep", "0.01"), x, y);
            assertArrayEquals(a.toArray(), b.toArray(), 0.0, name + " cold starts agree");
        }
        assertTrue(Bilevel.estimators().containsAll(List.of("aid-cg", "stocbio", "hoag", "rhg", "fo-itd", "one-step", "bda")));
    }

    @Test void warmStateCarriesTheLinearSystemSolution() {
        UserRidge p = new UserRidge(5, 30, 1, false, 3);
        Vec x = Vec.of(0.3, -0.2, 0.1, 0.5, -0.4), ys = p.innerSolution(x);
        Vec exact = p.exactHypergradient(x);
        Map<String, String> o = Map.of("innerSteps", "0", "linearSteps", "2");
        double cold = Vec.distance(Bilevel.hypergradient(p, "aid-cg", o, x, ys), exact);
        Bilevel.Warm warm = new Bilevel.Warm();
        double warmErr = 0;
        for (int i = 0; i < 10; i++) warmErr = Vec.distance(Bilevel.hypergradient(p, "aid-cg", o, x, ys, warm), exact);
        assertTrue(warmErr < 1e-6 * cold, "two CG steps, warm-started ten times: " + warmErr + " against cold " + cold);
        assertEquals(cold, Vec.distance(Bilevel.hypergradient(p, "aid-cg", o, x, ys), exact), 0.0, "cold stays cold");
    }

    @Test void aSolverWithoutEstimatorAndUnknownKeysAreReported() {
        UserRidge p = new UserRidge(5, 30, 1, false, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bilevel.hypergradient(p, "bvfim", Map.of(), p.initialX(), p.initialY()));
        assertTrue(e.getMessage().contains("estimators: aid-cg"), e.getMessage());
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> Bilevel.hypergradient(p, "aid-cg", Map.of("innerstep", "0.1"), p.initialX(), p.initialY()));
        assertTrue(k.getMessage().contains("unknown option innerstep") && k.getMessage().contains("innerStep"), k.getMessage());
    }

    /** Halves the outer loss, on every mini-batch too. */
    static final class HalfOuter extends ForwardingProblem {
        HalfOuter(BilevelProblem p) { super(p); }
        @Override protected BilevelProblem rewrap(BilevelProblem view) { return new HalfOuter(view); }
        @Override public double outerValue(Vec x, Vec y) { return 0.5 * super.outerValue(x, y); }
    }

    @Test void aForwardingProblemKeepsItsWrapperOnMiniBatches() {
        BilevelProblem q = Catalog.problem("quadratic", org.bilevel4j.solver.Options.empty(), 1);
        HalfOuter half = new HalfOuter(q);
        int[] o = {0, 1, 2}, i = {3, 4};
        BilevelProblem batch = half.batch(o, i);
        assertInstanceOf(HalfOuter.class, batch);
        Vec x = q.initialX(), y = Vec.constant(q.dimY(), 0.3);
        assertEquals(0.5 * q.batch(o, i).outerValue(x, y), batch.outerValue(x, y), 1e-15);
        assertEquals(q.batch(o, i).innerValue(x, y), batch.innerValue(x, y), 0.0);
        RunResult r = Bilevel.setup("quadratic", "stocbio", Map.of(), 1).run(StopRule.iterations(3)); // runs unchanged
        assertEquals(3, r.iterations());
    }
}
