package org.bilevel4j.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class RunnerTest {
    static final Quadratic Q = new Quadratic(new Quadratic.Spec(4, 12, 16, 8, 100, 10, 0.5, 7));
    static final Quadratic Q1 = new Quadratic(new Quadratic.Spec(1, 3, 4, 4, 10, 1, 0.5, 7));

    /** x, y ← x/2, y/2 after one inner-gradient and one outer-gradient call (two oracle calls per step). */
    static final class Halving implements Solver<SolverState> {
        final long sleepMillis;

        Halving(long sleepMillis) { this.sleepMillis = sleepMillis; }

        @Override public String name() { return "halving"; }

        @Override public SolverState init(BilevelProblem p, Vec x0, Vec y0) { return new SolverState(p, x0.copy(), y0.copy()); }

        @Override public void step(SolverState s) {
            s.problem.innerGradY(s.x, s.y);
            s.problem.outerGradX(s.x, s.y);
            s.x.scale(0.5);
            s.y.scale(0.5);
            if (sleepMillis > 0) sleep(sleepMillis);
        }
    }

    /** A solver whose inner iterate becomes NaN during step number {@code badStep} (1-based). */
    record NaNInY<S extends SolverState>(Solver<S> inner, long badStep) implements Solver<S> {
        @Override public String name() { return inner.name(); }
        @Override public S init(BilevelProblem p, Vec x0, Vec y0) { return inner.init(p, x0, y0); }
        @Override public void step(S s) {
            inner.step(s);
            if (s.iteration + 1 == badStep) s.y.fill(Double.NaN); // Runner counts the step after it returns
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static RunResult halving(StopRule stop) { return Runner.run(new Halving(0), Q1, Vec.of(1), Vec.zeros(3), stop); }

    static List<Long> rowIterations(RunResult r) { return r.trace().rows().stream().map(TraceRow::iteration).toList(); }

    /** --trace-every auto: every iteration to 100, then every 10th to 1000, every 100th to 10⁴, ..., and the last. */
    @Test void logSpacedRowsFallAtTheSameIterationsEveryTime() {
        List<Long> expected = new java.util.ArrayList<>();
        for (long k = 0; k <= 100; k++) expected.add(k);
        for (long k = 110; k <= 1000; k += 10) expected.add(k);
        for (long k = 1100; k <= 2300; k += 100) expected.add(k);
        expected.add(2345L);
        assertEquals(expected, rowIterations(halving(StopRule.iterations(2345).withTraceEvery(StopRule.LOG_SPACED))));
        StopRule log = StopRule.iterations(1).withTraceEvery(StopRule.LOG_SPACED), seven = StopRule.iterations(1).withTraceEvery(7);
        int rows = 0;
        for (long k = 0; k <= 200_000; k++) if (log.traces(k)) rows++;
        assertEquals(101 + 90 + 90 + 90 + 10, rows, "rows to 2·10⁵");
        for (StopRule s : List.of(log, seven)) {
            long next = 210_000; // traced by both; below it, nextTraced(k) is the first traced iteration at or after k, by a scan
            assertTrue(s.traces(next));
            for (long k = next; k >= 0; k--) {
                if (s.traces(k)) next = k;
                assertEquals(next, s.nextTraced(k), s.cadence() + " at " + k);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> StopRule.iterations(1).withTraceEvery(-1));
    }

    @Test void stopsAfterTheIterationsAndRecordsEveryTraceEveryRows() {
        RunResult r = halving(StopRule.iterations(7));
        assertEquals("max-iterations", r.status());
        assertEquals(7, r.iterations());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), rowIterations(r));
        assertEquals(Math.pow(0.5, 7), r.x().toArray()[0]);
        assertEquals(List.of(0L, 3L, 6L, 9L, 10L), rowIterations(halving(StopRule.iterations(10).withTraceEvery(3))));
        assertEquals(List.of(0L, 3L, 6L, 9L), rowIterations(halving(StopRule.iterations(9).withTraceEvery(3))));
        RunResult none = halving(StopRule.iterations(0));
        assertEquals(0, none.iterations());
        assertEquals(List.of(0L), rowIterations(none));
        assertEquals(1.0, none.x().toArray()[0]);
    }

    @Test void stopsOnTheOracleBudget() {
        RunResult r = halving(StopRule.iterations(1000).withMaxOracleCalls(11));
        assertEquals("oracle-budget", r.status());
        assertEquals(6, r.iterations(), "two calls per step: 10 calls after 5 steps are under the budget, 12 after 6 are not");
        assertEquals(12, r.oracles().total());
        assertEquals(12L, r.finalRow().oracles().get("innerGradY") + r.finalRow().oracles().get("outerGradX"));
    }

    @Test void stopsOnTheTimeBudget() {
        RunResult r = Runner.run(new Halving(1), Q1, Vec.of(1), Vec.zeros(3), StopRule.iterations(1000).withMaxSeconds(1e-6));
        assertEquals("time-budget", r.status());
        assertEquals(1, r.iterations());
        // the iteration limit is checked first
        RunResult one = Runner.run(new Halving(1), Q1, Vec.of(1), Vec.zeros(3), StopRule.iterations(1).withMaxSeconds(1e-6));
        assertEquals("max-iterations", one.status());
    }

    @Test void aToleranceStopNeedsAStopQuantity() {
        // halving reports no hypergradient or search direction: its steps shrinking is not convergence (StopQuantityTest)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> halving(StopRule.iterations(1000).withTolerance(1e-3).withTraceEvery(100)));
        assertTrue(e.getMessage().contains("no stop quantity"), e.getMessage());
    }

    @Test void wallSecondsCountSolverStepsButNotTraceEvaluation() {
        int steps = 5, traceMillis = 40, stepMillis = 3;
        BilevelProblem slowMetrics = new Delegating(Q1) {
            @Override public Map<String, Double> metrics(Vec x, Vec y) {
                sleep(traceMillis);
                return Map.of("slow", 1.0);
            }
        };
        long t0 = System.nanoTime();
        RunResult r = Runner.run(new Halving(stepMillis), slowMetrics, Vec.of(1), Vec.zeros(3), StopRule.iterations(steps));
        double elapsed = (System.nanoTime() - t0) * 1e-9;
        int rows = r.trace().size();
        assertEquals(steps + 1, rows);
        assertTrue(r.wallSeconds() >= steps * stepMillis * 1e-3, "steps sleep " + stepMillis + " ms each: " + r.wallSeconds());
        assertTrue(r.wallSeconds() <= elapsed - rows * traceMillis * 1e-3,
                "trace evaluation must not count: wall " + r.wallSeconds() + " s of " + elapsed + " s");
        assertEquals(r.wallSeconds(), r.finalRow().seconds());
        double prev = -1;
        long prevCalls = -1;
        for (TraceRow row : r.trace().rows()) {
            assertTrue(row.seconds() >= prev && Double.isFinite(row.seconds()));
            long calls = row.oracles().values().stream().mapToLong(Long::longValue).sum();
            assertTrue(calls >= prevCalls);
            assertEquals(1.0, row.metrics().get("slow"));
            prev = row.seconds();
            prevCalls = calls;
        }
        assertEquals(2L * steps, r.oracles().total(), "trace evaluation is not counted");
    }

    @Test void aNaNInnerIterateStopsTheRunKeepingTheLastGoodIterate() {
        Solver<?> aid = Catalog.solver("aid-cg", Q, Options.empty(), 1);
        List<String> events = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override public void onRow(TraceRow row, SolverState state) { events.add("row " + row.iteration()); }
            @Override public void onEnd(RunResult result) { events.add("end " + result.status()); }
        };
        DivergedException e = assertThrows(DivergedException.class, () -> Runner.run(new NaNInY<>(aid, 5), Q, Q.initialX(), Q.initialY(),
                StopRule.iterations(20), List.of(listener)));
        assertEquals(5, e.iteration());
        assertEquals("y (inner variable)", e.quantity());
        assertTrue(e.getMessage().contains("iteration 5") && e.getMessage().contains("y (inner variable)"), e.getMessage());
        assertTrue(e.getMessage().contains("last good iterate (iteration 4)"), e.getMessage());
        RunResult partial = e.partial();
        assertEquals("diverged", partial.status());
        assertTrue(partial.message().contains("iteration 5") && partial.message().contains("y (inner variable)"));
        assertEquals(4, partial.iterations());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), rowIterations(partial));
        assertTrue(partial.x().isFinite() && partial.y().isFinite());
        // the last good iterate is exactly the state after four clean steps
        RunResult clean = Runner.run(Catalog.solver("aid-cg", Q, Options.empty(), 1), Q, Q.initialX(), Q.initialY(), StopRule.iterations(4));
        assertEquals(0, Vec.distance(partial.x(), clean.x()));
        assertEquals(0, Vec.distance(partial.y(), clean.y()));
        assertEquals(clean.finalRow().outerValue(), partial.finalRow().outerValue());
        assertEquals(List.of("row 0", "row 1", "row 2", "row 3", "row 4", "end diverged"), events);
    }

    @Test void aNaNOracleValueIsReportedByTheQuantityItReached() {
        // ∇_y F turns NaN at its third call: the third hypergradient is NaN
        BilevelProblem bad = new Delegating(Q) {
            int calls;

            @Override public Vec outerGradY(Vec x, Vec y) {
                Vec g = super.outerGradY(x, y);
                return ++calls >= 3 ? g.fill(Double.NaN) : g;
            }
        };
        DivergedException e = assertThrows(DivergedException.class,
                () -> Runner.run(Catalog.solver("aid-cg", Q, Options.empty(), 1), bad, Q.initialX(), Q.initialY(), StopRule.iterations(10)));
        assertEquals(3, e.iteration());
        assertEquals("hypergradient", e.quantity());
        assertEquals(2, e.partial().iterations());
        assertEquals(3, e.partial().trace().size());
        assertTrue(e.partial().x().isFinite());
        assertEquals(3, e.partial().oracles().get(Oracle.outerGradY), "the oracle calls of the failed step are counted");
    }

    @Test void anOverflowingOuterValueIsNotKeptAsTheLastTraceRow() {
        // x grows by 1e200 per step: finite for one step, then F(x, y) overflows although x itself is finite
        Solver<SolverState> blowUp = new Solver<>() {
            @Override public String name() { return "blow-up"; }
            @Override public SolverState init(BilevelProblem p, Vec x0, Vec y0) { return new SolverState(p, x0.copy(), y0.copy()); }
            @Override public void step(SolverState s) { s.x.fill(s.iteration < 2 ? 1 : 1e200); }
        };
        Quadratic q = new Quadratic(Quadratic.Spec.defaults(3));
        DivergedException e = assertThrows(DivergedException.class,
                () -> Runner.run(blowUp, q, q.initialX(), q.initialY(), StopRule.iterations(10).withDivergenceGrowth(Double.POSITIVE_INFINITY)));
        assertEquals("outer value", e.quantity());
        assertEquals(3, e.iteration());
        RunResult partial = e.partial();
        assertEquals(2, partial.iterations());
        assertEquals(List.of(0L, 1L, 2L), rowIterations(partial));
        assertTrue(Double.isFinite(partial.finalRow().outerValue()));
        assertEquals(2, partial.finalRow().iteration());
    }

    @Test void badStartingPointsAreRejected() {
        var nan = assertThrows(IllegalArgumentException.class, () -> halving0(Vec.of(Double.NaN), Vec.zeros(3)));
        assertTrue(nan.getMessage().contains("x0"));
        var dim = assertThrows(IllegalArgumentException.class, () -> halving0(Vec.of(1), Vec.zeros(4)));
        assertTrue(dim.getMessage().contains("y0") && dim.getMessage().contains("3"), dim.getMessage());
    }

    static RunResult halving0(Vec x0, Vec y0) { return Runner.run(new Halving(0), Q1, x0, y0, StopRule.iterations(1)); }

    /** Forwards every oracle to a problem; tests override one. */
    static class Delegating implements BilevelProblem {
        final BilevelProblem p;

        Delegating(BilevelProblem p) { this.p = p; }

        @Override public String name() { return p.name(); }
        @Override public int dimX() { return p.dimX(); }
        @Override public int dimY() { return p.dimY(); }
        @Override public double outerValue(Vec x, Vec y) { return p.outerValue(x, y); }
        @Override public double innerValue(Vec x, Vec y) { return p.innerValue(x, y); }
        @Override public Vec outerGradX(Vec x, Vec y) { return p.outerGradX(x, y); }
        @Override public Vec outerGradY(Vec x, Vec y) { return p.outerGradY(x, y); }
        @Override public Vec innerGradX(Vec x, Vec y) { return p.innerGradX(x, y); }
        @Override public Vec innerGradY(Vec x, Vec y) { return p.innerGradY(x, y); }
        @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return p.innerHvpYY(x, y, v); }
        @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return p.innerCrossXY(x, y, v); }
        @Override public Vec solutionX() { return p.solutionX(); }
        @Override public Vec exactHypergradient(Vec x) { return p.exactHypergradient(x); }
        @Override public double innerLipschitz() { return p.innerLipschitz(); }
        @Override public double hypergradLipschitz() { return p.hypergradLipschitz(); }
    }
}
