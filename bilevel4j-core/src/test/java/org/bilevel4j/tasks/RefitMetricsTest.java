package org.bilevel4j.tasks;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Metric;
import org.bilevel4j.problem.Refit;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** The refit metrics (BilevelProblem#refitMetrics) against a refit computed here by plain gradient descent. */
class RefitMetricsTest {
    /** argmin_y G(x, y) by gradient descent with step 1/L from 0 (independent of the tasks' accelerated trainer). */
    static Vec descend(BilevelProblem p, Vec x, double lipschitz, int iterations) {
        Vec y = Vec.zeros(p.dimY());
        for (int k = 0; k < iterations; k++) y.axpy(-1 / lipschitz, p.innerGradY(x, y));
        assertTrue(p.innerGradY(x, y).norm() < 1e-9, "the test's own refit converged: " + p.innerGradY(x, y).norm());
        return y;
    }

    @Test void hypercleaningRefitIsTheWeightedModelTrainedOnTheTrainingData() {
        HyperCleaning p = HyperCleaningTest.tiny(HyperCleaning.Setting.benchopt);
        boolean[] bad = p.corrupted();
        double[] xs = new double[p.dimX()];
        for (int i = 0; i < xs.length; i++) xs[i] = bad[i] ? -4 : 4; // near-oracle weights σ(±4)
        Vec x = Vec.of(xs);
        Vec own = Vec.of(HyperCleaningTest.rand(p.dimY(), 3, 9)); // a y that is no refit at all
        Map<String, Double> refit = p.refitMetrics(x, own);
        Vec y = descend(p, x, p.innerLipschitz(), 20000);
        assertEquals(p.metrics(x, y).get("testAccuracy"), refit.get("testAccuracyRefit"), 0.0);
        assertEquals(Map.of("testAccuracyRefit", refit.get("testAccuracyRefit")), refit, "only the y-dependent metric is refit");
        // the weights matter here, so a refit with the wrong weights would be caught
        Vec yUniform = descend(p, Vec.zeros(p.dimX()).axpy(1, Vec.constant(p.dimX(), 30)), p.innerLipschitz(), 20000);
        assertNotEquals(p.metrics(x, yUniform).get("testAccuracy"), refit.get("testAccuracyRefit"));
        assertEquals(Metric.Kind.REFIT, Metric.of("testAccuracyRefit").kind());
        assertEquals(Metric.Better.HIGHER, Metric.of("testAccuracyRefit").better());
        assertEquals(Metric.Better.LOWER, Metric.of("validationLossRefit").better());
    }

    @Test void weightDecayRefitIsTheDecayedModelTrainedOnTheTrainingData() {
        LabeledData all = Synthetic.gaussianMixture(120, 6, 3, 2, 4);
        LabeledData[] h = WeightDecay.halves(Synthetic.rows(all, 0, 80), 1);
        WeightDecay p = new WeightDecay(h[0], h[1], Synthetic.rows(all, 80, 120), true, 0, -20, 2);
        Vec x = Vec.of(HyperCleaningTest.rand(p.dimX(), 1.5, 3));
        Map<String, Double> refit = p.refitMetrics(x, Vec.of(HyperCleaningTest.rand(p.dimY(), 2, 5)));
        Vec y = descend(p, x, p.innerLipschitz(), 20000);
        Map<String, Double> at = p.metrics(x, y);
        assertEquals(at.get("validationLoss"), refit.get("validationLossRefit"), 1e-5);
        assertEquals(at.get("testAccuracy"), refit.get("testAccuracyRefit"), 0.0);
    }

    /** The same on sparse (CSR) rows with decays from e^-2 to e^2, where the refit's preconditioner reads the stored entries. */
    @Test void weightDecayRefitOnSparseRows() {
        LabeledData dense = Synthetic.sparseLogistic(160, 12, 0.5, 8);
        float[] v = ((org.bilevel4j.data.DenseMatrix) dense.x()).values();
        java.util.List<Integer> cols = new java.util.ArrayList<>();
        java.util.List<Float> vals = new java.util.ArrayList<>();
        int[] ptr = new int[161];
        for (int i = 0; i < 160; i++) {
            for (int j = 0; j < 12; j++) if (Math.abs(v[i * 12 + j]) > 0.5) { cols.add(j); vals.add(v[i * 12 + j]); } // about half stored
            ptr[i + 1] = cols.size();
        }
        float[] fv = new float[vals.size()];
        for (int k = 0; k < fv.length; k++) fv[k] = vals.get(k);
        LabeledData all = new LabeledData(new org.bilevel4j.data.CsrMatrix(160, 12, ptr, cols.stream().mapToInt(Integer::intValue).toArray(), fv),
                dense.labels(), dense.numClasses(), dense.targets());
        LabeledData[] h = WeightDecay.halves(Synthetic.rows(all, 0, 120), 1);
        WeightDecay p = new WeightDecay(h[0], h[1], Synthetic.rows(all, 120, 160), false, 0, -20, 2);
        Vec x = Vec.of(HyperCleaningTest.rand(p.dimX(), 2, 7));
        Map<String, Double> refit = p.refitMetrics(x, Vec.zeros(p.dimY()));
        Map<String, Double> at = p.metrics(x, descend(p, x, p.innerLipschitz(), 20000));
        assertEquals(at.get("validationLoss"), refit.get("validationLossRefit"), 1e-6);
        assertEquals(at.get("testAccuracy"), refit.get("testAccuracyRefit"), 0.0);
    }

    @Test void theBacktrackingRefitNeedsNoLipschitzBound() {
        LabeledData all = Synthetic.gaussianMixture(80, 5, 3, 2, 6);
        LabeledData[] h = WeightDecay.halves(all, 2);
        WeightDecay p = new WeightDecay(h[0], h[1], null, false, 0, -20, 2);
        Vec x = Vec.of(HyperCleaningTest.rand(p.dimX(), 1, 4));
        Vec a = Refit.innerMinimizer(new org.bilevel4j.problem.ForwardingProblem(p) {
            @Override public double innerLipschitz() { return Double.NaN; }
            @Override protected BilevelProblem rewrap(BilevelProblem view) { return view; }
        }, x, Vec.of(HyperCleaningTest.rand(p.dimY(), 3, 1)), 5000, 1e-10);
        Vec b = descend(p, x, p.innerLipschitz(), 20000);
        assertTrue(Vec.distance(a, b) < 1e-7, "distance " + Vec.distance(a, b) + ", gradient " + p.innerGradY(x, a).norm());
    }

    @Test void theRunnerRefitsOnTheLastRowAndEveryNRowsOutsideSolverTime() {
        HyperCleaning p = HyperCleaningTest.tiny(HyperCleaning.Setting.benchopt);
        Options so = new Options(Map.of("innerSteps", "5", "linearSteps", "5", "outerStep", "30"));
        RunResult r = Runner.run(Catalog.solver("aid-cg", p, so, 7), p, p.initialX(), p.initialY(),
                StopRule.iterations(7).withRefitEvery(3));
        java.util.List<TraceRow> rows = r.trace().rows();
        assertEquals(8, rows.size());
        for (int i = 0; i < rows.size(); i++)
            assertEquals(i == 3 || i == 6 || i == 7, rows.get(i).metrics().containsKey("testAccuracyRefit"), "row " + i);
        assertEquals(p.refitMetrics(r.x(), r.y()).get("testAccuracyRefit"), r.finalRow().metrics().get("testAccuracyRefit"));
        RunResult endOnly = Runner.run(Catalog.solver("aid-cg", p, so, 7), p, p.initialX(), p.initialY(), StopRule.iterations(4));
        assertEquals(1, endOnly.trace().rows().stream().filter(row -> row.metrics().containsKey("testAccuracyRefit")).count());
    }
}
