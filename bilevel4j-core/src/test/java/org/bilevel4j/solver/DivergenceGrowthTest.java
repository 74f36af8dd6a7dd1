package org.bilevel4j.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.testing.UserRidge;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** Divergence is growth by orders of magnitude, not only NaN; growth a method or a task has by design is not. */
class DivergenceGrowthTest {
    static final BilevelProblem Q = Catalog.problem("quadratic", Options.empty(), 1);

    @Test void anOuterStepFarTooLargeStopsTheRunWhileEverythingIsStillFinite() {
        Solver<?> aid = Catalog.solver("aid-cg", Q, new Options(Map.of("outerStep", "100")), 1);
        DivergedException e = assertThrows(DivergedException.class,
                () -> Runner.run(aid, Q, Q.initialX(), Q.initialY(), StopRule.iterations(500)));
        assertTrue(e.getMessage().contains("grew from norm") || e.getMessage().contains("rose from"), e.getMessage());
        RunResult partial = e.partial();
        // caught by growth, before any NaN: the last good iterate is within the growth limit, not absurd
        assertTrue(partial.x().norm() <= StopRule.DEFAULT_GROWTH * (1 + Q.initialX().norm()), "last good x " + partial.x().norm());
        assertTrue(Double.isFinite(partial.finalRow().outerValue()));
        assertTrue(e.iteration() < 100, "caught early, at iteration " + e.iteration());
        // with growth detection off the same run goes on to NaN / infinity later
        DivergedException late = assertThrows(DivergedException.class, () -> Runner.run(Catalog.solver("aid-cg", Q,
                new Options(Map.of("outerStep", "100")), 1), Q, Q.initialX(), Q.initialY(), StopRule.iterations(5000).withDivergenceGrowth(Double.POSITIVE_INFINITY)));
        assertTrue(late.getMessage().contains("NaN or infinite"), late.getMessage());
        assertTrue(late.iteration() > e.iteration());
    }

    @Test void anInnerStepTooLargeIsReportedAsTheInnerVariableGrowing() {
        // a user problem with losses written as sums: the inner Hessian's largest eigenvalue is about 60, so a step of 0.1 diverges
        UserRidge p = new UserRidge(5, 30, 1, false, 3);
        Solver<?> aid = Catalog.solver("aid-cg", p, new Options(Map.of("innerStep", "0.1", "outerStep", "0.001")), 1);
        DivergedException e = assertThrows(DivergedException.class, () -> Runner.run(aid, p, p.initialX(), p.initialY(), StopRule.iterations(50)));
        assertEquals("y (inner variable)", e.quantity(), e.getMessage());
        assertTrue(e.getMessage().contains("grew from norm"), e.getMessage());
        assertTrue(e.partial().y().isFinite());
    }

    @Test void anOuterValueRisingByOrdersOfMagnitudeIsDivergenceButFallingIsNot() {
        // Φ(x) = −e^x on the box [−30, 30] (y*(x) = x, F = −e^y): minimizing runs Φ down to −1e13, by design
        BilevelProblem down = new Exponential(-1);
        RunResult r = Runner.run(Catalog.solver("aid-cg", down, new Options(Map.of("innerStep", "1", "outerStep", "1")), 1), down,
                Vec.of(0), Vec.of(0), StopRule.iterations(200));
        assertEquals("max-iterations", r.status());
        assertTrue(r.finalRow().outerValue() < -1e12, "outer value " + r.finalRow().outerValue());
        // the same values with the sign turned: F rises from 1 to 1e13 while x walks up the box
        BilevelProblem up = new Exponential(1);
        Solver<SolverState> climb = new Solver<>() {
            @Override public String name() { return "climb"; }
            @Override public SolverState init(BilevelProblem p, Vec x0, Vec y0) { return new SolverState(p, x0.copy(), y0.copy()); }
            @Override public void step(SolverState s) { s.x.axpy(1, Vec.of(1)); s.y.assign(s.x); }
        };
        DivergedException e = assertThrows(DivergedException.class, () -> Runner.run(climb, up, Vec.of(0), Vec.of(0), StopRule.iterations(40)));
        assertEquals("outer value", e.quantity());
        assertEquals(15, e.iteration(), "e^15 − 1 > 1e6 · 2 first at x = 15: " + e.getMessage());
        assertEquals(14, e.partial().trace().last().iteration());
    }

