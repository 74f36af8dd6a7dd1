package org.bilevel4j.torch.tasks;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Metric;
import org.bilevel4j.smoothing.Smoothed;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;

import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.torch.nets.Mlp;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** The refit metrics and references of the network tasks (NetRefit), float64. */
class NetRefitTest {
    /** n random samples of d features in [0, 1], labels i mod k. */
    static LabeledData data(int n, int d, int k, long seed) { return TrustedCurvatureTest.rows(n, d, k, seed); }

    static NetData part(LabeledData d, boolean image) { return NetData.of(d, TorchSetup.doubles(), image); }

    static final NetRefit CONVERGED = new NetRefit(3000, 1e-9);

    @Test void cleaningRefitTrainsTheNetworkOnGAtXAndItsReferencesAreTheRefitAtUniformAndOracleWeights() {
        boolean[] bad = {true, false, false, true, false, false, true, false, false, false, true, false};
        WithRefit p = (WithRefit) NetCleaning.problem("t", Mlp.twoLayerLinear(16, 4, 3), part(data(12, 16, 3, 1), false), bad,
                part(data(9, 16, 3, 2), false), part(data(30, 16, 3, 3), false), 0.01, TorchSetup.doubles(), 4, CONVERGED);
        Vec x = Vec.of(new SplittableRandom(5).doubles(12, -3, 3).toArray());
        Vec y = p.refitY(x);
        assertTrue(p.innerGradY(x, y).norm() <= 1e-9, "a stationary point of G(x, .): " + p.innerGradY(x, y).norm());
        Vec other = Vec.constant(12, NetCleaning.SURE);
        assertTrue(p.innerGradY(other, y).norm() > 1e-4, "and not of G at other weights (the weights matter here)");
        // from the task's initial y whatever y the run stopped at, deterministic
        Map<String, Double> refit = p.refitMetrics(x, Vec.of(new SplittableRandom(1).doubles(p.dimY()).toArray()));
        assertEquals(refit, p.refitMetrics(x, p.initialY()));
        assertEquals(p.metrics(x, y).get("testAccuracy"), refit.get("testAccuracyRefit"), 0.0);
        assertEquals(List.of("testAccuracyRefit"), new ArrayList<>(refit.keySet()));
        // the references: the refit at σ = 1 everywhere and at the oracle's 0 / 1
        Map<String, Double> m = p.metrics(x, p.initialY());
        assertEquals(p.refitMetrics(other, null).get("testAccuracyRefit"), m.get("referenceUniform"), 0.0);
        double[] oracle = new double[12];
        for (int i = 0; i < 12; i++) oracle[i] = bad[i] ? -NetCleaning.SURE : NetCleaning.SURE;
        assertEquals(p.refitMetrics(Vec.of(oracle), null).get("testAccuracyRefit"), m.get("referenceOracle"), 0.0);
        assertEquals(1.0, 1 / (1 + Math.exp(-NetCleaning.SURE)), 0.0, "σ(800) is 1 in float64");
        assertEquals(0.0, 1 / (1 + Math.exp(NetCleaning.SURE)), 0.0, "σ(-800) is 0 in float64");
        // σ(-800) = 0 drops the sample: the oracle refit is the network trained on the clean samples with weight 1
        assertTrue(p.innerGradY(Vec.of(oracle), p.refitY(Vec.of(oracle))).norm() <= 1e-9);
    }

