package org.bilevel4j.solver.hessfree;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problems.MinimaxExample;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class MinimaxOptTest {
    static final Quadratic Q = (Quadratic) Catalog.problem("quadratic", Options.empty(), 1);

    /** Algorithm 1 with default options tracks the closed-form x*_α at the end of every stage (§2.6). */
    @Test void tracksTheMinimaxSolutionStageByStage() {
        MinimaxExample p = (MinimaxExample) Catalog.problem("minimax-example", Options.empty(), 1);
        MinimaxOpt s = (MinimaxOpt) Catalog.solver("minimaxopt", p, new Options(Map.of("preset", "paper")), 1);
        int stages = 10, t = (int) s.settings().stageLength();
        RunResult r = Runner.run(s, p, p.initialX(), p.initialY(), StopRule.iterations((long) stages * t).withTraceEvery(t));
        for (TraceRow row : r.trace().rows())
            if (row.iteration() > 0) assertEquals(Math.pow(2, row.iteration() / t - 1), row.extras().get("alpha"), 0, "alpha doubles per stage");
        double xs = Vec.array(p.solutionX())[0];
        // the rows hold no x: re-run stage by stage to read x at every stage end
        MinimaxOptState st = s.init(new CountingProblem(p), p.initialX(), p.initialY());
        for (int k = 0; k < stages; k++) {
            for (int i = 0; i < t; i++) { s.step(st); st.iteration++; }
            double xa = p.minimaxSolutionX(st.alpha);
            assertEquals(xa, Vec.array(st.x)[0], 1e-3, "stage " + k + " alpha " + st.alpha);
        }
        assertEquals(512, st.alpha, 0);
        assertEquals(xs, Vec.array(st.x)[0], 1e-3);
        assertEquals(Vec.array(r.x())[0], Vec.array(st.x)[0], 0, "deterministic");
    }

    @Test void reachesTheQuadraticSolution() {
        RunResult r = Runner.run(Catalog.solver("minimaxopt", Q, new Options(Map.of("preset", "paper")), 1), Q, Q.initialX(), Q.initialY(),
                StopRule.iterations(6000).withTraceEvery(1000));
        System.out.println("minimaxopt quadratic distance " + r.finalRow().distanceToSolution());
        assertTrue(r.finalRow().distanceToSolution() <= 1e-3, "distance " + r.finalRow().distanceToSolution());
        assertEquals(0, r.oracles().get(Oracle.innerHvp) + r.oracles().get(Oracle.innerCross));
    }

    @Test void stochasticReachesTheQuadraticSolution() {
        RunResult r = Runner.run(Catalog.solver("minimaxopt-sgd", Q, Options.empty(), 1), Q, Q.initialX(), Q.initialY(),
                StopRule.iterations(10000).withTraceEvery(1000));
        System.out.println("minimaxopt-sgd quadratic distance " + r.finalRow().distanceToSolution());
        assertTrue(r.finalRow().distanceToSolution() <= 1e-2, "distance " + r.finalRow().distanceToSolution());
        assertEquals(0, r.oracles().get(Oracle.innerHvp) + r.oracles().get(Oracle.innerCross));
    }

    @Test void exactCallsPerIteration() {
        int k = 9;
        RunResult r = Runner.run(Catalog.solver("minimaxopt", Q, new Options(Map.of("stageLength", "4", "alpha0", "1", "maxAlpha", "1e12")), 1), Q, Q.initialX(), Q.initialY(), StopRule.iterations(k));
        var c = r.oracles();
        assertEquals(k, c.get(Oracle.outerGradX));
        assertEquals(k, c.get(Oracle.outerGradY));
        assertEquals(2L * k, c.get(Oracle.innerGradX));
        assertEquals(2L * k, c.get(Oracle.innerGradY));
        assertEquals(0, c.get(Oracle.innerHvp) + c.get(Oracle.innerCross) + c.get(Oracle.outerHvp) + c.get(Oracle.outerCross));
        assertEquals(4.0, r.finalRow().extras().get("alpha"), 0); // stages of 4: α = 1, 2, 4 at iteration 9
    }

    @Test void stochasticUsesMiniBatches() {
        int k = 5;
        RunResult r = Runner.run(Catalog.solver("minimaxopt-sgd", Q, new Options(Map.of("outerBatch", "3", "innerBatch", "7")), 1),
                Q, Q.initialX(), Q.initialY(), StopRule.iterations(k));
        var c = r.oracles();
        assertEquals(2L * k, c.get(Oracle.innerGradY));
        assertEquals(0, c.get(Oracle.innerHvp) + c.get(Oracle.innerCross));
        // the seed matters with mini-batches, and not at all with full batches
        Vec a = run(Map.of("outerBatch", "3", "innerBatch", "7"), 1), b = run(Map.of("outerBatch", "3", "innerBatch", "7"), 2);
        assertTrue(Vec.distance(a, b) > 1e-6);
        Vec fa = run(Map.of("outerBatch", "64", "innerBatch", "64"), 1), fb = run(Map.of("outerBatch", "64", "innerBatch", "64"), 2);
        assertEquals(0, Vec.distance(fa, fb), 0);
    }

    static Vec run(Map<String, String> o, long seed) {
        return Runner.run(Catalog.solver("minimaxopt-sgd", Q, new Options(o), seed), Q, Q.initialX(), Q.initialY(), StopRule.iterations(20)).x();
    }

    @Test void adamVariantRuns() {
        RunResult r = Runner.run(Catalog.solver("minimaxopt-sgd", Q, new Options(Map.of("rule", "adam")), 1), Q, Q.initialX(), Q.initialY(),
                StopRule.iterations(3000).withTraceEvery(1000));
        assertTrue(r.finalRow().distanceToSolution() < 0.1 * r.trace().rows().get(0).distanceToSolution());
    }

    /** y and z steps shrink with α so that a large α stays stable (η_y = c_y/(L_f + α L_g), η_z = c_z/(α L_g)). */
    @Test void stepsScaleWithAlpha() {
        MinimaxSettings s = MinimaxSettings.read(Q, Options.empty(), 10, 0.5);
        double l = Q.innerLipschitz(), lf = new org.bilevel4j.solver.scale.Scales(Q, Q.initialX(), Q.initialY()).outerLipschitz();
        assertEquals(0.5 / (lf + 8 * l), s.stepY(8), 1e-15);
        assertEquals(0.5 / (8 * l), s.stepZ(8), 1e-15);
        MinimaxSettings fixed = MinimaxSettings.read(Q, new Options(Map.of("stepY", "0.1", "stepZ", "0.2")), 10, 0.5);
        assertEquals(0.1, fixed.stepY(1e6), 0);
        assertEquals(0.2, fixed.stepZ(1e6), 0);
        assertThrows(IllegalArgumentException.class, () -> MinimaxSettings.read(Q, new Options(Map.of("tau", "0.5")), 10, 0.5));
    }
}
