package org.bilevel4j.tasks;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.LabelNoise;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.testing.OracleChecks;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class HyperCleaningTest {
    static HyperCleaning tiny(HyperCleaning.Setting setting) {
        LabeledData all = Synthetic.gaussianMixture(70, 6, 3, 3, 5);
        LabeledData train = Synthetic.rows(all, 0, 30);
        LabelNoise.Corrupted noise = LabelNoise.corrupt(train.labels(), 0.5, 3, 6, LabelNoise.Mode.DIFFERENT);
        train = LabeledData.classification(train.x(), noise.labels(), 3);
        return new HyperCleaning(train, noise.mask(), Synthetic.rows(all, 30, 50), Synthetic.rows(all, 50, 70), setting.bias,
                setting.reg, 200);
    }

    @Test void everyOracleMatchesFiniteDifferences() {
        for (HyperCleaning.Setting setting : HyperCleaning.Setting.values()) {
            HyperCleaning p = tiny(setting);
            Vec x = Vec.of(rand(p.dimX(), 2, 1)), y = Vec.of(rand(p.dimY(), 1, 2));
            Vec u = Vec.of(rand(p.dimX(), 1, 3)), v = Vec.of(rand(p.dimY(), 1, 4));
            OracleChecks.checkAll(p, x, y, u, v, 1e-5, 1e-6);
            OracleChecks.checkAll(p.batch(new int[] {0, 3, 3, 19}, new int[] {2, 5, 11, 11, 29}), x, y, u, v, 1e-5, 1e-6);
        }
    }

    @Test void batchViewsAverageOverTheirSamples() {
        HyperCleaning p = tiny(HyperCleaning.Setting.stocbio);
        Vec x = Vec.of(rand(p.dimX(), 2, 5)), y = Vec.of(rand(p.dimY(), 1, 6));
        int[] all = new int[p.innerSamples()], allOuter = new int[p.outerSamples()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        for (int i = 0; i < allOuter.length; i++) allOuter[i] = i;
        BilevelProblem full = p.batch(allOuter, all);
        assertEquals(p.innerValue(x, y), full.innerValue(x, y), 1e-13);
        assertEquals(p.outerValue(x, y), full.outerValue(x, y), 1e-13);
        // the mean of two disjoint halves' inner gradients is the full gradient (equal halves)
        int[] a = java.util.Arrays.copyOfRange(all, 0, 15), b = java.util.Arrays.copyOfRange(all, 15, 30);
        Vec half = p.batch(allOuter, a).innerGradY(x, y).axpy(1, p.batch(allOuter, b).innerGradY(x, y)).scale(0.5);
        OracleChecks.close("half-batch mean", half, p.innerGradY(x, y), 1e-12);
        assertEquals(30, p.innerSamples());
        assertEquals(20, p.outerSamples());
    }

    @Test void metricsCountFlaggedSamples() {
        HyperCleaning p = tiny(HyperCleaning.Setting.benchopt);
        boolean[] bad = p.corrupted();
        double[] x = new double[p.dimX()];
        for (int i = 0; i < x.length; i++) x[i] = bad[i] ? -1 : 1; // flag exactly the corrupted ones
        Map<String, Double> m = p.metrics(Vec.of(x), p.initialY());
        assertEquals(1.0, m.get("f1"));
        x[0] = bad[0] ? 1 : -1; // one mistake
        Map<String, Double> m2 = p.metrics(Vec.of(x), p.initialY());
        assertTrue(m2.get("f1") < 1);
        assertTrue(m.get("referenceOracle") >= 0 && m.get("referenceUniform") <= 1);
    }

    @Test void aidCgCleansTheSyntheticData() {
        Options po = Options.empty();
        HyperCleaning p = (HyperCleaning) Catalog.problem("hyperclean", po, 7);
        po.requireAllUsed("hyperclean");
        long tr = System.nanoTime();
        Map<String, Double> ref = p.references();
        System.out.println("references " + (System.nanoTime() - tr) / 1e9 + " s");
        assertTrue(ref.get("referenceOracle") > ref.get("referenceUniform") + 0.02, "cleaning must matter on this data: " + ref);
        Options so = new Options(Map.of("innerSteps", "20", "linearSteps", "10", "outerStep", "1000"));
        long t0 = System.nanoTime();
        RunResult r = Runner.run(Catalog.solver("aid-cg", p, so, 7), p, p.initialX(), p.initialY(), StopRule.iterations(30).withTraceEvery(10));
        System.out.println("hyperclean aid-cg " + (System.nanoTime() - t0) / 1e9 + " s; references " + ref);
        r.trace().rows().forEach(row -> System.out.println(row.iteration() + " F " + row.outerValue() + " " + row.metrics()));
        Map<String, Double> m = r.finalRow().metrics();
        assertTrue(m.get("testAccuracy") > ref.get("referenceUniform"), "test accuracy " + m.get("testAccuracy") + " vs uniform " + ref);
        assertTrue(m.get("f1") > 0.5, "F1 " + m.get("f1"));
    }

    static double[] rand(int n, double scale, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = scale * (2 * r.nextDouble() - 1);
        return a;
    }
}
