package org.bilevel4j.solver.stochastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.junit.jupiter.api.Test;

/**
 * SABA's defaults on benchopt's quadratic generator at a small size (4096 / 512 samples, d_y 100, d_x 10; docs/STOCHASTIC.md
 * §2, "Inner step"): its per-sample Hessians a_i a_iᵀ have norm ≈ 21 against λ_max(mean) ≈ 1, and its batches of 64 reach
 * λ_max ≈ 2.2, so a step ρ = 1/L_G is above 2/λ_max on some batches and the SAGA iteration of y and v diverges even with x
 * held still. The default ρ = 1/max(L_G, L_B) keeps it contracting.
 */
class SabaBatchSmoothnessTest {
    private static BilevelProblem problem() {
        return Catalog.problem("quadratic", new Options(Map.of("generator", "benchopt", "innerSamples", "4096", "outerSamples", "512")), 0);
    }

    private static RunResult run(BilevelProblem p, Map<String, String> options, int iterations) {
        return Runner.run(Catalog.solver("saba", p, new Options(options), 0), p, p.initialX(), p.initialY(),
                StopRule.iterations(iterations).withTraceEvery(iterations));
    }

    /** With x held still (γ = 1e-12) y must converge to y*(x0): SAGA on G(x0, ·) at the default ρ. */
    @Test void theDefaultInnerStepKeepsSagaOnYContracting() {
        BilevelProblem p = problem();
        RunResult r = run(p, Map.of("outerStep", "1e-12"), 3000);
        assertEquals("max-iterations", r.status());
        double start = r.trace().rows().get(0).metrics().get("innerDistance"), end = r.finalRow().metrics().get("innerDistance");
        assertTrue(end < 1e-4 * start, "y ends " + end + " from y*(x0), started " + start);
    }

    /** With all defaults SABA converges there (on main's ρ = 1/L_G it diverged). */
    @Test void reachesTheSolutionWithDefaults() {
        BilevelProblem p = problem();
        RunResult r = run(p, Map.of(), 8000);
        assertEquals("max-iterations", r.status());
        double d = r.finalRow().distanceToSolution();
        assertTrue(d <= 1e-3, "saba ends " + d + " from x* (start " + p.distanceToSolution(p.initialX()) + ")");
    }

    /** ρ = 1/max(L_G, L_B) with L_B the largest batch smoothness measured; smoothnessBatches=0 restores 1/L_G. */
    @Test void innerStepIsOneOverTheLargestBatchSmoothness() {
        BilevelProblem p = problem();
        double lb = BatchSmoothness.largest(p, 64, 16);
        assertTrue(lb > 1.5 * p.innerLipschitz(), "L_B " + lb + " against L_G " + p.innerLipschitz());
        assertEquals(1 / lb, StochasticSettings.readSaga(p, new Options(Map.of())).innerStep(), 1e-12);
        assertEquals(1 / p.innerLipschitz(), StochasticSettings.readSaga(p, new Options(Map.of("smoothnessBatches", "0"))).innerStep(), 1e-12);
    }

    /** The tracking rule's window is one epoch of SABA's tables (here 4096/64 = 64 inner batches: WARMUP's 100 wins). */
    @Test void trackingWindowSpansAnEpochOfTheTables() {
        BilevelProblem p = problem();
        assertEquals(100, new Saba(StochasticSettings.readSaga(p, new Options(Map.of())), 0).init(p, p.initialX(), p.initialY()).window);
        BilevelProblem big = Catalog.problem("quadratic", new Options(Map.of("generator", "benchopt", "innerSamples", "16384", "outerSamples", "512",
                "dimY", "10")), 0);
        assertEquals(256, new Saba(StochasticSettings.readSaga(big, new Options(Map.of())), 0).init(big, big.initialX(), big.initialY()).window);
    }
}
