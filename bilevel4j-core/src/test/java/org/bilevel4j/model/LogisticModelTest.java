package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;

import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Features;
import org.bilevel4j.testing.FiniteDifferences;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogisticModelTest {
    static final double H = 1e-5, TOL = 1e-6;
    static final ModelData DATA = new ModelData(60, 9, 4, 3);
    static final int[] ROWS = {0, 5, 7, 7, 12, 33, 59, 2}; // a mini-batch with a repeated row

    static LogisticModel model(Features x, boolean binary, boolean bias) {
        int[] labels = DATA.labels.clone();
        if (binary) for (int i = 0; i < labels.length; i++) labels[i] %= 2;
        return binary ? LogisticModel.binary(x, labels, bias) : LogisticModel.multinomial(x, labels, DATA.classes, bias);
    }

    static double[] grad(LogisticModel m, double[] w, int[] rows, double[] sw) {
        double[] g = new double[m.dim()];
        m.valueGrad(w, rows, sw, g);
        return g;
    }

    @ParameterizedTest
    @CsvSource({"false,false,false", "false,true,false", "true,false,false", "true,true,false",
                "false,true,true", "true,true,true", "false,false,true"})
    void derivativesMatchCentralDifferences(boolean binary, boolean bias, boolean batch) {
        LogisticModel m = model(DATA.dense, binary, bias);
        int[] rows = batch ? ROWS : null;
        double[] w = ModelData.random(m.dim(), 1, 5), sw = ModelData.random(m.samples(), 1, 6), v = ModelData.random(m.dim(), 1, 7);
        for (int i = 0; i < sw.length; i++) sw[i] = Math.abs(sw[i]);
        // gradient
        Vec fd = FiniteDifferences.gradient(p -> m.value(Vec.array(p), rows, sw), Vec.of(w.clone()), H);
        double[] g = grad(m, w, rows, sw);
        assertTrue(FiniteDifferences.relativeError(Vec.of(g), fd) < TOL, "gradient error " + FiniteDifferences.relativeError(Vec.of(g), fd));
        assertEquals(m.value(w, rows, sw), m.valueGrad(w, rows, sw, new double[m.dim()]), 1e-14);
        // Hessian-vector product: twice, the second from the cached probabilities
        Vec fdH = FiniteDifferences.directional(p -> Vec.of(grad(m, Vec.array(p), rows, sw)), Vec.of(w.clone()), Vec.of(v), H);
        for (int rep = 0; rep < 2; rep++) {
            double[] hv = new double[m.dim()];
            m.hvp(w, rows, sw, v, hv);
            assertTrue(FiniteDifferences.relativeError(Vec.of(hv), fdH) < TOL, "HVP error " + FiniteDifferences.relativeError(Vec.of(hv), fdH));
        }
        // per-sample losses and gradient dots: ⟨∇ℓ_i, v⟩ = d/dt ℓ_i(w + t v)
        double[] plus = new double[m.samples()], minus = new double[m.samples()], dots = new double[m.samples()];
        m.sampleLosses(add(w, H, v), rows, plus);
        m.sampleLosses(add(w, -H, v), rows, minus);
        m.sampleGradDots(w, rows, v, dots);
        for (int i : rows == null ? range(m.samples()) : rows)
            assertEquals((plus[i] - minus[i]) / (2 * H), dots[i], TOL * (1 + Math.abs(dots[i])), "sample " + i);
    }

    @Test void sampleLossesAverageToTheValue() {
        LogisticModel m = model(DATA.dense, false, true);
        double[] w = ModelData.random(m.dim(), 1, 8), l = new double[m.samples()];
        m.sampleLosses(w, null, l);
        double mean = 0;
        for (double a : l) mean += a / l.length;
        assertEquals(mean, m.value(w, null, null), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"false,false", "false,true", "true,true"})
    void denseAndSparseAgree(boolean binary, boolean bias) {
        LogisticModel d = model(DATA.dense, binary, bias), s = model(DATA.sparse, binary, bias);
        double[] w = ModelData.random(d.dim(), 1, 9), v = ModelData.random(d.dim(), 1, 10), sw = ModelData.random(d.samples(), 1, 11);
        for (int[] rows : new int[][] {null, ROWS}) {
            assertEquals(d.value(w, rows, sw), s.value(w, rows, sw), 1e-12);
            assertArrayEquals(grad(d, w, rows, sw), grad(s, w, rows, sw), 1e-12);
            double[] hd = new double[d.dim()], hs = new double[d.dim()];
            d.hvp(w, rows, sw, v, hd);
            s.hvp(w, rows, sw, v, hs);
            assertArrayEquals(hd, hs, 1e-12);
            double[] gd = new double[d.samples()], gs = new double[d.samples()];
            d.sampleGradDots(w, rows, v, gd);
            s.sampleGradDots(w, rows, v, gs);
            assertArrayEquals(gd, gs, 1e-12);
            assertEquals(d.accuracy(w, rows), s.accuracy(w, rows), 0);
        }
    }

    @Test void rowViewsEqualExplicitSubsets() {
        int[] sub = {3, 9, 9, 20, 41};
        LogisticModel full = model(DATA.dense, false, true);
        int[] labels = new int[sub.length];
        for (int k = 0; k < sub.length; k++) labels[k] = DATA.labels[sub[k]];
        LogisticModel part = LogisticModel.multinomial(DATA.dense.selectRows(sub), labels, DATA.classes, true);
        double[] w = ModelData.random(full.dim(), 1, 12), v = ModelData.random(full.dim(), 1, 13);
        double[] swFull = ModelData.random(full.samples(), 1, 14), swPart = new double[sub.length];
        for (int k = 0; k < sub.length; k++) swPart[k] = swFull[sub[k]];
        assertEquals(part.value(w, null, swPart), full.value(w, sub, swFull), 1e-13);
        assertArrayEquals(grad(part, w, null, swPart), grad(full, w, sub, swFull), 1e-13);
        double[] a = new double[full.dim()], b = new double[full.dim()];
        part.hvp(w, null, swPart, v, a);
        full.hvp(w, sub, swFull, v, b);
        assertArrayEquals(a, b, 1e-13);
    }

    @Test void parallelBlocksGiveTheSameResult() {
        ModelData big = new ModelData(3000, 200, 5, 4);
        LogisticModel m = LogisticModel.multinomial(big.dense, big.labels, 5, true);
        double[] w = ModelData.random(m.dim(), 0.1, 15), v = ModelData.random(m.dim(), 1, 16);
        String old = System.getProperty("bilevel4j.threads");
        try {
            System.setProperty("bilevel4j.threads", "1");
            double[] g1 = grad(m, w, null, null), h1 = new double[m.dim()];
            m.hvp(w, null, null, v, h1);
            System.setProperty("bilevel4j.threads", "3");
            double[] g3 = grad(m, w, null, null), h3 = new double[m.dim()];
            m.hvp(w, null, null, v, h3);
            assertArrayEquals(g1, g3, 1e-12);
            assertArrayEquals(h1, h3, 1e-12);
        } finally {
            if (old == null) System.clearProperty("bilevel4j.threads"); else System.setProperty("bilevel4j.threads", old);
        }
    }

    @Test void curvatureBoundHoldsAlongRandomDirections() {
        LogisticModel m = model(DATA.dense, false, true);
        double bound = m.curvatureBound();
        double[] w = ModelData.random(m.dim(), 0.3, 17);
        for (int t = 0; t < 20; t++) {
            double[] v = ModelData.random(m.dim(), 1, 100 + t), hv = new double[m.dim()];
            m.hvp(w, null, null, v, hv);
            double vhv = 0, vv = 0;
            for (int j = 0; j < v.length; j++) { vhv += v[j] * hv[j]; vv += v[j] * v[j]; }
            assertTrue(vhv / vv <= bound * 1.0001, "Rayleigh quotient " + vhv / vv + " above the bound " + bound);
        }
        // and it is tight for a single sample direction: the bound is not just a huge number
        assertTrue(bound < 0.5 * maxRowNormSquared(DATA.dense) + 0.5, "bound " + bound);
    }

    @Test void badInputIsReported() {
        LogisticModel m = model(DATA.dense, false, false);
        assertThrows(IllegalArgumentException.class, () -> m.value(new double[3], null, null));
        assertThrows(IllegalArgumentException.class, () -> m.value(new double[m.dim()], new int[0], null));
        assertThrows(IllegalArgumentException.class, () -> LogisticModel.multinomial(DATA.dense, new int[] {1}, 3, false));
    }

    static double maxRowNormSquared(DenseMatrix x) {
        double best = 0;
        for (int i = 0; i < x.rows(); i++) {
            double s = 1;
            for (int j = 0; j < x.cols(); j++) s += x.get(i, j) * x.get(i, j);
            best = Math.max(best, s);
        }
        return best;
    }

    static double[] add(double[] w, double h, double[] v) {
        double[] o = w.clone();
        for (int j = 0; j < o.length; j++) o[j] += h * v[j];
        return o;
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
