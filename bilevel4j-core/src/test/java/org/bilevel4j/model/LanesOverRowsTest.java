package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Standardizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The 8-bit kernel's tiles of consecutive rows ({@link LanesOverRows}): one tile's products against plain double sums,
 * and full passes (value, gradient, HVP, losses; odd row counts, so heads and tails of 4-row tiles, several row blocks
 * on a multi-core machine, float partial sums flushed into double more than once) against the double kernel, with the
 * float kernel's tolerance.
 */
class LanesOverRowsTest {
    private static ByteFeatures bytes(int n, int d, long seed) {
        DenseMatrix raw = ByteKernelTest.pixels(n, d, seed);
        return ByteFeatures.of(raw, Standardizer.fit(raw));
    }

    @Test void oneTileMatchesPlainSums() {
        assumeTrue(SimdSupport.available() && LanesOverRows.SUPPORTED, "no vector widening of the bytes here");
        int R = LanesOverRows.ROWS, n = 3 * R + 5, d = 53, m = 10, stride = d + 1; // d not a multiple of the vector length
        ByteFeatures b = bytes(n, d, 7);
        RowKernel kernel = SimdSupport.bytes(b);
        double[] g = new double[m * stride], w = ModelData.random(m * stride, 0.1, 1), a = ModelData.random(R * m, 1, 2);
        RowKernel.Tiles tiles = kernel.tiles(m, stride, true, g);
        assertEquals(R, tiles.consecutiveTile());
        int[] idx = new int[R];
        int row0 = R; // the second tile
        for (int r = 0; r < R; r++) idx[r] = row0 + r;
        tiles.load(idx, R);
        boolean cm = tiles.classMajor(); // z and a class-major, z[c·R + r], or row-major
        double[] z = new double[R * m];
        tiles.dots(w, z);
        tiles.axpy(a);
        tiles.finish();
        double zErr = 0, zNorm = 0, gErr = 0, gNorm = 0;
        for (int r = 0; r < R; r++)
            for (int c = 0; c < m; c++) {
                double s = w[c * stride + d];
                for (int j = 0; j < d; j++) s += b.get(row0 + r, j) * w[c * stride + j];
                zErr = Math.max(zErr, Math.abs(z[cm ? c * R + r : r * m + c] - s));
                zNorm = Math.max(zNorm, Math.abs(s));
            }
        for (int c = 0; c < m; c++)
            for (int j = 0; j <= d; j++) {
                double s = 0;
                for (int r = 0; r < R; r++) s += a[cm ? c * R + r : r * m + c] * (j == d ? 1 : b.get(row0 + r, j));
                gErr = Math.max(gErr, Math.abs(g[c * stride + j] - s));
                gNorm = Math.max(gNorm, Math.abs(s));
            }
        assertTrue(zErr < 1e-5 * zNorm, "logits: largest error " + zErr + " of " + zNorm);
        assertTrue(gErr < 1e-5 * gNorm, "gradient: largest error " + gErr + " of " + gNorm);
    }