    @Test void reweightRefitsAtTheTasksMuAndTheUniformReferenceIsTheRefitAtTheInitialX() {
        BilevelProblem p = NetReweight.problem("t", Mlp.relu(16, 4, 3), part(data(12, 16, 3, 1), false), part(data(9, 16, 3, 2), false),
                part(data(30, 16, 3, 3), false), 0.3, -1, 1.0 / 12, TorchSetup.doubles(), 5, new NetRefit(3000, 1e-9));
        Vec x = p.initialX().copy();
        Map<String, Double> atStart = p.refitMetrics(x, null), m = p.metrics(x, p.initialY());
        assertEquals(atStart.get("testAccuracyRefit"), m.get("referenceUniform"), 0.0);
        assertEquals(atStart.get("balancedAccuracyRefit"), m.get("referenceUniformBalanced"), 0.0);
        assertEquals(Metric.Kind.REFERENCE, Metric.of("referenceUniformBalanced").kind());
        assertEquals("balancedAccuracy", Metric.of("referenceUniformBalanced").referenceOf());
        Vec learned = Vec.of(new SplittableRandom(3).doubles(p.dimX(), -2, 2).toArray());
        Map<String, Double> refit = p.refitMetrics(learned, null);
        NetReweight.Task t = (NetReweight.Task) p;
        Vec y = t.refitY(learned);
        assertTrue(p.innerGradY(learned, y).norm() <= 1e-9, "a stationary point of G(x, .) at the task's μ: " + p.innerGradY(learned, y).norm());
        ((Smoothed) p).setMu(0.01); // what SPNBO does to the task's μ during its run
        assertTrue(p.innerGradY(learned, y).norm() > 1e-4, "G at another μ has another minimizer");
        assertArrayEquals(y.toArray(), t.refitY(learned).toArray(), 0, "the refit keeps the task's μ");
        assertEquals(refit, p.refitMetrics(learned, null));
        assertEquals(12.0, m.get("weightsEffectiveSize"), 1e-12, "equal weights at the start: all 12 samples");
    }

    /** Kish's 1 / Σ p_i² of p = softmax(x) past the regularizer's log-weights: n, 1, and 2 for two equal weights. */
    @Test void effectiveSizeOfTheReweightingWeights() {
        assertEquals(3.0, NetReweight.effectiveSize(new double[] {50, -7, 2, 2, 2}, 2), 1e-12);
        assertEquals(1.0, NetReweight.effectiveSize(new double[] {0, 0, 900, 1, -4}, 2), 1e-12);
        assertEquals(2.0, NetReweight.effectiveSize(new double[] {0, 0, 40, 40, -800}, 2), 1e-12);
        double[] x = {1, 1, Math.log(3), 0}; // p = (3/4, 1/4): 1 / (9/16 + 1/16)
        assertEquals(1.6, NetReweight.effectiveSize(x, 2), 1e-12);
    }

    /** Poison whose P = n poisoned points are copies of the training points with their own labels: G is the clean G. */
    @Test void poisonPointsThatCopyTheTrainingSetLeaveTheCleanReferenceAndFlippedLabelsDoNot() {
        int n = 8, side = 16;
        LabeledData train = data(n, side * side, 3, 1);
        double[] copies = new double[n * side * side];
        for (int i = 0; i < copies.length; i++) copies[i] = ((DenseMatrix) train.x()).values()[i];
        int[] flipped = new int[n];
        for (int i = 0; i < n; i++) flipped[i] = (train.labels()[i] + 1) % 3;
        NetRefit trainer = new NetRefit(30, 0);
        NetPoison same = poison(train, copies, train.labels().clone(), trainer), flip = poison(train, copies, flipped, trainer);
        Vec x = Vec.of(copies), clean = same.cleanY(), refit = same.refitY(x);
        assertTrue(Vec.distance(clean, refit) <= 1e-8 * clean.norm(), "copies: distance " + Vec.distance(clean, refit) + " of " + clean.norm());
        assertTrue(Vec.distance(clean, same.initialY()) > 0.01 * clean.norm(), "the clean training moved y: " + Vec.distance(clean, same.initialY()) + " of " + clean.norm());
        assertEquals(same.metrics(x, same.initialY()).get("referenceClean"), same.refitMetrics(x, null).get("testAccuracyRefit"), 0.0);
        Vec poisoned = flip.refitY(x);
        assertTrue(Vec.distance(clean, poisoned) > 1e-2, "flipped labels poison the training");
        flip.setMu(0.01); // what SPNBO does to the task's μ during its run
        assertArrayEquals(poisoned.toArray(), flip.refitY(x).toArray(), 0, "the refit keeps the task's μ");
        assertEquals("lower", flip.metric("testAccuracyRefit").betterWord(), "the attack lowers the refit's accuracy");
        assertEquals("higher", flip.metric("validationLossRefit").betterWord());
        assertEquals("lower", flip.metric("referenceClean").betterWord(), "a level of the test accuracy, which the attack lowers");
    }

