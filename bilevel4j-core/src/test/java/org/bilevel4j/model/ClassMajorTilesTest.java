package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.function.Function;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Standardizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The softmax over class-major tiles ({@link RowKernel.Tiles#classMajor}: the 8-bit kernel's tiles of consecutive rows):
 * its scalar loops and its vectors over rows give one row's softmax bit for bit; and every oracle is bit for bit the one
 * with {@code bilevel4j.classMajor=false} (row-major tiles, the per-row loops), on image-like bytes, over all rows (32-row
 * tiles, and 4-row tiles at the ends of parallel row blocks) and over row subsets, with the kept probabilities read back
 * by HVPs and gradient dots, also by a sweep split into other blocks.
 */
class ClassMajorTilesTest {
    private static final int T = LanesOverRows.ROWS;

    /** The byte model of raw pixels, made with bilevel4j.classMajor = classMajor (read when its kernel is made). */
    private static LogisticModel model(DenseMatrix raw, int[] labels, int classes, boolean bias, boolean classMajor) {
        return LanesOverNonzerosTest.byteModel(raw, labels, classes, bias, "bilevel4j.classMajor", classMajor);
    }

    private static DenseMatrix raw(int n, int d, long seed) {
        return LanesOverNonzerosTest.raw(n, d, seed);
    }

    /** Whether the kernel of the model made with that property hands out a 32-row tile of a full pass class-major. */
    private static boolean classMajorTile(DenseMatrix raw, boolean classMajor) {
        String old = System.getProperty("bilevel4j.classMajor");
        System.setProperty("bilevel4j.classMajor", Boolean.toString(classMajor));
        try {
            RowKernel kernel = SimdSupport.bytes(ByteFeatures.of(raw, Standardizer.fit(raw)));
            RowKernel.Tiles tiles = kernel.tiles(10, raw.cols() + 1, true, null);
            int[] idx = new int[T], order = kernel.order(); // the second tile of a full pass
            for (int r = 0; r < T; r++) idx[r] = order == null ? T + r : order[T + r];
            tiles.load(idx, T);
            boolean wide = tiles.classMajor();
            tiles.load(idx, RowKernel.TILE);
            assertFalse(tiles.classMajor(), "a 4-row tile");
            return wide;
        } finally {
            if (old == null) System.clearProperty("bilevel4j.classMajor"); else System.setProperty("bilevel4j.classMajor", old);
        }
    }

    @ParameterizedTest
    @CsvSource({"2003,784,10,false,1", "1201,784,10,true,3", "333,100,7,false,3", "97,53,16,true,1", "70,48,2,true,1", "97,37,1,true,3"})
    void everyOracleIsTheRowMajorOneBitForBit(int n, int d, int classes, boolean bias, int threads) {
        assumeTrue(SimdSupport.available() && LanesOverRows.SUPPORTED, "no vector widening of the bytes here");
        DenseMatrix raw = raw(n, d, n + d);
        assertTrue(classMajorTile(raw, true));
        assertFalse(classMajorTile(raw, false));
        int[] labels = new ModelData(n, d, Math.max(classes, 2), n).labels;
        LogisticModel rowMajor = model(raw, labels, classes, bias, false), classMajor = model(raw, labels, classes, bias, true);
        int dim = rowMajor.dim(), m = rowMajor.outputs();
        double[] w = ModelData.random(dim, 0.3, 1), w2 = ModelData.random(dim, 0.3, 4), v = ModelData.random(dim, 0.1, 2), sw = ModelData.random(n, 1, 3);
        for (int i = 0; i < n; i++) sw[i] = Math.abs(sw[i]);
        int[] sub = new int[n / 3];
        for (int k = 0; k < sub.length; k++) sub[k] = (7 * k + 5) % n;
        String old = System.getProperty("bilevel4j.threads");
        System.setProperty("bilevel4j.threads", Integer.toString(threads));
        try {
            for (int[] rows : new int[][] {null, sub}) {
                int count = rows == null ? n : rows.length;
                String on = rows == null ? " over all rows" : " over a row subset";
                same(rowMajor, classMajor, md -> new double[] {md.value(w, rows, sw)}, "value" + on);
                same(rowMajor, classMajor, md -> new double[] {md.accuracy(w, rows)}, "accuracy" + on);
                same(rowMajor, classMajor, md -> {
                    double[] g = new double[dim];
                    double value = md.valueGrad(w, rows, sw, g);
                    return concat(new double[] {value}, g);
                }, "value and gradient" + on);
                same(rowMajor, classMajor, md -> {
                    double[] h = new double[dim];
                    md.valueGrad(w, rows, sw, h);
                    md.hvp(w, rows, sw, v, h); // kept probabilities
                    return h;
                }, "HVP" + on);
                same(rowMajor, classMajor, md -> {
                    double[] h = new double[dim];
                    md.hvp(w2, rows, null, v, h); // logits of w2 and of v in one sweep
                    return h;
                }, "HVP at a new point" + on);
                same(rowMajor, classMajor, md -> {
                    double[] l = new double[n];
                    md.sampleLosses(w, rows, l);
                    return l;
                }, "losses" + on);
                same(rowMajor, classMajor, md -> {
                    double[] kept = new double[n], fresh = new double[n];
                    md.sampleGradDots(w2, rows, v, kept); // after the HVP at w2: its kept probabilities
                    md.sampleGradDots(w, rows, v, fresh);
                    return concat(kept, fresh);
                }, "gradient dots" + on);
                same(rowMajor, classMajor, md -> {
                    double[] r = new double[count * m];
                    md.gradLogits(w, rows, sw, r);
                    return r;
                }, "gradient logits" + on);
                same(rowMajor, classMajor, md -> {
                    double[] r = new double[2 * count * m], r1 = new double[count * m];
                    md.hvpLogits(w, rows, sw, v, r1); // kept probabilities of gradLogits
                    System.arraycopy(r1, 0, r, 0, r1.length);
                    md.hvpLogits(w2, rows, null, v, r1);
                    System.arraycopy(r1, 0, r, r1.length, r1.length);
                    return r;
                }, "HVP logits" + on);
                same(rowMajor, classMajor, md -> { // fused: two points, gradient and losses of the first, value and losses of the second
                    double[] g = new double[dim], l1 = new double[n], l2 = new double[n];
                    double[] vals = md.valuesAt(new double[][] {w, w2}, rows, sw, new double[][] {g, null}, new double[][] {l1, l2});
                    double[] h = new double[dim];
                    md.hvp(w, rows, sw, v, h); // kept probabilities of the fused sweep
                    return concat(vals, g, l1, l2, h);
                }, "fused values" + on);
            }
            // probabilities kept by a sweep in one row-block split, read by a sweep in another: recomputed, the same numbers
            same(rowMajor, classMajor, md -> {
                double[] g = new double[dim], h = new double[dim];
                System.setProperty("bilevel4j.threads", "1");
                md.valueGrad(w, null, sw, g);
                System.setProperty("bilevel4j.threads", "3");
                md.hvp(w, null, sw, v, h);
                System.setProperty("bilevel4j.threads", Integer.toString(threads));
                return h;
            }, "HVP in other row blocks");
        } finally {
            if (old == null) System.clearProperty("bilevel4j.threads"); else System.setProperty("bilevel4j.threads", old);
        }
    }

    @ParameterizedTest
    @CsvSource({"32,10", "16,10", "12,3", "5,2"})
    void vectorSoftmaxIsTheScalarOneBitForBit(int T, int m) {
        assumeTrue(SimdSupport.available(), "no vector module here");
        RowKernel.Tiles scalar = new RowKernel.Tiles() { // the default loops, exp by Math.exp
            @Override public void load(int[] idx, int count) {}
            @Override public void dots(double[] w, double[] z) {}
            @Override public void axpy(double[] a) {}
            @Override public void finish() {}
        };
        double[] z = ModelData.random(T * m, 4, T + m);
        z[3] = z[T + 3]; // a tie
        double[] p1 = new double[T * m], p2 = new double[T * m], lse1 = new double[T], lse2 = new double[T], sum = new double[T], row = new double[m];
        scalar.softmaxClassMajor(z, p1, T, m, lse1, sum);
        VectorSoftmax.classMajor(scalar, z, p2, T, m, lse2, sum);
        for (int q = 0; q < T; q++) {
            double[] zq = new double[m];
            for (int c = 0; c < m; c++) zq[c] = z[c * T + q];
            double loss = LogisticModel.softmaxLoss(zq, 1, row, 0, m); // one row at a time, the reference
            for (int c = 0; c < m; c++) {
                assertEquals(Double.doubleToLongBits(row[c]), Double.doubleToLongBits(p1[c * T + q]), "scalar p at row " + q + ", class " + c);
                assertEquals(Double.doubleToLongBits(row[c]), Double.doubleToLongBits(p2[c * T + q]), "vector p at row " + q + ", class " + c);
            }
            assertEquals(Double.doubleToLongBits(loss), Double.doubleToLongBits(lse1[q] - zq[1]), "scalar loss at row " + q);
            assertEquals(Double.doubleToLongBits(loss), Double.doubleToLongBits(lse2[q] - zq[1]), "vector loss at row " + q);
        }
    }

    private static double[] concat(double[]... parts) {
        int len = 0;
        for (double[] p : parts) len += p.length;
        double[] out = new double[len];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static void same(LogisticModel a, LogisticModel b, Function<LogisticModel, double[]> f, String what) {
        double[] x = f.apply(a), y = f.apply(b);
        assertEquals(x.length, y.length, what);
        for (int k = 0; k < x.length; k++) assertEquals(Double.doubleToLongBits(x[k]), Double.doubleToLongBits(y[k]), what + " at " + k + ": " + x[k] + " vs " + y[k]);
    }
}
