package org.bilevel4j.solver.penalty;

import static org.bilevel4j.solver.penalty.Runs.Q;
import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.testing.FiniteDifferences;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class F2saTest {
    /**
     * A schedule for a deterministic run: constant steps, and summable increments δ_k = 6 (k+1)^−2 so that λ_k
     * rises to λ_∞ = 1 + π² ≈ 10.9 (bias ≈ 4e-4 here, see F2baTest) while s = 9e-4 keeps s λ L &lt; 1.
     */
    static Map<String, String> deterministic() {
        Map<String, String> m = new HashMap<>(Map.of("fullBatch", "true", "s", "9e-4", "r", "0.01", "yExponent", "0", "zExponent", "0",
                "xExponent", "0", "deltaExponent", "2", "delta0", "6"));
        m.put("scaledSteps", "false"); // absolute lambda and y step s, as these tests derive them
        return m;
    }

    @Test void fullBatchReachesTheSolutionWithGradientsOnly() {
        int k = 700, t = 10;
        RunResult r = Runs.run("f2sa", deterministic(), k);
        System.out.println("f2sa full batch dist " + Runs.distance(r) + " " + r.oracles());
        assertTrue(Runs.distance(r) <= 1e-3, "distance " + Runs.distance(r));
        var c = r.oracles();
        assertEquals(0, c.get(Oracle.innerHvp));
        assertEquals(0, c.get(Oracle.innerCross));
        assertEquals((long) k * 2 * t, c.get(Oracle.innerGradY), "T steps of z and T of y");
        assertEquals((long) k * t, c.get(Oracle.outerGradY));
        assertEquals(2L * k, c.get(Oracle.innerGradX));
        assertEquals(k, c.get(Oracle.outerGradX));
        double lambda = 1;
        for (int j = 0; j < k; j++) lambda += 6.0 / ((j + 1.0) * (j + 1.0));
        assertEquals(lambda, r.finalRow().extras().get("lambda"), 1e-9, "lambda_{k+1} = lambda_k + delta_0 (k+1)^-d");
    }

    @Test void miniBatchesReachALooserBound() {
        Map<String, String> o = deterministic();
        o.putAll(Map.of("fullBatch", "false", "batchSize", "16", "pairedBatches", "true", "yExponent", "0.5", "xExponent", "0.5"));
        // this schedule bounds lambda itself (lambda_inf = 1 + pi^2): none of the mini-batch defaults' own choices
        o.putAll(Map.of("lambdaScaledX", "false", "matchedSteps", "false", "lambda0", "1"));
        int k = 1000;
        RunResult r = Runs.run("f2sa", o, k);
        System.out.println("f2sa batch 16 dist " + Runs.distance(r));
        assertTrue(Runs.distance(r) <= 1e-2, "distance " + Runs.distance(r));
        var c = r.oracles();
        assertEquals(0, c.get(Oracle.innerHvp) + c.get(Oracle.innerCross));
        // mini-batches were drawn (the run differs from full batch) from a stream fixed by the seed (runs repeat)
        RunResult again = Runs.run("f2sa", o, 20), other = Runs.run("f2sa", o, 20);
        o.put("fullBatch", "true");
        RunResult full = Runs.run("f2sa", o, 20);
        assertEquals(0, Vec.distance(again.x(), other.x()), "same seed, same run");
        assertTrue(Vec.distance(again.x(), full.x()) > 1e-8, "mini-batch and full-batch runs must differ");
    }

    @Test void defaultsMakeSteadyProgress() {
        RunResult r = Runs.run("f2sa", Map.of(), 300);
        double d0 = r.trace().rows().get(0).distanceToSolution();
        System.out.println("f2sa defaults dist " + d0 + " -> " + Runs.distance(r));
        assertTrue(Runs.distance(r) < 0.8 * d0, "distance " + d0 + " -> " + Runs.distance(r));
    }

    /**
     * benchopt's quadratic (rank-one per-sample Hessians and cross terms, so that a batch of 64 is far from the mean),
     * at 4096 inner samples: with no options, batches of 64, F2SA must neither
     * diverge nor drift away from x*. Before the mini-batch defaults (independent batches for G at y and at z, lambda_k
     * growing by rho every iteration, x step 1/L_Phi) the seed-1 run diverged at iteration 31 (x past 1e6 times its start).
     */
    @Test void miniBatchDefaultsConvergeOnBenchoptsQuadratic() {
        for (long seed : new long[] {1, 2}) {
            BilevelProblem p = Catalog.problem("quadratic", new Options(Map.of("generator", "benchopt", "innerSamples", "4096")), seed);
            RunResult r = Runner.run(Catalog.solver("f2sa", p, Options.empty(), 1), p, p.initialX(), p.initialY(),
                    StopRule.iterations(1500).withTraceEvery(1500));
            double d0 = p.distanceToSolution(p.initialX()), d = r.finalRow().distanceToSolution();
            System.out.println("f2sa defaults on benchopt's quadratic, seed " + seed + ": " + r.status() + ", distance " + d0 + " -> " + d);
            assertEquals("max-iterations", r.status(), "seed " + seed);
            assertTrue(d <= 0.5 * d0, "seed " + seed + ": distance " + d0 + " -> " + d);
        }
    }

    /**
     * At y = argmin F + λG and z = y*(x) the full-batch inner updates stand still, and the x-direction is ∇Φ_λ(x)
     * (finite differences of Φ_λ(x) = min_y {F + λG} − λ min_z G).
     */
    @Test void exactInnerVariablesAreFixedPointsAndTheDirectionIsGradPhiLambda() {
        Map<String, String> o = deterministic();
        o.put("lambda0", "20");
        F2sa solver = (F2sa) Catalog.solver("f2sa", Q, new Options(o), 1);
        Vec x = Vec.constant(Q.dimX(), -0.2);
        F2sa.State s = solver.init(new CountingProblem(Q), x, Vec.zeros(Q.dimY()));
        Vec y = Runs.penalizedSolution(Q, x, 20), z = Q.innerSolution(x);
        s.y = y.copy();
        s.z = z.copy();
        solver.step(s);
        assertTrue(Vec.distance(s.y, y) < 1e-9 * y.norm(), "y moved " + Vec.distance(s.y, y));
        assertTrue(Vec.distance(s.z, z) < 1e-9 * z.norm(), "z moved " + Vec.distance(s.z, z));
        Vec fd = FiniteDifferences.gradient(u -> Runs.penaltyValue(Q, u, 20), x, 1e-4);
        double err = FiniteDifferences.relativeError(s.hypergradient, fd);
        assertTrue(err < 1e-6, "relative error to finite differences of Phi_lambda: " + err);
        assertEquals(20 + 6, s.lambda, 1e-12, "lambda_1 = lambda_0 + delta_0");
    }

    @Test void schedulesFollowTheirFormulas() {
        F2sa.Params p = ((F2sa) Catalog.solver("f2sa", Q, new Options(Map.of("preset", "benchmark")), 1)).params();
        double s = 1 / Q.innerLipschitz();
        assertEquals(s, p.s(), 0, "s = 1/L of the inner gradient by default");
        for (long k : new long[] {0, 1, 9, 1000}) {
            assertEquals(s * Math.pow(k + 1, -5.0 / 7), p.alpha(k), 1e-15);
            assertEquals(s * Math.pow(k + 1, -4.0 / 7), p.gamma(k), 1e-15);
            assertEquals(s * Math.pow(k + 1, -4.0 / 7), p.beta(k), 1e-15, "r = 1");
            assertEquals(0.1 * Math.pow(k + 1, -1.0 / 7), p.delta(k), 1e-15);
        }
        F2sa.Params xi = ((F2sa) Catalog.solver("f2sa", Q, new Options(Map.of("xi", "3", "preset", "benchmark")), 1)).params();
        assertEquals(3 * xi.alpha(7), xi.beta(7), 1e-15, "the paper's x step xi alpha_k");
        assertThrows(IllegalArgumentException.class, () -> Catalog.solver("f2sa", Q, new Options(Map.of("innerSteps", "0")), 1));
        // mini-batch defaults: y step gamma_k / lambda, x step (1/L_Phi)(rho + lambda_0)/(rho + lambda), lambda_0 = 2 rho
        F2sa.Params m = ((F2sa) Catalog.solver("f2sa", Q, new Options(Map.of("batchSize", "8")), 1)).params();
        double rho = m.rho(), lPhi = Q.hypergradLipschitz();
        assertEquals(2 * rho, m.lambda0(), 1e-12 * rho);
        for (double lam : new double[] {2 * rho, 50 * rho}) {
            assertEquals(m.gamma(9) / lam, m.alpha(9, lam), 1e-15, "matched y step");
            assertEquals(3 * rho / (rho + lam) / lPhi, m.beta(9, lam), 1e-9 / lPhi, "x step shrinks with lambda");
        }
        assertEquals(rho * Math.pow(10, -0.5), m.delta(9), 1e-15, "delta_k = rho (k+1)^-1/2");
        assertThrows(IllegalArgumentException.class, () -> Catalog.solver("f2sa", Q, new Options(Map.of("batchSize", "8", "lambda0", "0.5")), 1),
                "matched steps need lambda_0 > L_f/L_g");
    }
}