    /**
     * The axpy's partial sums are the FMA chains over the tile's rows in order, bit for bit: gf_cj := fma(b_rj, a_rc, gf_cj)
     * for r = 0..ROWS−1, for every register block (10, 5 and 1 outputs), with an even and an odd number of feature blocks,
     * densely and through the lists of whole and partial blocks: a kernel that reorders the sums (more accumulators, rows
     * split between them) fails here, not only in the tolerance tests.
     */
    @ParameterizedTest
    @CsvSource({"784,10", "96,10", "112,17", "48,3"})
    void axpyIsTheRowOrderFmaChainBitForBit(int d, int m) {
        assumeTrue(SimdSupport.available() && LanesOverRows.SUPPORTED, "no vector widening of the bytes here");
        int T = LanesOverRows.ROWS, n = 3 * T, up = d - d % (T / 2);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(d + m);
        for (boolean zeros : new boolean[] {false, true}) {
            byte[] v = LanesOverNonzerosTest.image(n, d, zeros, d * m);
            LanesOverNonzeros.Blocks dense = LanesOverNonzeros.blocks(v, n, d, up, Double.POSITIVE_INFINITY), listed = LanesOverNonzeros.blocks(v, n, d, up, 0);
            float[] af = new float[T * m], g0 = new float[m * d];
            for (int k = 0; k < af.length; k++) af[k] = (float) rnd.nextGaussian();
            for (int k = 0; k < g0.length; k++) g0[k] = (float) rnd.nextGaussian();
            for (int q = 0; q < n / T; q++) {
                float[] g1 = g0.clone(), g2 = g0.clone();
                LanesOverNonzeros.axpy(dense, q, d, up, af, m, g1);
                LanesOverNonzeros.axpy(listed, q, d, up, af, m, g2);
                for (int c = 0; c < m; c++)
                    for (int j = 0; j < up; j++) {
                        float s = g0[c * d + j];
                        for (int r = 0; r < T; r++) s = Math.fma((float) (v[(q * T + r) * d + j] & 0xFF), af[r * m + c], s);
                        assertEquals(Float.floatToIntBits(s), Float.floatToIntBits(g1[c * d + j]), "dense, tile " + q + ", output " + c + ", feature " + j);
                        assertEquals(Float.floatToIntBits(s), Float.floatToIntBits(g2[c * d + j]), "listed, tile " + q + ", output " + c + ", feature " + j);
                    }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1201,784,10,true", "333,100,7,false", "97,37,1,true", "5000,120,10,false"})
    void fullPassesAgreeWithDouble(int n, int d, int classes, boolean bias) {
        assumeTrue(SimdSupport.available() && LanesOverRows.SUPPORTED, "no vector widening of the bytes here");
        DenseMatrix raw = ByteKernelTest.pixels(n, d, n + d);
        Standardizer st = Standardizer.fit(raw);
        DenseMatrix x = (DenseMatrix) st.apply(raw);
        ByteFeatures b = ByteFeatures.of(raw, st);
        int[] labels = new ModelData(n, d, Math.max(classes, 2), n).labels;
        LogisticModel dbl = classes == 1 ? LogisticModel.binary(x, FloatKernelTest.mod2(labels), bias) : LogisticModel.multinomial(x, labels, classes, bias);
        LogisticModel byt = dbl.withPrecision(Precision.FLOAT).withBytes(b);
        double[] w = ModelData.random(dbl.dim(), 0.1, 1), w2 = ModelData.random(dbl.dim(), 0.1, 4), v = ModelData.random(dbl.dim(), 0.1, 2),
                sw = ModelData.random(n, 1, 3);
        for (int i = 0; i < n; i++) sw[i] = Math.abs(sw[i]);
        double tol = FloatKernelTest.TOL;
        assertEquals(dbl.value(w, null, sw), byt.value(w, null, sw), tol * Math.abs(dbl.value(w, null, sw)), "value");
        double[] g1 = new double[dbl.dim()], g2 = new double[dbl.dim()], h1 = new double[dbl.dim()], h2 = new double[dbl.dim()];
        dbl.valueGrad(w, null, sw, g1);
        byt.valueGrad(w, null, sw, g2);
        assertTrue(SimdKernelTest.relDiff(g2, g1) < tol, "gradient: " + SimdKernelTest.relDiff(g2, g1));
        dbl.hvp(w, null, sw, v, h1);
        byt.hvp(w, null, sw, v, h2); // kept probabilities
        assertTrue(SimdKernelTest.relDiff(h2, h1) < tol, "HVP: " + SimdKernelTest.relDiff(h2, h1));
        dbl.hvp(w2, null, null, v, h1);
        byt.hvp(w2, null, null, v, h2); // logits of w2 and of v in one sweep
        assertTrue(SimdKernelTest.relDiff(h2, h1) < tol, "HVP at a new point: " + SimdKernelTest.relDiff(h2, h1));
        double[] l1 = new double[n], l2 = new double[n];
        dbl.sampleLosses(w, null, l1);
        byt.sampleLosses(w, null, l2);
        assertTrue(SimdKernelTest.relDiff(l2, l1) < tol, "losses: " + SimdKernelTest.relDiff(l2, l1));
    }

    @Test void tilesOfABlockCoverItOnceAndAlign() {
        for (int wide : new int[] {16, 32})
            for (int lo = 0; lo < 70; lo++)
                for (int hi = lo + 1; hi < 140; hi++) {
                    int covered = 0;
                    for (int t0 = lo, c; t0 < hi; t0 += c) {
                        c = LogisticModel.tileRows(t0, hi, wide);
                        assertTrue(c == wide ? t0 % wide == 0 : c >= 1 && c <= RowKernel.TILE && t0 / wide == (t0 + c - 1) / wide, lo + ".." + hi + " at " + t0);
                        covered += c;
                    }
                    assertEquals(hi - lo, covered);
                }
    }
}