    @Test void multipliersThatTheScheduleRaisesAreNotDivergence() {
        // MinimaxOPT's alpha doubles every stage: 100-iteration stages reach alpha = 512 in 1000 iterations
        for (String[] solverAndExtra : new String[][] {{"f2sa", "lambda", ""}, {"minimaxopt", "alpha", "100"}}) {
            Options o = solverAndExtra[2].isEmpty() ? Options.empty() : new Options(Map.of("stageLength", solverAndExtra[2]));
            RunResult r = Runner.run(Catalog.solver(solverAndExtra[0], Q, o, 1), Q, Q.initialX(), Q.initialY(),
                    StopRule.iterations(1000).withTraceEvery(100));
            double first = r.trace().rows().get(0).extras().getOrDefault(solverAndExtra[1], r.trace().rows().get(1).extras().get(solverAndExtra[1]));
            double last = r.finalRow().extras().get(solverAndExtra[1]);
            assertTrue(last > 5 * first, solverAndExtra[0] + " " + solverAndExtra[1] + " " + first + " -> " + last);
            assertEquals("max-iterations", r.status());
        }
        BilevelProblem sparse = Catalog.problem("sparse-regression", new Options(Map.of("dataset", "orthogonal")), 1);
        // SPNBO doubles beta (from beta1 = 10) whenever a stage's constraint tests fail; uncapped here
        RunResult r = Runner.run(Catalog.solver("spnbo", sparse, new Options(Map.of("betaMax", "1e12", "preset", "sparse-regression")), 1), sparse, sparse.initialX(),
                sparse.initialY(), StopRule.iterations(2000).withTraceEvery(100));
        double last = r.finalRow().extras().get("beta");
        assertTrue(last >= 100, "spnbo beta 10 -> " + last);
        assertEquals("max-iterations", r.status());
    }

    @Test void poisonsUnboundedNegativeCrossEntropyIsNotDivergence() {
        BilevelProblem poison = Catalog.problem("poison", new Options(Map.of("dataset", "synthetic", "trainSize", "60", "valSize", "60",
                "testSize", "30", "features", "4", "classes", "3", "poisonPoints", "3")), 5);
        RunResult r = Runner.run(Catalog.solver("penalty", poison, Options.empty(), 5), poison, poison.initialX(), poison.initialY(),
                StopRule.iterations(300).withTraceEvery(50));
        assertEquals("max-iterations", r.status());
        assertTrue(r.finalRow().outerValue() < r.trace().rows().get(0).outerValue(), "poisoning raises the validation loss");
    }

    /** x, y in R¹, x ∈ [−30, 30]: G = ½ (y − x)², F = sign · e^y; y*(x) = x. */
    record Exponential(double sign) implements BilevelProblem {
        @Override public String name() { return "exponential"; }
        @Override public int dimX() { return 1; }
        @Override public int dimY() { return 1; }
        @Override public Box bounds() { return Box.uniform(1, -30, 30); }
        @Override public double outerValue(Vec x, Vec y) { return sign * Math.exp(y.toArray()[0]); }
        @Override public double innerValue(Vec x, Vec y) { return 0.5 * Math.pow(y.toArray()[0] - x.toArray()[0], 2); }
        @Override public Vec outerGradX(Vec x, Vec y) { return Vec.of(0); }
        @Override public Vec outerGradY(Vec x, Vec y) { return Vec.of(sign * Math.exp(y.toArray()[0])); }
        @Override public Vec innerGradX(Vec x, Vec y) { return Vec.of(x.toArray()[0] - y.toArray()[0]); }
        @Override public Vec innerGradY(Vec x, Vec y) { return Vec.of(y.toArray()[0] - x.toArray()[0]); }
        @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return v.copy(); }
        @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return v.copy().scale(-1); }
        @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) { return u.copy().scale(-1); }
    }
}