    static NetPoison poison(LabeledData train, double[] start, int[] labels, NetRefit trainer) {
        return NetPoison.problem("t", new Conv4(1, 16, 2, 3), part(train, true), part(data(6, 256, 3, 2), true), part(data(20, 256, 3, 3), true),
                start, labels, 0.6, 0.01, 0.5, true, TorchSetup.doubles(), 6, trainer);
    }

    // ---- the refit inside runs: no effect on iterates, counts, random streams or resume ---------------------------------------

    static Map<String, String> small(String task, String model) {
        Map<String, String> m = new HashMap<>(Map.of("model", model, "dataset", "synthetic", "precision", "double", "trainSize", "16", "valSize", "8",
                "testSize", "8", "features", "64", "classes", "3", "hidden", "4", "refitIterations", "20"));
        if (task.equals("poison")) m.put("poisonPoints", "2");
        if (task.equals("hyperclean")) m.put("setting", "bvfim");
        return m;
    }

    static final Map<String, String> SHORT = Map.of("innerSteps", "3", "linearSteps", "3", "wSteps", "3", "constraintBatch", "1",
            "innerBatch", "4", "outerBatch", "4", "hessianBatch", "4", "neumannSteps", "3");

    @Test void refitsEveryRowLeaveTheRunAndItsResumeBitForBitAsWithoutThem() {
        for (String[] c : new String[][] {{"poison", "mlp", "spnbo"}, {"hyperclean", "linear2", "stocbio"}, {"reweight", "mlp", "spnbo"}}) {
            String what = String.join("/", c);
            RunResult plain = run(c, StopRule.iterations(5), List.of());
            RunResult refit = run(c, StopRule.iterations(5).withRefitEvery(1), List.of());
            assertArrayEquals(plain.x().toArray(), refit.x().toArray(), 0, what + ": x");
            assertArrayEquals(plain.y().toArray(), refit.y().toArray(), 0, what + ": y");
            assertEquals(plain.oracles().snapshot().toString(), refit.oracles().snapshot().toString(), what + ": counts");
            List<TraceRow> rows = refit.trace().rows();
            for (int i = 1; i < rows.size(); i++) assertTrue(rows.get(i).metrics().containsKey("testAccuracyRefit"), what + ": every row after the start");
            assertFalse(plain.trace().rows().get(2).metrics().containsKey("testAccuracyRefit"), what + ": the last row only");
            assertEquals(plain.finalRow().metrics().get("testAccuracyRefit"), refit.finalRow().metrics().get("testAccuracyRefit"), 0.0, what);

            ResumePoint at3 = new ResumePoint(3);
            run(c, StopRule.iterations(3).withRefitEvery(1), List.of(at3));
            BilevelProblem again = Catalog.problem(c[0], new Options(small(c[0], c[1])), 0);
            Runner.Resume from = at3.resume();
            @SuppressWarnings({"unchecked", "rawtypes"})
            RunResult resumed = Runner.resume((Solver) Catalog.solver(c[2], again, new Options(SHORT), 3), again, again.initialX(), again.initialY(),
                    StopRule.iterations(5).withRefitEvery(1), List.of(), from);
            assertArrayEquals(refit.x().toArray(), resumed.x().toArray(), 0, what + ": resumed x");
            assertArrayEquals(refit.y().toArray(), resumed.y().toArray(), 0, what + ": resumed y");
            assertEquals(refit.finalRow().metrics(), resumed.finalRow().metrics(), what + ": resumed metrics");
        }
    }

    static RunResult run(String[] c, StopRule stop, List<RunListener> listeners) {
        BilevelProblem p = Catalog.problem(c[0], new Options(small(c[0], c[1])), 0);
        return Runner.run(Catalog.solver(c[2], p, new Options(SHORT), 3), p, p.initialX(), p.initialY(), stop, listeners);
    }
}
