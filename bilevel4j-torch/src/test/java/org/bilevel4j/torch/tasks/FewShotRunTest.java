package org.bilevel4j.torch.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.hessfree.BvfimState;
import org.bilevel4j.solver.hessfree.MinimaxOptState;
import org.bilevel4j.solver.hypergrad.HypergradientDescent;
import org.bilevel4j.solver.penalty.F2sa;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** Runs on the fewshot problem: every solver, fresh heads per meta-batch, and bit-exact resume with the episode sampler. */
class FewShotRunTest {
    /** Few inner steps, and every outer step given (estimating L_Phi of a network problem takes thousands of oracle calls). */
    static final Map<String, String> SHORT = Map.ofEntries(Map.entry("innerSteps", "3"), Map.entry("linearSteps", "3"), Map.entry("neumannSteps", "3"),
            Map.entry("zSteps", "3"), Map.entry("ySteps", "3"), Map.entry("wSteps", "3"), Map.entry("outerStep", "0.01"), Map.entry("stepX", "0.01"),
            Map.entry("r", "1"), Map.entry("lambdaStep", "0.01"));

    /** What the run's state held in y-space when each step began (y, and the solver's own y-space variables). */
    static final class Peek<S extends SolverState> implements Solver<S> {
        final Solver<S> inner;
        final List<Double> yNorms = new ArrayList<>(), auxNorms = new ArrayList<>();

        Peek(Solver<S> inner) { this.inner = inner; }

        @Override public String name() { return inner.name(); }
        @Override public S init(BilevelProblem p, Vec x0, Vec y0) { return inner.init(p, x0, y0); }

