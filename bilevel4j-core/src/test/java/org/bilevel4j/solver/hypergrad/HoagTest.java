package org.bilevel4j.solver.hypergrad;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class HoagTest {
    @Test void hoagReachesTheSolutionWithDefaultsAndTightensItsTolerance() {
        BilevelProblem p = Catalog.problem("quadratic", Options.empty(), 1);
        long k = 200;
        RunResult r = Runner.run(Catalog.solver("hoag", p, Options.empty(), 1), p, p.initialX(), p.initialY(),
                StopRule.iterations(k).withTraceEvery(10));
        List<TraceRow> rows = r.trace().rows();
        TraceRow first = rows.get(1), last = r.finalRow();
        double g10 = first.extras().get("innerGradNorm"), gEnd = last.extras().get("innerGradNorm");
        System.out.println("hoag distance after " + k + " iterations " + last.distanceToSolution() + ", inner gradient norm "
                + g10 + " -> " + gEnd + ", L " + last.extras().get("L"));
        assertTrue(last.distanceToSolution() <= 1e-4, "distance " + last.distanceToSolution());
        // the tolerance decreases (exponential by default: 0.01 · 0.9^k at step k = 0, 1, ...) and the inner problem follows
        assertEquals(0.01 * Math.pow(0.9, 9), first.extras().get("tolerance"), 1e-15);
        assertEquals(0.01 * Math.pow(0.9, k - 1), last.extras().get("tolerance"), 1e-20);
        double g0 = p.innerGradY(p.initialX(), p.initialY()).norm();
        assertTrue(g10 <= first.extras().get("tolerance") * g0 && gEnd <= last.extras().get("tolerance") * g0);
        assertTrue(gEnd < 1e-6 * g10, "inner gradient norm " + g10 + " -> " + gEnd);
        // the outer value HOAG's step needs is one counted oracle call per iteration
        assertEquals(k, r.oracles().get(Oracle.outerValue));
    }

    /**
     * innerStepRule=adaptive: the same solution within the same tolerance on `quadratic` (closed form x*), in fewer inner
     * gradient calls than the fixed 1/L steps (the bound L is above the curvature along the path), and gd's default is fixed.
     */
    @Test void adaptiveInnerStepsReachTheSameSolutionInFewerGradients() {
        BilevelProblem p = Catalog.problem("quadratic", Options.empty(), 1);
        long[] calls = new long[2];
        double[] distance = new double[2];
        String[] rules = {"fixed", "adaptive"};
        for (int i = 0; i < 2; i++) {
            RunResult r = Runner.run(Catalog.solver("hoag", p, new Options(Map.of("innerStepRule", rules[i])), 1), p, p.initialX(), p.initialY(),
                    StopRule.iterations(200));
            calls[i] = r.oracles().get(Oracle.innerGradY);
            distance[i] = r.finalRow().distanceToSolution();
        }
        assertTrue(distance[0] <= 1e-4 && distance[1] <= 1e-4, java.util.Arrays.toString(distance));
        assertTrue(calls[1] < 0.8 * calls[0], "inner gradient calls fixed " + calls[0] + ", adaptive " + calls[1]);
        RunResult byDefault = Runner.run(Catalog.solver("hoag", p, new Options(Map.of("innerSolver", "gd")), 1), p, p.initialX(), p.initialY(),
                StopRule.iterations(200));
        assertEquals(calls[0], byDefault.oracles().get(Oracle.innerGradY));
    }

    /**
     * innerSolver=lbfgs (fabianp/hoag's inner solver, the default on a convex inner problem): the same solution within the same tolerance on `quadratic`
     * (closed form x*) and the same outer value on `weightdecay`, in far fewer inner gradient calls than gradient steps; each
     * inner solve still stops at HOAG's tolerance; innerStepRule does not combine with it.
     */
    @Test void lbfgsInnerSolverReachesTheSameSolutionInFewerGradients() {
        BilevelProblem q = Catalog.problem("quadratic", Options.empty(), 1);
        RunResult gd = Runner.run(Catalog.solver("hoag", q, new Options(Map.of("innerSolver", "gd")), 1), q, q.initialX(), q.initialY(),
                StopRule.iterations(200));
        RunResult lb = Runner.run(Catalog.solver("hoag", q, Options.empty(), 1), q, q.initialX(), q.initialY(), StopRule.iterations(200).withTraceEvery(20));
        assertTrue(lb.finalRow().distanceToSolution() <= 1e-6, "distance " + lb.finalRow().distanceToSolution());
        assertTrue(lb.oracles().get(Oracle.innerGradY) < 0.5 * gd.oracles().get(Oracle.innerGradY),
                "inner gradient calls gd " + gd.oracles().get(Oracle.innerGradY) + ", lbfgs " + lb.oracles().get(Oracle.innerGradY));
        double g0 = q.innerGradY(q.initialX(), q.initialY()).norm();
        for (TraceRow row : lb.trace().rows())
            if (row.extras().containsKey("tolerance"))
                assertTrue(row.extras().get("innerGradNorm") <= row.extras().get("tolerance") * g0, "iteration " + row.iteration());

        BilevelProblem w = Catalog.problem("weightdecay", new Options(Map.of("samples", "400", "features", "12")), 1);
        // the inexact inner solutions differ, so the paths do; after 100 iterations both have converged to the same value
        RunResult wgd = Runner.run(Catalog.solver("hoag", w, new Options(Map.of("innerStepRule", "adaptive")), 1), w, w.initialX(), w.initialY(),
                StopRule.iterations(100));
        RunResult wlb = Runner.run(Catalog.solver("hoag", w, new Options(Map.of("innerSolver", "lbfgs")), 1), w, w.initialX(), w.initialY(),
                StopRule.iterations(100));
        assertEquals(wgd.finalRow().outerValue(), wlb.finalRow().outerValue(), 1e-3 * Math.abs(wgd.finalRow().outerValue()));
        assertTrue(wlb.oracles().get(Oracle.innerGradY) < 0.5 * wgd.oracles().get(Oracle.innerGradY),
                "weightdecay inner gradient calls adaptive gd " + wgd.oracles().get(Oracle.innerGradY) + ", lbfgs " + wlb.oracles().get(Oracle.innerGradY));
        assertThrows(IllegalArgumentException.class, () -> Catalog.solver("hoag", q, new Options(Map.of("innerSolver", "lbfgs", "innerStepRule", "adaptive")), 1));
    }

    /**
     * HOAG's step on hyper-cleaning with L-BFGS inside. L-BFGS overshoots each inner tolerance, so for several outer steps y
     * does not move, and the hypergradient then changes with x only through σ'(x). Taken as a secant, that collapsed L to
     * 1e-15 within four steps (10 L_s): x jumped to saturated weights and the outer value stalled at 1.44974 from
     * iteration 20 (1.2549 on the default 1000 × 100 set against gradient steps' 1.2482). The secant now waits for y to
     * move: 1.44413 at iteration 100 (gradient steps 1.44412, in 17× the time).
     */
    @Test void lbfgsInsideDoesNotCollapseTheOuterStep() {
        BilevelProblem p = Catalog.problem("hyperclean", new Options(Map.of("trainSize", "300", "valSize", "300", "testSize", "300",
                "features", "20")), 0);
        RunResult r = Runner.run(Catalog.solver("hoag", p, Options.empty(), 0), p, p.initialX(), p.initialY(),
                StopRule.iterations(100).withTraceEvery(10));
        assertTrue(r.finalRow().outerValue() <= 1.4450, "outer value " + r.finalRow().outerValue() + " (stalled: 1.44974)");
        for (TraceRow row : r.trace().rows())
            if (row.iteration() > 0) assertTrue(row.extras().get("L") > 1e-9, "iteration " + row.iteration() + ": L " + row.extras().get("L"));
    }

    /** InnerLbfgs alone: from far away on a strongly convex inner problem, to a tolerance near round-off, in few iterations. */
    @Test void innerLbfgsMinimizesTheInnerProblem() {
        BilevelProblem q = Catalog.problem("quadratic", new Options(Map.of("condition", "1000")), 2);
        Vec x = Vec.constant(q.dimX(), 0.3), y = Vec.constant(q.dimY(), 50), g = q.innerGradY(x, y);
        CountingProblem counted = new CountingProblem(q);
        int k = InnerLbfgs.run(counted, x, y, g, 1e-10 * g.norm(), 10000, 1 / q.innerLipschitz());
        double g0 = q.innerGradY(x, Vec.constant(q.dimY(), 50)).norm();
        assertTrue(g.norm() <= 1e-10 * g0, "stopped at " + g.norm() / g0 + " of the initial gradient");
        // strong convexity: ‖y − y*‖ ≤ ‖∇G(y)‖ / μ
        assertTrue(Vec.distance(y, q.innerSolution(x)) <= 1.0001 * g.norm() / q.innerStrongConvexity() + 1e-12,
                "distance " + Vec.distance(y, q.innerSolution(x)) + ", bound " + g.norm() / q.innerStrongConvexity());
        assertEquals(q.innerGradY(x, y).norm(), g.norm(), 1e-12, "g is the gradient at the returned y");
        assertTrue(k < 1000, "iterations " + k + " (gradient descent needs about condition · log(1/tol) = 23000)");
        assertEquals(0, InnerLbfgs.run(counted, x, y, g, 1, 10, 0.1), "already within the tolerance: no step");
        // a tolerance of 0 is below round-off: the solve stops there instead of running to its cap
        long before = counted.counts().get(org.bilevel4j.problem.Oracle.innerGradY);
        int atZero = InnerLbfgs.run(counted, x, y, g, 0, 100000, 1 / q.innerLipschitz());
        long used = counted.counts().get(org.bilevel4j.problem.Oracle.innerGradY) - before;
        assertTrue(atZero < 1000 && used < 20000, "iterations " + atZero + ", gradient calls " + used);
        assertTrue(Vec.distance(y, q.innerSolution(x)) <= 1e-9 * (1 + q.innerSolution(x).norm()), "at round-off: " + Vec.distance(y, q.innerSolution(x)));
    }

    @Test void innerLoopStopsAtTheToleranceAndRespectsTheCap() {
        BilevelProblem p = Catalog.problem("quadratic", Options.empty(), 1);
        HypergradientDescent s = (HypergradientDescent) Catalog.solver("hoag", p, Options.empty(), 1);
        HypergradientDescent.State st = s.init(new CountingProblem(p), p.initialX(), p.initialY());
        double g0 = p.innerGradY(p.initialX(), p.initialY()).norm();
        s.step(st);
        double g1 = p.innerGradY(Vec.zeros(10), st.y).norm(); // the inner problem at x0 = 0
        assertTrue(g1 <= 0.01 * g0, "stopped at " + g1 / g0 + " of the initial norm, tolerance 0.01");
        assertTrue(st.extras.get("innerSteps") > 0);

        HypergradientDescent capped = (HypergradientDescent) Catalog.solver("hoag", p, new Options(Map.of("maxInnerSteps", "3")), 1);
        CountingProblem counted = new CountingProblem(p);
        HypergradientDescent.State cs = capped.init(counted, p.initialX(), p.initialY());
        capped.step(cs);
        assertEquals(3.0, cs.extras.get("innerSteps"));
        assertEquals(4, counted.counts().get(Oracle.innerGradY), "three steps plus the final check");
    }

    @Test void toleranceSchedulesFollowTheCode() {
        ToleranceSchedule q = new ToleranceSchedule("quadratic", 0.01, 0.9), c = new ToleranceSchedule("cubic", 0.01, 0.9),
                e = new ToleranceSchedule("exponential", 0.01, 0.9);
        // fabianp/hoag: iteration it = k + 1 uses eps0 at it = 1 and eps0 / (it − 1)^p afterwards
        assertEquals(0.01, q.at(0));
        assertEquals(0.01, q.at(1));
        assertEquals(0.01 / 4, q.at(2), 1e-18);
        assertEquals(0.01 / 100, q.at(10), 1e-18);
        assertEquals(0.01 / 1000, c.at(10), 1e-18);
        assertEquals(0.01 * 0.9 * 0.9 * 0.9, e.at(3), 1e-18);
        assertEquals(1e-12, e.at(10_000));
        assertEquals(1e-12, c.at(1_000_000));
        var err = assertThrows(IllegalArgumentException.class, () -> new ToleranceSchedule("linear", 0.01, 0.9));
        assertTrue(err.getMessage().contains("quadratic, cubic, exponential"));
    }

    /** The adaptive L on a scripted sequence of outer values (dim x = 2). */
    @Test void adaptiveStepShrinksOnSufficientDecreaseAndDoublesOnIncrease() {
        Deque<Double> values = new ArrayDeque<>(List.of(1.0, 0.5, 0.6, 0.59, 0.2));
        BilevelProblem scripted = scripted(values);
        HoagStep step = new HoagStep();
        HypergradientDescent.State s = new HypergradientDescent.State(scripted, Vec.of(0, 0), Vec.of(0), 1);
        step.init(s);
        Vec g = Vec.of(3, 4); // ||g|| = 5
        step.apply(s, g);     // L0 = ||g|| · dim x = 10, x = −g / 10
        assertEquals(10, s.extras.get("L"));
        assertEquals(0, Vec.distance(s.x, Vec.of(-0.3, -0.4)), 1e-15);
        step.apply(s, g);     // 0.5 ≤ 1 − (10/2) · 0.5² = −0.25? no; 0.5 ≤ 1: keep L
        assertEquals(10, s.extras.get("L"));
        step.apply(s, g);     // 0.6 > 0.5: the outer value increased, L doubles
        assertEquals(20, s.extras.get("L"));
        step.apply(s, Vec.of(0.3, 0.4)); // step length was 5/20 = 0.25: 0.59 ≤ 0.6 − 10 · 0.0625? no; 0.59 ≤ 0.6: keep
        assertEquals(20, s.extras.get("L"));
        step.apply(s, g);     // step length was 0.5/20 = 0.025: 0.2 ≤ 0.59 − 10 · 0.025²: sufficient decrease, L ← 0.95 L = 19;
        // but the hypergradient changed by ||(3, 4) − (0.3, 0.4)|| = 4.5 over that step: the secant L_s = 180 lifts L to L_s / 4
        assertEquals(180, s.extras.get("Lsecant"), 1e-9);
        assertEquals(45, s.extras.get("L"), 1e-9);
        // tolerance slack: with eps in extras a small increase within the slack counts as sufficient decrease
        Deque<Double> v2 = new ArrayDeque<>(List.of(1.0, 1.001));
        HypergradientDescent.State s2 = new HypergradientDescent.State(scripted(v2), Vec.of(0, 0), Vec.of(0), 1);
        step.init(s2);
        s2.extras.put("tolerance", 0.01);
        step.apply(s2, Vec.of(1e-4, 0)); // ||g|| ≤ 1e-3: L0 = 1
        assertEquals(1, s2.extras.get("L"));
        step.apply(s2, Vec.of(1e-4, 0)); // 1.001 − 0.01 ≤ 1 + 0.01 + 0.01 · 1e-4 − ½ · 1e-8
        assertEquals(0.95, s2.extras.get("L"), 1e-15);
    }

    /**
     * A user problem whose outer value carries noise of 1e-3 relative (as an inexact evaluation does) and whose losses
     * are sums scaled by 1000: before the secant bound, HOAG doubled L on every noisy "increase" and L ran to 8.5e18
     * in 400 steps (x frozen); now L stays within 10 times the secant estimate and x keeps moving.
     */
    static final double NOISE = 1e-3;
    @Test void noiseInTheOuterValueDoesNotFreezeX() {
        org.bilevel4j.testing.UserRidge ridge = new org.bilevel4j.testing.UserRidge(5, 30, 1000, false, 3);
        BilevelProblem noisy = new org.bilevel4j.problem.ForwardingProblem(ridge) {
            @Override protected BilevelProblem rewrap(BilevelProblem view) { return view; }
            @Override public double outerValue(Vec x, Vec y) {
                double f = super.outerValue(x, y);
                return f * (1 + NOISE * Math.sin(1e6 * x.toArray()[0] + 1e5 * y.toArray()[1])); // deterministic noise
            }
        };
        Vec x0 = Vec.constant(5, 1);
        double g0 = ridge.exactHypergradient(x0).norm();
        RunResult r = Runner.run(Catalog.solver("hoag", noisy, new Options(Map.of("innerStep", "1.25e-5")), 1), noisy, x0,
                ridge.initialY(), StopRule.iterations(400).withTraceEvery(50));
        double ratio = ridge.exactHypergradient(r.x()).norm() / g0, l = r.finalRow().extras().get("L");
        System.out.println("hoag with a noisy outer value: ||grad Phi|| at " + ratio + " of its start, L = " + l);
        assertTrue(l < 1e5, "L " + l);
        assertTrue(ratio < 0.5, "||∇Φ|| fell only to " + ratio + " of its start");
    }

    @Test void projectsOntoTheBox() {
        Deque<Double> values = new ArrayDeque<>(List.of(1.0));
        BilevelProblem boxed = new Scripted(values) {
            @Override public org.bilevel4j.problem.Box bounds() { return org.bilevel4j.problem.Box.uniform(2, -0.1, 0.1); }
        };
        HoagStep step = new HoagStep();
        HypergradientDescent.State s = new HypergradientDescent.State(boxed, Vec.of(0, 0), Vec.of(0), 1);
        step.init(s);
        step.apply(s, Vec.of(3, -4)); // x = (−0.3, 0.4) before projection
        assertEquals(0, Vec.distance(s.x, Vec.of(-0.1, 0.1)));
    }

    static BilevelProblem scripted(Deque<Double> values) { return new Scripted(values); }

    /** Outer values from a script; the step needs nothing else. */
    static class Scripted implements BilevelProblem {
        final Deque<Double> values;

        Scripted(Deque<Double> values) { this.values = values; }

        @Override public String name() { return "scripted"; }
        @Override public int dimX() { return 2; }
        @Override public int dimY() { return 1; }
        @Override public double outerValue(Vec x, Vec y) { return values.removeFirst(); }
        @Override public double innerValue(Vec x, Vec y) { throw new UnsupportedOperationException(); }
        @Override public Vec outerGradX(Vec x, Vec y) { throw new UnsupportedOperationException(); }
        @Override public Vec outerGradY(Vec x, Vec y) { throw new UnsupportedOperationException(); }
        @Override public Vec innerGradX(Vec x, Vec y) { throw new UnsupportedOperationException(); }
        @Override public Vec innerGradY(Vec x, Vec y) { throw new UnsupportedOperationException(); }
    }
}
