package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The kept softmax probabilities: a sweep that replaces them writes into their array, and the HVPs stay exact. */
class ProbsArrayTest {
    static final ModelData DATA = new ModelData(4000, 12, 10, 21);

    /** The array of the model's kept probabilities (its private cache, read by reflection), null when none. */
    static double[] keptProbs(LogisticModel m) throws ReflectiveOperationException {
        java.lang.reflect.Field f = LogisticModel.class.getDeclaredField("cache");
        f.setAccessible(true);
        Object cache = f.get(m);
        if (cache == null) return null;
        java.lang.reflect.Method probs = cache.getClass().getDeclaredMethod("probs");
        probs.setAccessible(true);
        return (double[]) probs.invoke(cache);
    }

    /** A new 1.6 MB array per MNIST gradient pass made the pass 2x slower in some JVMs (fresh pages: README). */
    @Test void gradientPassesWriteIntoTheKeptArray() throws ReflectiveOperationException {
        LogisticModel m = LogisticModel.multinomial(DATA.dense, DATA.labels, DATA.classes, true);
        double[] w1 = ModelData.random(m.dim(), 0.1, 22), w2 = ModelData.random(m.dim(), 0.1, 23), g = new double[m.dim()];
        m.valueGrad(w1, null, null, g);
        double[] first = keptProbs(m);
        assertNotNull(first);
        m.valueGrad(w2, null, null, g);
        assertTrue(first == keptProbs(m), "a new probability array");
        m.valuesAt(new double[][] {w1, w2}, null, null, new double[][] {g, null}, new double[][] {null, null});
        assertTrue(first == keptProbs(m), "a new probability array");
    }

    @Test void hvpsAfterReusedArraysMatchAFreshModel() {
        LogisticModel m = LogisticModel.multinomial(DATA.dense, DATA.labels, DATA.classes, true);
        double[] w1 = ModelData.random(m.dim(), 0.1, 24), w2 = ModelData.random(m.dim(), 0.1, 25), v = ModelData.random(m.dim(), 1, 26);
        double[] g = new double[m.dim()], h = new double[m.dim()], fresh = new double[m.dim()];
        m.valueGrad(w1, null, null, g);
        m.hvp(w1, null, null, v, h); // from the kept probabilities of w1
        m.valueGrad(w2, null, null, g); // writes the probabilities of w2 into that array
        m.hvp(w1, null, null, v, h); // must not read them as those of w1
        LogisticModel.multinomial(DATA.dense, DATA.labels, DATA.classes, true).hvp(w1, null, null, v, fresh);
        assertArrayEquals(fresh, h, 0);
        m.hvp(w2, null, null, v, h);
        LogisticModel.multinomial(DATA.dense, DATA.labels, DATA.classes, true).hvp(w2, null, null, v, fresh);
        assertArrayEquals(fresh, h, 0);
        double[][] grads = {new double[m.dim()], null};
        m.valuesAt(new double[][] {w1, w2}, null, null, grads, new double[][] {null, null}); // multi-point sweeps reuse it too
        m.hvp(w1, null, null, v, h);
        LogisticModel.multinomial(DATA.dense, DATA.labels, DATA.classes, true).hvp(w1, null, null, v, fresh);
        assertArrayEquals(fresh, h, 0);
    }
}
