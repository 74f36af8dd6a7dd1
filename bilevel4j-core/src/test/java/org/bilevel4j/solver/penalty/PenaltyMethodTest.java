package org.bilevel4j.solver.penalty;

import static org.bilevel4j.solver.penalty.Runs.Q;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Random;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.testing.FiniteDifferences;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class PenaltyMethodTest {
    static Vec random(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
        return Vec.of(v);
    }

    /** h(u, v) = F + νᵀ∇_vG + (ρ/2)‖∇_vG‖², from first-order oracles only. */
    static double h(PenaltyMethod.State s, Vec u, Vec v) {
        Vec g = Q.innerGradY(u, v);
        return Q.outerValue(u, v) + s.nu.dot(g) + 0.5 * s.rho * g.normSquared();
    }

    @Test void gradientsOfHMatchFiniteDifferences() {
        PenaltyMethod solver = (PenaltyMethod) Catalog.solver("penalty", Q, Options.empty(), 1);
        PenaltyMethod.State s = solver.init(new CountingProblem(Q), random(Q.dimX(), 1).scale(0.3), random(Q.dimY(), 2).scale(0.3));
        s.nu = random(Q.dimY(), 3);
        s.rho = 0.7;
        s.lambda = 0.3;
        Vec x = s.x, y = s.y;
        Vec gy = PenaltyMethod.gradY(s, Q.innerGradY(x, y));
        Vec fdY = FiniteDifferences.gradient(v -> h(s, x, v) + s.lambda * Q.innerValue(x, v), y, 1e-4);
        assertTrue(FiniteDifferences.relativeError(gy, fdY) < 1e-7, "grad_v (h + lambda G): " + FiniteDifferences.relativeError(gy, fdY));
        Vec gx = PenaltyMethod.gradX(s, Q.innerGradY(x, y));
        Vec fdX = FiniteDifferences.gradient(u -> h(s, u, y), x, 1e-4);
        assertTrue(FiniteDifferences.relativeError(gx, fdX) < 1e-7, "grad_u h: " + FiniteDifferences.relativeError(gx, fdX));
    }

    @Test void getsCloseWithDefaultsAndCallsWhatTheAlgorithmNeeds() {
        int k = 600, t = 20;
        RunResult r = Runs.run("penalty", Map.of("preset", "paper"), k); // the absolute constants this test was written for
        System.out.println("penalty dist " + Runs.distance(r) + " " + r.finalRow().extras() + " " + r.oracles());
        assertTrue(Runs.distance(r) <= 1e-2, "distance " + Runs.distance(r));
        var c = r.oracles();
        assertEquals((long) k * (t + 1), c.get(Oracle.innerHvp), "one HVP per v step and one for the stage test");
        assertEquals(2L * k, c.get(Oracle.innerCross), "one cross product for the u step and one for the stage test");
        assertEquals((long) k * (t + 2), c.get(Oracle.innerGradY));
        assertEquals((long) k * (t + 1), c.get(Oracle.outerGradY));
        assertEquals(2L * k, c.get(Oracle.outerGradX));
        assertEquals(0, c.get(Oracle.innerGradX));
    }

    @Test void everyPassedStageTightensThePenalty() {
        int k = 5;
        PenaltyMethod solver = (PenaltyMethod) Catalog.solver("penalty", Q, new Options(Map.of("eps0", "1e12", "preset", "paper")), 1);
        PenaltyMethod.State s = solver.init(new CountingProblem(Q), Q.initialX(), Q.initialY());
        Vec nu = s.nu.copy();
        for (int i = 0; i < k; i++) {
            solver.step(s);
            nu.axpy(s.rho, Q.innerGradY(s.x, s.y)); // ν ← ν + ρ∇_vG with the new ρ
        }
        assertEquals(k, s.stages);
        assertEquals(1e-2 * Math.pow(1.1, k), s.rho, 1e-15);
        assertEquals(1e-2 * Math.pow(0.9, k), s.lambda, 1e-15);
        assertEquals(1e-2 * Math.pow(0.9, k), s.lrX, 1e-15);
        assertEquals(1e-2 * Math.pow(0.9, k), s.lrY, 1e-15);
        assertTrue(Vec.distance(nu, s.nu) < 1e-12 * nu.norm(), "nu update");
    }
}
