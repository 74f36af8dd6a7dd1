package org.bilevel4j.problems;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.testing.OracleChecks;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** {@code --set preset=benchopt}: benchopt's quadratic generator (BenchoptQuadratic), its sizes and exact answers. */
class QuadraticPresetTest {
    private static BilevelProblem small() {
        return Catalog.problem("quadratic", new Options(Map.of("preset", "benchopt", "innerSamples", "400", "outerSamples", "300",
                "dimY", "12", "dimX", "4")), 3);
    }

    @Test void benchoptPresetHasBenchoptsSizes() {
        BenchoptQuadratic.Spec s = BenchoptQuadratic.Spec.benchopt(3);
        assertEquals(10, s.dimX());
        assertEquals(100, s.dimY());
        assertEquals(32768, s.innerSamples());
        assertEquals(1024, s.outerSamples());
        assertEquals(1e-2, s.mu());
        assertEquals(1, s.lipschitz());
        assertEquals(0.1, s.crossLipschitz());
        // overridable, and built small to keep the test light
        BilevelProblem p = Catalog.problem("quadratic", new Options(Map.of("preset", "benchopt", "innerSamples", "256")), 3);
        assertInstanceOf(BenchoptQuadratic.class, p);
        assertEquals(100, p.dimY());
        assertEquals(10, p.dimX());
        assertEquals(1024, p.outerSamples());
        assertEquals(256, p.innerSamples());
        assertThrows(IllegalArgumentException.class, () -> Catalog.problem("quadratic", new Options(Map.of("preset", "benchopt", "noise", "0.1")), 3));
    }

    @Test void oraclesMatchFiniteDifferencesAndEachSampleIsRankOne() {
        BilevelProblem p = small();
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        Vec x = rand(p.dimX(), r), y = rand(p.dimY(), r), u = rand(p.dimX(), r), v = rand(p.dimY(), r);
        OracleChecks.checkAll(p, x, y, u, v, 1e-5, 1e-6);
        OracleChecks.checkAll(p.batch(new int[] {0, 7, 7}, new int[] {1, 2, 399}), x, y, u, v, 1e-5, 1e-6);
        // one sample's Hessian a aᵀ: the products with any two vectors are parallel
        BilevelProblem one = p.batch(new int[] {3}, new int[] {5});
        Vec h1 = one.innerHvpYY(x, y, v), h2 = one.innerHvpYY(x, y, rand(p.dimY(), r));
        assertEquals(1, Math.abs(h1.dot(h2)) / (h1.norm() * h2.norm()), 1e-12);
        // the full batch (through the mean matrices) is the mean of the samples
        int[] all = new int[400], allOut = new int[300];
        for (int i = 0; i < all.length; i++) all[i] = i;
        for (int i = 0; i < allOut.length; i++) allOut[i] = i;
        BilevelProblem viaSamples = p.batch(allOut, all);
        assertEquals(p.innerValue(x, y), viaSamples.innerValue(x, y), 1e-10);
        assertEquals(p.outerValue(x, y), viaSamples.outerValue(x, y), 1e-10);
        assertTrue(Vec.distance(p.innerGradY(x, y), viaSamples.innerGradY(x, y)) < 1e-10);
        assertTrue(Vec.distance(p.outerGradX(x, y), viaSamples.outerGradX(x, y)) < 1e-10);
    }

    @Test void exactAnswersHold() {
        BilevelProblem p = small();
        java.util.SplittableRandom r = new java.util.SplittableRandom(6);
        Vec x = rand(p.dimX(), r);
        Vec ys = p.innerSolution(x);
        assertTrue(p.innerGradY(x, ys).norm() < 1e-10, "y*(x) zeroes the inner gradient");
        // ∇h against central differences of h(x) = F(x, y*(x))
        Vec g = p.exactHypergradient(x);
        double[] xa = x.toArray();
        for (int j = 0; j < p.dimX(); j++) {
            double[] a = xa.clone(), b = xa.clone();
            a[j] += 1e-5;
            b[j] -= 1e-5;
            double fd = (p.outerValue(Vec.of(a), p.innerSolution(Vec.of(a))) - p.outerValue(Vec.of(b), p.innerSolution(Vec.of(b)))) / 2e-5;
            assertEquals(fd, g.toArray()[j], 1e-6 * (1 + Math.abs(fd)));
        }
        Vec xs = p.solutionX();
        assertTrue(p.exactHypergradient(xs).norm() < 1e-9, "x* is stationary");
        assertEquals(p.exactHypergradient(x).dot(p.exactHypergradient(x)), p.metrics(x, ys).get("hypergradNormSquared"), 1e-12);
        assertEquals(0, p.metrics(x, ys).get("innerDistance"), 1e-12);
        assertTrue(p.innerStrongConvexity() > 0 && p.innerLipschitz() >= p.innerStrongConvexity());
    }

    private static Vec rand(int n, java.util.SplittableRandom r) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = 2 * r.nextDouble() - 1;
        return Vec.of(a);
    }

    /** preset is also a solver option (penalty's preset=paper): on quadratic it keeps our generator and reaches the solver, which checks it. */
    @Test void aSolversPresetPassesThroughQuadratic() {
        Options o = new Options(Map.of("preset", "paper"));
        org.bilevel4j.problem.BilevelProblem p = Catalog.problem("quadratic", o, 3);
        assertFalse(p instanceof BenchoptQuadratic);
        assertNotNull(Catalog.solver("penalty", p, o, 3));
        Options typo = new Options(Map.of("preset", "papr"));
        org.bilevel4j.problem.BilevelProblem q = Catalog.problem("quadratic", typo, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalog.solver("penalty", q, typo, 3));
        assertTrue(e.getMessage().contains("preset=papr"), e.getMessage());
        // a solver without presets: the value is read by no one, and that is an error naming both sides
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> org.bilevel4j.Bilevel.setup("quadratic", "aid-cg", Map.of("preset", "benchmrk"), 3));
        assertTrue(none.getMessage().contains("unknown option preset") && none.getMessage().contains("preset=default|benchopt"),
                none.getMessage());
        // quadratic's own values still need no solver that reads them
        assertNotNull(org.bilevel4j.Bilevel.setup("quadratic", "aid-cg", Map.of("preset", "default"), 3));
    }
}
