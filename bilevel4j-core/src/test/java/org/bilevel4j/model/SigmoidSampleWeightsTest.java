package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** σ(x) on a mini-batch's rows only, and the kept full σ(x) when x changes in place. */
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
}
