package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** σ(x) on a mini-batch's rows only, the kept full σ(x) when x changes in place, and the reused per-sample arrays of mini-batches. */
class SigmoidSampleWeightsTest {
    static final ModelData DATA = new ModelData(40, 6, 3, 5);

    @Test void batchWeightsAreTheFullWeightsAtTheBatchRows() {
        SigmoidSampleWeights g = new SigmoidSampleWeights(LogisticModel.multinomial(DATA.dense, DATA.labels, DATA.classes, true));
        double[] x = ModelData.random(40, 3, 9);
        int[] rows = {3, 7, 7, 39};
        double[] full = g.weights(x, null), batch = g.weights(x, rows), slopes = g.weightSlopes(x, rows);
        for (int i = 0; i < 40; i++) {
            boolean in = i == 3 || i == 7 || i == 39;
            assertEquals(in ? full[i] : 0, batch[i], 0, "σ at row " + i);
            assertEquals(in ? full[i] * (1 - full[i]) : 0, slopes[i], 0, "σ' at row " + i);
            assertEquals(SigmoidSampleWeights.sigmoid(x[i]), full[i], 0);
        }
    }

    @Test void keptWeightsFollowAnXChangedInPlace() {
        SigmoidSampleWeights g = new SigmoidSampleWeights(LogisticModel.multinomial(DATA.dense, DATA.labels, DATA.classes, true));
        double[] x = ModelData.random(40, 3, 10);
        double[] before = g.weights(x, null).clone();
        assertArrayEquals(before, g.weights(x.clone(), null), 0);
        x[11] += 0.5; // a solver's in-place step
        double[] after = g.weights(x, null);
        assertEquals(SigmoidSampleWeights.sigmoid(x[11]), after[11], 0);
        assertEquals(before[12], after[12], 0);
        double w = LogisticModel.multinomial(DATA.dense, DATA.labels, DATA.classes, true).dim();
        double[] y = ModelData.random((int) w, 1, 11);
        // the value at the moved x equals the value of a fresh instance (no stale σ)
        SigmoidSampleWeights fresh = new SigmoidSampleWeights(g.model());
        assertEquals(fresh.value(x, y, null), g.value(x, y, null), 0);
    }

    /** Every mini-batch oracle against its definition from σ(x) and σ'(x) at the rows, over batches that overlap, one after another. */
    @Test void miniBatchOraclesMatchTheirDefinitionBatchAfterBatch() {
        LogisticModel model = LogisticModel.multinomial(DATA.dense, DATA.labels, DATA.classes, true);
        SigmoidSampleWeights g = new SigmoidSampleWeights(model);
        double[] x = ModelData.random(40, 3, 12), y = ModelData.random(model.dim(), 1, 13), v = ModelData.random(model.dim(), 1, 14);
        double[] u = ModelData.random(40, 1, 15);
        int[][] batches = {{3, 7, 7, 39}, {7, 8, 9}, {0, 39, 20, 21, 22}, {3, 7, 7, 39}};
        for (int[] rows : batches) {
            double[] sw = new double[40], slope = new double[40];
            for (int i : rows) {
                sw[i] = SigmoidSampleWeights.sigmoid(x[i]);
                slope[i] = sw[i] * (1 - sw[i]);
            }
            assertEquals(model.value(y, rows, sw), g.value(x, y, rows), 0);
            double[] want = new double[model.dim()], got = new double[model.dim()];
            assertEquals(model.valueGrad(y, rows, sw, want), g.valueGradW(x, y, rows, got), 0);
            assertArrayEquals(want, got, 0);
            model.hvp(y, rows, sw, v, want);
            g.hvp(x, y, rows, v, got);
            assertArrayEquals(want, got, 0);
            double[] losses = new double[40], dots = new double[40], gx = new double[40], cxy = new double[40];
            model.sampleLosses(y, rows, losses);
            model.sampleGradDots(y, rows, v, dots);
            for (int i : rows) { // a repeated row counts twice
                gx[i] += slope[i] * losses[i] / rows.length;
                cxy[i] += slope[i] * dots[i] / rows.length;
            }
            assertArrayEquals(gx, g.gradX(x, y, rows), 0);
            assertArrayEquals(cxy, g.crossXY(x, y, rows, v), 0);
            double[] su = new double[40];
            for (int i : rows) su[i] = slope[i] * u[i];
            model.valueGrad(y, rows, su, want);
            g.crossYX(x, y, rows, u, got);
            assertArrayEquals(want, got, 0);
        }
    }

    /**
     * A mini-batch oracle on n samples fills the batch's entries of a reused zero array instead of allocating (and
     * clearing) one entry per sample: 200 batch gradients on 20000 samples allocate far less than one such array each.
     */
    @Test void miniBatchOraclesDoNotAllocateAnArrayPerSample() {
        int n = 20000;
        ModelData big = new ModelData(n, 4, 3, 6);
        LogisticModel model = LogisticModel.multinomial(big.dense, big.labels, big.classes, true);
        SigmoidSampleWeights g = new SigmoidSampleWeights(model);
        double[] x = ModelData.random(n, 1, 16), y = ModelData.random(model.dim(), 1, 17), grad = new double[model.dim()];
        int[] rows = new int[64];
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) { // the first round warms up (class loading, the idle arrays)
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int b = 0; b < 200; b++) {
                for (int q = 0; q < rows.length; q++) rows[q] = (b * 64 + q * 7) % n;
                g.valueGradW(x, y, rows, grad);
                g.gradX(x, y, rows); // its result has one entry per sample (the oracle's output)
            }
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1)
                org.junit.jupiter.api.Assertions.assertTrue(bytes < 200L * (8L * n + 8L * n / 2),
                        "200 batches allocated " + bytes + " bytes: more than the gradX outputs and half an array per batch");
        }
    }
}