        @Override public void step(S s) {
            yNorms.add(s.y.norm());
            double aux = 0;
            if (s instanceof BvfimState b) aux = b.z.norm();
            if (s instanceof MinimaxOptState m) aux = m.z.norm();
            if (s instanceof F2sa.State f) aux = f.z.norm();
            if (s instanceof HypergradientDescent.State h && h.memory.containsKey("v")) aux = h.memory.get("v").norm();
            auxNorms.add(aux);
            inner.step(s);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Peek<?> peek(String solver, BilevelProblem p) { return new Peek(Catalog.solver(solver, p, new Options(SHORT), 1)); }

    @Test
    void everySolverStartsTheHeadsAfreshForEachMetaBatch() {
        for (String name : List.of("aid-cg", "rhg", "bvfim", "minimaxopt", "f2sa")) {
            FewShotProblem p = FewShotFixtures.problem(TorchSetup.floats(), 1);
            Peek<?> s = peek(name, p);
            run(s, p, 4, List.of());
            assertEquals(4, s.yNorms.size());
            for (int k = 0; k < 4; k++) {
                assertEquals(0, s.yNorms.get(k), 0, name + ": y at the start of step " + (k + 1));
                assertEquals(0, s.auxNorms.get(k), 0, name + ": the solver's y-space state at the start of step " + (k + 1));
            }
            assertEquals(4, p.draws(), name + ": the first meta-batch and one per later step");
        }
    }

    @Test
    void withSeveralStepsPerMetaBatchTheHeadsAreKeptWithinItOnly() {
        FewShotProblem p = FewShotFixtures.problem(TorchSetup.floats(), 2);
        Peek<?> s = peek("minimaxopt", p);
        run(s, p, 4, List.of());
        assertEquals(0, s.yNorms.get(0), 0);
        assertTrue(s.yNorms.get(1) > 0, "the second step on the same meta-batch continues its heads");
        assertEquals(0, s.yNorms.get(2), 0, "a new meta-batch: fresh heads");
        assertEquals(0, s.auxNorms.get(2), 0, "and a fresh z");
        assertTrue(s.yNorms.get(3) > 0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RunResult run(Solver s, BilevelProblem p, int iterations, List<RunListener> listeners) {
        return Runner.run(s, p, p.initialX(), p.initialY(), StopRule.iterations(iterations), listeners);
    }

    @Test
    void aResumedRunDrawsTheSameEpisodesAndEndsBitForBitWhereTheUninterruptedOneDoes() {
        for (int steps : new int[] {1, 2}) {
            for (String name : List.of("aid-cg", "bvfim")) {
                FewShotProblem whole = FewShotFixtures.problem(TorchSetup.doubles(), steps);
                RunResult full = run(Catalog.solver(name, whole, new Options(SHORT), 1), whole, 5, List.of());

                FewShotProblem first = FewShotFixtures.problem(TorchSetup.doubles(), steps);
                ResumePoint at3 = new ResumePoint(3);
                run(Catalog.solver(name, first, new Options(SHORT), 1), first, 3, List.of(at3));
                Snapshot snap = at3.state;
                assertTrue(snap.integers().containsKey("episodes.s.rng"), "the sampler's state is in the checkpoint");

                FewShotProblem again = FewShotFixtures.problem(TorchSetup.doubles(), steps);
                Runner.Resume from = at3.resume();
                @SuppressWarnings({"unchecked", "rawtypes"})
                RunResult resumed = Runner.resume((Solver) Catalog.solver(name, again, new Options(SHORT), 1), again, again.initialX(), again.initialY(),
                        StopRule.iterations(5), List.of(), from);
                String what = name + ", stepsPerBatch " + steps;
                assertArrayEquals(full.x().toArray(), resumed.x().toArray(), 0, what + ": x");
                assertArrayEquals(full.y().toArray(), resumed.y().toArray(), 0, what + ": y");
                assertEquals(whole.draws(), again.draws(), what + ": draws");
                assertEquals(full.finalRow().outerValue(), resumed.finalRow().outerValue(), 0, what + ": the last meta-batch's outer value");
            }
        }
    }

    @Test
    void everyFewShotSolverRunsAndReportsTheTestAccuracy() {
        List<String> failures = new ArrayList<>();
        for (String name : List.of("rhg", "trhg", "bda", "aid-cg", "aid-neumann", "bvfim", "minimaxopt", "f2sa", "spnbo")) {
            FewShotProblem base = FewShotFixtures.problem(TorchSetup.floats(), 1);
            BilevelProblem p = name.equals("spnbo") ? new FewShotLp(base, 0.6, 0.04, Math.log(1e-3)) : base;
            try {
                RunResult r = run(Catalog.solver(name, p, new Options(SHORT), 1), p, 2, List.of());
                Map<String, Double> m = r.finalRow().metrics();
                if (!(m.get("testAccuracy") >= 0 && m.get("testAccuracy") <= 1 && m.get("testAccuracyCi95") >= 0 && r.x().isFinite()))
                    failures.add(name + ": " + m);
                if (r.trace().rows().get(0).metrics().get("testAccuracy") == null) failures.add(name + ": no evaluation on the first row");
            } catch (RuntimeException e) {
                failures.add(name + ": " + e);
            }
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void theEvaluationRunsOnEveryNthRowAndTheLast() {
        FewShotSettings s = new FewShotSettings(2, 2, 2, 2, 3, 0.1, 1, 3, 4, 2, 50, false, 1, 3);
        FewShotProblem p = new FewShotProblem(s, FewShotFixtures.data(), TorchSetup.floats(), 7);
        RunResult r = run(Catalog.solver("aid-cg", p, new Options(SHORT), 1), p, 5, List.of());
        List<Boolean> evaluated = r.trace().rows().stream().map(row -> row.metrics().containsKey("testAccuracy")).toList();
        assertEquals(List.of(true, false, false, true, false, true), evaluated, "rows 0, 3 and the last (5)");
        assertFalse(r.trace().rows().get(1).metrics().isEmpty(), "the meta-batch accuracy on every row");
    }

    @Test
    void withEvalSecondsTheEvaluationRunsOnTheFirstRowAfterThatManySolverSecondsAndTheLast() {
        FewShotSettings never = new FewShotSettings(2, 2, 2, 2, 3, 0.1, 1, 1, 4, 2, 50, false, 1, 3, 1e9);
        FewShotProblem p = new FewShotProblem(never, FewShotFixtures.data(), TorchSetup.floats(), 7);
        RunResult r = run(Catalog.solver("aid-cg", p, new Options(SHORT), 1), p, 5, List.of());
        List<Boolean> evaluated = r.trace().rows().stream().map(row -> row.metrics().containsKey("testAccuracy")).toList();
        assertEquals(List.of(true, false, false, false, false, true), evaluated, "evalSeconds overrides evalEvery = 1: the first and the last row");
        FewShotSettings always = new FewShotSettings(2, 2, 2, 2, 3, 0.1, 1, 1000, 4, 2, 50, false, 1, 3, 1e-9);
        FewShotProblem q = new FewShotProblem(always, FewShotFixtures.data(), TorchSetup.floats(), 7);
        RunResult rq = run(Catalog.solver("aid-cg", q, new Options(SHORT), 1), q, 5, List.of());
        assertTrue(rq.trace().rows().stream().allMatch(row -> row.metrics().containsKey("testAccuracy")), "every row is due after 1e-9 s");
    }

    /**
     * Head steps reuse the meta-batch's embedding: at the fewshot-table's shape ratio (more support than query images, as
     * 5-shot) the conv-4 passes of a run do not depend on how many inner steps in y each iteration takes.
     */
    @Test
    void theConvPassesOfAnIterationDoNotGrowWithTheHeadSteps() {
        FewShotSettings fiveShotLike = new FewShotSettings(2, 5, 2, 2, 3, 0.1, 1, 1000, 4, 2, 20, false, 1, 3);
        for (String name : List.of("aid-cg", "bvfim")) {
            long[] passes = new long[2];
            int[] steps = {2, 8};
            for (int k = 0; k < 2; k++) {
                Map<String, String> o = new HashMap<>(SHORT);
                for (String key : List.of("innerSteps", "linearSteps", "ySteps", "zSteps")) o.put(key, String.valueOf(steps[k]));
                FewShotProblem p = new FewShotProblem(fiveShotLike, FewShotFixtures.data(), TorchSetup.floats(), 7);
                run(Catalog.solver(name, p, new Options(o), 1), p, 3, List.of());
                passes[k] = p.embeddingPasses();
            }
            assertEquals(passes[0], passes[1], name + ": conv-4 passes with 2 and with 8 steps in y per iteration");
            assertTrue(passes[0] <= 4 * 4, name + ": at most 4 conv-4 passes per iteration (3 iterations and the start), got " + passes[0]);
        }
    }
}
