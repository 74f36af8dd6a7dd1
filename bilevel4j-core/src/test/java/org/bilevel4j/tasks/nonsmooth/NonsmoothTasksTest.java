package org.bilevel4j.tasks.nonsmooth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.DataSetException;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.smoothing.RegularizedProblem;
import org.bilevel4j.smoothing.Smoothed;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.testing.OracleChecks;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class NonsmoothTasksTest {
    static BilevelProblem reweight(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(Map.of("trainSize", "80", "valSize", "40", "testSize", "40", "features", "4", "classes", "3",
                "imbalance", "4"));
        m.putAll(extra);
        return Catalog.problem("reweight", new Options(m), 3);
    }

    static BilevelProblem poison(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(Map.of("dataset", "synthetic", "trainSize", "40", "valSize", "30", "testSize", "30",
                "features", "4", "classes", "3", "poisonPoints", "3"));
        m.putAll(extra);
        return Catalog.problem("poison", new Options(m), 5);
    }

    static Vec random(int n, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = scale * (2 * r.nextDouble() - 1);
        return Vec.of(a);
    }

    @Test void reweightOraclesMatchFiniteDifferences() {
        BilevelProblem p = reweight(Map.of("mu", "0.3"));
        assertEquals(2 + p.innerSamples(), p.dimX(), "x = [x_a, x_b, one logit per training sample]");
        Vec x = random(p.dimX(), 1, 1), y = random(p.dimY(), 1, 2), u = random(p.dimX(), 1, 3), v = random(p.dimY(), 1, 4);
        OracleChecks.checkAll(p, x, y, u, v, 1e-5, 1e-6);
        OracleChecks.checkAll(p.batch(new int[] {0, 3, 3, 7}, new int[] {1, 2, 2, 10, 20}), x, y, u, v, 1e-5, 1e-6);
    }

    @Test void reweightWeightsAreNormalizedAsAMean() {
        RegularizedProblem p = (RegularizedProblem) reweight(Map.of());
        Reweight base = (Reweight) p.base();
        Vec y = random(p.dimY(), 1, 2);
        double uniform = base.innerValue(Vec.zeros(base.dimX()), y);
        assertEquals(uniform, base.innerValue(Vec.constant(base.dimX(), 3.7), y), 1e-12, "a common shift of x changes nothing");
        assertEquals(base.trainModel().value(Vec.array(y), null, null), uniform, 1e-12, "x = 0 is the plain mean loss");
        // one sample with all the weight: its own loss
        double[] x = new double[base.dimX()];
        x[5] = 60;
        double[] losses = new double[base.dimX()];
        base.trainModel().sampleLosses(Vec.array(y), null, losses);
        assertEquals(losses[5], base.innerValue(Vec.of(x), y), 1e-9);
        // mini-batch views are unbiased: the mean over all single-row batches is the full loss
        double s = 0;
        for (int i = 0; i < base.innerSamples(); i++) s += base.batch(new int[] {0}, new int[] {i}).innerValue(Vec.of(x), y);
        assertEquals(base.innerValue(Vec.of(x), y), s / base.innerSamples(), 1e-9);
    }

    @Test void reweightTrainingSetIsImbalancedAndTestBalanced() {
        RegularizedProblem p = (RegularizedProblem) Catalog.problem("reweight", new Options(Map.of()), 1);
        Reweight base = (Reweight) p.base();
        // 4 classes, 1000 samples: the two upper classes keep 1 in 10
        assertTrue(base.innerSamples() < 600 && base.innerSamples() > 500, "train size " + base.innerSamples());
        Map<String, Double> m = p.metrics(p.initialX(), Vec.zeros(p.dimY()));
        assertTrue(m.containsKey("testAccuracy") && m.containsKey("balancedAccuracy") && m.containsKey("innerNonSmooth"));
    }

    @Test void poisonOraclesMatchFiniteDifferences() {
        BilevelProblem p = poison(Map.of("mu", "0.3", "reg", "0.05"));
        assertEquals(3 * 4, p.dimX(), "x = the poisoned points' features");
        Vec x = random(p.dimX(), 0.5, 1).map(t -> t + 0.5), y = random(p.dimY(), 1, 2), u = random(p.dimX(), 1, 3), v = random(p.dimY(), 1, 4);
        OracleChecks.checkAll(p, x, y, u, v, 1e-5, 1e-6);
        OracleChecks.checkAll(p.batch(new int[] {1, 2, 2}, new int[] {0}), x, y, u, v, 1e-5, 1e-6);
        assertTrue(p.bounds().contains(p.initialX()), "the poisoned points start in [0, 1]");
        assertEquals(-p.metrics(x, y).get("validationLoss"), p.outerValue(x, y), 1e-12, "outer = minus the validation loss");
    }

    /** w*(x) of the smoothed inner problem at μ = 1e-3 by many gradient steps from 0. */
    static Vec innerSolution(BilevelProblem p, Vec x, double step, int steps) {
        ((Smoothed) p).setMu(1e-3);
        Vec y = Vec.zeros(p.dimY());
        for (int t = 0; t < steps; t++) y.axpy(-step, p.innerGradY(x, y));
        return y;
    }

    @Test void spnboLowersTheReweightValidationLoss() {
        BilevelProblem p = reweight(Map.of("trainSize", "300", "valSize", "200", "features", "6"));
        RunResult r = Runner.run(Catalog.solver("spnbo", p, new Options(Map.of("lambdaStep", "30")), 1), p, p.initialX(), p.initialY(),
                StopRule.iterations(40).withTraceEvery(40));
        double before = p.outerValue(p.initialX(), innerSolution(p, p.initialX(), 0.5, 3000));
        double after = p.outerValue(r.x(), innerSolution(p, r.x(), 0.5, 3000));
        System.out.printf("reweight: F(x, w*(x)) %.5f -> %.5f%n", before, after);
        assertTrue(after < before - 1e-3, "validation loss at the inner solution " + before + " -> " + after);
    }

    /**
     * The outer loss −CE is unbounded below in w, so the penalty (β/2d)‖c‖² must dominate it: β/d ≈ 80 here (at the
     * solver's default β ≤ 100, i.e. β/d ≤ 8, w runs away from the constraint and the validation loss explodes).
     */
    @Test void spnboRaisesThePoisonValidationLoss() {
        BilevelProblem p = poison(Map.of());
        Options o = new Options(Map.of("beta1", "1000", "betaMax", "1000", "wRule", "sgd", "wStep", "0.01", "lambdaStep", "10", "scaledPenalty", "false"));
        RunResult r = Runner.run(Catalog.solver("spnbo", p, o, 1), p, p.initialX(), p.initialY(), StopRule.iterations(60).withTraceEvery(60));
        double before = -p.outerValue(p.initialX(), innerSolution(p, p.initialX(), 0.3, 3000));
        double after = -p.outerValue(r.x(), innerSolution(p, r.x(), 0.3, 3000));
        System.out.printf("poison: validation loss at w*(x) %.5f -> %.5f%n", before, after);
        assertTrue(after > before + 1e-3, "validation loss " + before + " -> " + after);
        assertTrue(p.bounds().contains(r.x()), "x stays in [0, 1]");
    }

    @Test void realDataSkipsCleanlyOrLoads() {
        Assumptions.assumeTrue(Datasets.isFetched("sklearn"), "sklearn not fetched: run ./bilevel data fetch sklearn");
        BilevelProblem p = Catalog.problem("poison", Options.empty(), 1);
        assertEquals(20 * 64, p.dimX());
        assertEquals(10 * 64, p.dimY());
        assertTrue(p.bounds().contains(p.initialX()));
    }

    @Test void missingDataNamesTheFetchCommand() {
        Assumptions.assumeTrue(!Datasets.isFetched("fashion-mnist"), "fashion-mnist is fetched here");
        // with fetching on, the task would fetch it (CheckedDataPathTest); with fetching off, the standard line
        DataSetException e = assertThrows(DataSetException.class,
                () -> Datasets.withoutFetching(() -> Catalog.problem("reweight", new Options(Map.of("dataset", "fashion-mnist")), 1)));
        assertEquals("fashion-mnist not fetched: run ./bilevel data fetch fashion-mnist", e.getMessage());
    }
}
