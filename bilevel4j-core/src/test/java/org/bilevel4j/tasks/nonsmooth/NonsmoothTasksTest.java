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

    /** hypergradLipschitz=V makes V the L_Φ behind the default outer steps (soba's 1/(2 L_Φ)), 5 by default; estimated leaves it to the estimate. */
    @Test void reweightTakesAGivenHypergradLipschitz() {
        assertEquals(5, reweight(Map.of()).hypergradLipschitz(), 0);
        assertTrue(Double.isNaN(reweight(Map.of("hypergradLipschitz", "estimated")).hypergradLipschitz()));
        assertEquals(0.5, reweight(Map.of("hypergradLipschitz", "0.5")).hypergradLipschitz(), 0);
        BilevelProblem p = reweight(Map.of());
        assertEquals(5, p.hypergradLipschitz(), 0);
        var scales = org.bilevel4j.solver.scale.Scales.of(p); // what every solver's default outer step reads
        assertEquals(5, scales.hypergradLipschitz(), 0);
        assertEquals("problem", scales.sources().get(org.bilevel4j.solver.scale.Scales.HYPERGRAD));
        for (String bad : new String[] {"0", "-1", "x", "Infinity", "NaN"})
            assertThrows(IllegalArgumentException.class, () -> reweight(Map.of("hypergradLipschitz", bad)), bad);
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

    /** reweight's refit: argmin_W of the whole inner loss (weighted CE + smoothed group lasso) from W = 0 at the task's μ. */
    @Test void reweightRefitIsTheRegularizedMinimizerAtTheTasksMu() {
        RegularizedProblem p = (RegularizedProblem) reweight(Map.of("mu", "0.05", "x0", "-4", "precision", "double"));
        Vec x = random(p.dimX(), 1, 4);
        Vec w = p.refitY(x);
        assertTrue(p.innerGradY(x, w).norm() <= 1e-6, "|grad G| at the refit " + p.innerGradY(x, w).norm());
        Map<String, Double> m = p.refitMetrics(x, random(p.dimY(), 2, 8));
        assertEquals(Map.of("testAccuracyRefit", p.metrics(x, w).get("testAccuracy"), "balancedAccuracyRefit", p.metrics(x, w).get("balancedAccuracy")), m);
        p.setMu(0.01);
        assertEquals(m, p.refitMetrics(x, Vec.zeros(p.dimY())), "at the task's mu, from the initial W");
        assertTrue(p.innerGradY(x, w).norm() > 1e-5, "not stationary at the solver's mu: " + p.innerGradY(x, w).norm());
    }

    /** reweight on the user's LIBSVM files: the training file as it is (imbalanced), a balanced validation file. */
    @Test void reweightTakesTheUsersOwnFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        java.util.function.BiFunction<Integer, Boolean, java.util.List<String>> rows = (n, balanced) -> {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int c = balanced ? i % 3 : (i % 10 == 0 ? 2 : i % 2); // class 2 is rare in training
                StringBuilder b = new StringBuilder(Integer.toString(c));
                for (int j = 0; j < 5; j++) b.append(' ').append(j + 1).append(':').append(String.format(java.util.Locale.ROOT, "%.4f",
                        (j % 3 == c ? 1.2 : 0) + 0.3 * r.nextGaussian()));
                out.add(b.toString());
            }
            return out;
        };
        java.nio.file.Path tr = dir.resolve("tr.svm"), va = dir.resolve("va.svm"), te = dir.resolve("te.svm");
        java.nio.file.Files.write(tr, rows.apply(200, false));
        java.nio.file.Files.write(va, rows.apply(60, true));
        java.nio.file.Files.write(te, rows.apply(90, true));
        Map<String, String> files = Map.of("dataset", "libsvm", "file", tr.toString(), "valFile", va.toString(), "testFile", te.toString());
        RegularizedProblem p = (RegularizedProblem) Catalog.problem("reweight", new Options(new HashMap<>(files)), 1);
        assertEquals(2 + 200, p.dimX(), "two regularizer weights and one weight per training row, the file as it is");
        assertEquals(3 * 5, p.dimY());
        assertEquals(60, p.outerSamples());
        Map<String, String> sub = new HashMap<>(files);
        sub.put("imbalance", "4");
        assertTrue(Catalog.problem("reweight", new Options(sub), 1).dimX() < 2 + 200, "imbalance still subsamples when asked");
        Map<String, String> wrong = new HashMap<>(files);
        wrong.put("trainSize", "50");
        assertThrows(IllegalArgumentException.class, () -> Catalog.problem("reweight", new Options(wrong), 1));
        Map<String, String> exact = new HashMap<>(files);
        exact.put("precision", "double"); // finite differences need double sums (the float32 CSR kernel rounds at 1e-4)
        p = (RegularizedProblem) Catalog.problem("reweight", new Options(exact), 1);
        Vec x = random(p.dimX(), 1, 4), y = random(p.dimY(), 1, 2);
        p.setMu(0.3);
        OracleChecks.checkAll(p, x, y, random(p.dimX(), 1, 3), random(p.dimY(), 1, 5), 1e-5, 1e-6);
        assertTrue(p.metrics(x, y).containsKey("balancedAccuracy"));
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

    /**
     * The linear poison's refit is the model trained on the poisoned set from W = 0 at the task's μ: stationary for G
     * there (not at a μ a solver set), independent of the run's W, and moved by x; its reference is stationary for the
     * clean rows' G alone.
     */
    @Test void poisonRefitTrainsOnThePoisonedSetFromTheStart() {
        Map<String, String> o = Map.of("mu", "0.05", "reg", "0.01", "precision", "double");
        Poison p = (Poison) poison(o);
        Vec x = random(p.dimX(), 0.5, 1).map(t -> t + 0.5);
        Vec w = p.refitY(x);
        assertTrue(p.innerGradY(x, w).norm() <= 1e-6, "the refit minimizes G at x: |grad| = " + p.innerGradY(x, w).norm());
        p.setMu(0.0125); // as SPNBO's schedule does: the refit stays at the task's μ
        Vec atLowerMu = p.refitY(x);
        assertEquals(0, Vec.distance(w, atLowerMu), "refit at the task's mu, not the run's");
        assertTrue(p.innerGradY(x, w).norm() > 1e-4, "and it is not stationary at the lowered mu");
        p.setMu(0.05);
        assertEquals(p.refitMetrics(x, Vec.zeros(p.dimY())), p.refitMetrics(x, random(p.dimY(), 3, 9)), "the run's W plays no part");
        Map<String, Double> m = p.refitMetrics(x, Vec.zeros(p.dimY()));
        assertEquals(p.metrics(x, w).get("validationLoss"), m.get("validationLossRefit"), 1e-12);
        assertEquals(p.metrics(x, w).get("testAccuracy"), m.get("testAccuracyRefit"), 1e-12);
        assertTrue(Math.abs(p.refitMetrics(p.initialX(), w).get("validationLossRefit") - m.get("validationLossRefit")) > 1e-4,
                "the poisoned points move the refit");
        // the reference: (1/n) Σ ℓ_i + reg Σ (W² + μ²)^{p/2} on the clean rows alone, stationary at the clean W
        NonsmoothTasks.PoisonData d = NonsmoothTasks.poisonData(new Options(new HashMap<>(Map.of("dataset", "synthetic", "trainSize", "40",
                "valSize", "30", "testSize", "30", "features", "4", "classes", "3", "poisonPoints", "3", "mu", "0.05", "reg", "0.01"))), 5);
        org.bilevel4j.model.LogisticModel clean = org.bilevel4j.model.LogisticModel.multinomial(d.train().x(), d.train().labels(),
                d.train().numClasses(), false);
        double[] wc = Vec.array(p.cleanY()), g = new double[wc.length];
        clean.valueGrad(wc, null, null, g);
        new org.bilevel4j.smoothing.Lp(0.6).addSmoothGradient(wc, 0.05, new double[] {0.01}, g);
        assertTrue(Vec.of(g).norm() <= 1e-6, "the clean reference minimizes the clean G: |grad| = " + Vec.of(g).norm());
        assertTrue(Vec.distance(Vec.of(wc), w) > 1e-3, "and differs from the poisoned refit");
        org.bilevel4j.model.LogisticModel test = org.bilevel4j.model.LogisticModel.multinomial(d.test().x(), d.test().labels(),
                d.test().numClasses(), false);
        assertEquals(test.accuracy(wc, null), p.metrics(x, w).get("referenceClean"), 1e-12);
        // lower accuracy and higher validation loss are the attack's goal, refit and reference alike
        assertEquals(org.bilevel4j.problem.Metric.Better.LOWER, p.metric("testAccuracyRefit").better());
        assertEquals(org.bilevel4j.problem.Metric.Better.HIGHER, p.metric("validationLossRefit").better());
        assertEquals(org.bilevel4j.problem.Metric.Better.LOWER, p.metric("referenceClean").better());
    }

    /** poison on the user's LIBSVM files: dense rows, each feature min-max scaled into the box on the training part. */
    @Test void poisonTakesTheUsersOwnFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(8);
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) { // feature 1 in [0, 1000], feature 2 in [-0.01, 0.01], feature 3 sparse
            int c = i % 2;
            lines.add(c + " 1:" + String.format(java.util.Locale.ROOT, "%.2f", 1000 * r.nextDouble()) + " 2:"
                    + String.format(java.util.Locale.ROOT, "%.5f", 0.01 * (2 * r.nextDouble() - 1) + (c == 1 ? 0.002 : 0))
                    + (i % 3 == 0 ? " 3:" + (c + 1) : ""));
        }
        java.nio.file.Path f = dir.resolve("tab.svm");
        java.nio.file.Files.write(f, lines);
        Map<String, String> o = new HashMap<>(Map.of("dataset", "libsvm", "file", f.toString(), "poisonPoints", "4", "precision", "double"));
        NonsmoothTasks.PoisonData d = NonsmoothTasks.poisonData(new Options(o), 2);
        assertEquals(60, d.train().size(), "a lone file: 50/25/25");
        float[] v = ((org.bilevel4j.data.DenseMatrix) d.train().x()).values();
        for (int j = 0; j < 3; j++) {
            double lo = 1, hi = 0;
            for (int i = 0; i < 60; i++) { lo = Math.min(lo, v[i * 3 + j]); hi = Math.max(hi, v[i * 3 + j]); }
            assertEquals(0, lo, 1e-6, "feature " + j + " spans the box on the training part");
            assertEquals(1, hi, 1e-6, "feature " + j);
        }
        BilevelProblem p = Catalog.problem("poison", new Options(o), 2);
        assertEquals(4 * 3, p.dimX());
        assertTrue(p.bounds().contains(p.initialX()));
        Vec x = random(p.dimX(), 0.5, 1).map(t -> t + 0.5), y = random(p.dimY(), 1, 2);
        ((Smoothed) p).setMu(0.3);
        OracleChecks.checkAll(p, x, y, random(p.dimX(), 1, 3), random(p.dimY(), 1, 4), 1e-5, 1e-6);
        Map<String, String> scaled = new HashMap<>(o);
        scaled.put("scale", "std");
        Options checked = new Options(scaled);
        Catalog.problem("poison", checked, 2);
        assertThrows(IllegalArgumentException.class, () -> checked.requireAllUsed("poison"), "poison scales its own way: scale is not its option");
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
        double refitBefore = p.refitMetrics(p.initialX(), r.y()).get("validationLossRefit"), refitAfter = p.refitMetrics(r.x(), r.y()).get("validationLossRefit");
        assertTrue(refitAfter > refitBefore + 1e-3, "validation loss of the refit " + refitBefore + " -> " + refitAfter);
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
