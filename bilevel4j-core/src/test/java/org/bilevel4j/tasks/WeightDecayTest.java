package org.bilevel4j.tasks;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.testing.OracleChecks;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class WeightDecayTest {
    @Test void everyOracleMatchesFiniteDifferences() {
        LabeledData bin = Synthetic.sparseLogistic(60, 7, 0.5, 3);
        LabeledData multi = Synthetic.gaussianMixture(60, 7, 3, 2, 4);
        for (LabeledData data : new LabeledData[] {bin, multi}) {
            for (boolean bias : new boolean[] {false, true}) {
                LabeledData[] h = WeightDecay.halves(data, 1);
                WeightDecay p = new WeightDecay(h[0], h[1], null, bias, 0, -20, 2);
                Vec x = Vec.of(HyperCleaningTest.rand(p.dimX(), 1, 1)), y = Vec.of(HyperCleaningTest.rand(p.dimY(), 1, 2));
                Vec u = Vec.of(HyperCleaningTest.rand(p.dimX(), 1, 3)), v = Vec.of(HyperCleaningTest.rand(p.dimY(), 1, 4));
                OracleChecks.checkAll(p, x, y, u, v, 1e-5, 1e-6);
                OracleChecks.checkAll(p.batch(new int[] {0, 4, 4}, new int[] {1, 2, 3, 29}), x, y, u, v, 1e-5, 1e-6);
            }
        }
    }

    @Test void sparseInputGivesTheSameProblem() {
        LabeledData dense = Synthetic.sparseLogistic(80, 9, 0.5, 8);
        DenseMatrix x = (DenseMatrix) dense.x();
        int[] ptr = new int[x.rows() + 1];
        java.util.List<Integer> cols = new java.util.ArrayList<>();
        java.util.List<Float> vals = new java.util.ArrayList<>();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) if (Math.abs(x.get(i, j)) > 0.5) { cols.add(j); vals.add(x.get(i, j)); }
            ptr[i + 1] = cols.size();
        }
        float[] v = new float[vals.size()], dv = new float[x.values().length];
        int[] c = new int[cols.size()];
        for (int k = 0; k < c.length; k++) { c[k] = cols.get(k); v[k] = vals.get(k); }
        for (int i = 0; i < x.rows(); i++) for (int k = ptr[i]; k < ptr[i + 1]; k++) dv[i * x.cols() + c[k]] = v[k];
        LabeledData sparse = LabeledData.classification(new CsrMatrix(x.rows(), x.cols(), ptr, c, v), dense.labels(), 2);
        LabeledData thinned = LabeledData.classification(new DenseMatrix(x.rows(), x.cols(), dv), dense.labels(), 2);
        WeightDecay a = new WeightDecay(thinned, null, 3), b = new WeightDecay(sparse, null, 3);
        Vec xv = Vec.of(HyperCleaningTest.rand(a.dimX(), 1, 1)), y = Vec.of(HyperCleaningTest.rand(a.dimY(), 1, 2)), dir = Vec.of(HyperCleaningTest.rand(a.dimY(), 1, 3));
        assertEquals(a.innerValue(xv, y), b.innerValue(xv, y), 1e-12);
        assertEquals(a.outerValue(xv, y), b.outerValue(xv, y), 1e-12);
        assertTrue(Vec.distance(a.innerGradY(xv, y), b.innerGradY(xv, y)) < 1e-12);
        assertTrue(Vec.distance(a.innerHvpYY(xv, y, dir), b.innerHvpYY(xv, y, dir)) < 1e-12);
        assertTrue(Vec.distance(a.innerCrossXY(xv, y, dir), b.innerCrossXY(xv, y, dir)) < 1e-12);
    }

    @Test void innerLipschitzBoundsTheCurvatureInTheBox() {
        LabeledData[] h = WeightDecay.halves(Synthetic.sparseLogistic(200, 10, 0.5, 5), 2);
        WeightDecay p = new WeightDecay(h[0], h[1], null, true, 0, -5, 2);
        double bound = p.innerLipschitz();
        Vec x = Vec.constant(p.dimX(), 2), y = Vec.of(HyperCleaningTest.rand(p.dimY(), 0.5, 6));
        for (int t = 0; t < 10; t++) {
            Vec v = Vec.of(HyperCleaningTest.rand(p.dimY(), 1, 10 + t));
            assertTrue(v.dot(p.innerHvpYY(x, y, v)) / v.dot(v) <= bound * 1.0001);
        }
    }

    @Test void aidCgLowersTheValidationLoss() {
        Options po = Options.empty();
        WeightDecay p = (WeightDecay) Catalog.problem("weightdecay", po, 11);
        po.requireAllUsed("weightdecay");
        Options so = new Options(Map.of("innerSteps", "50", "linearSteps", "20", "outerStep", "20"));
        RunResult r = Runner.run(Catalog.solver("aid-cg", p, so, 11), p, p.initialX(), p.initialY(), StopRule.iterations(40).withTraceEvery(10));
        r.trace().rows().forEach(row -> System.out.println("weightdecay " + row.iteration() + " F " + row.outerValue() + " " + row.metrics()));
        double first = r.trace().rows().get(1).metrics().get("validationLoss"), last = r.finalRow().metrics().get("validationLoss");
        assertTrue(last < first - 0.01, "validation loss " + first + " -> " + last);
        System.out.println("x " + r.x());
    }
}
