package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.bilevel4j.model.FloatKernelTest.mod2;
import static org.bilevel4j.model.SimdKernelTest.relDiff;

import org.bilevel4j.data.CsrMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Precision#FLOAT} on CSR data ({@link SparseRowsFloat}, plain Java: no vector module needed; {@link SparseRowsClassLanes}
 * for multinomial models) against the double
 * CSR kernel on every oracle of the model. Float rounding of sums of at most {@link SparseRowsFloat#FLUSH_ROWS} rows
 * gives relative differences around 1e-7; 2e-5 ({@link FloatKernelTest#TOL}) allows for them, while a lost row remainder, output, bias or flush
 * shows as an error of order one. Rows of every length 0..11 (every remainder mod 4), binary and multinomial, with and
 * without bias, row sets with repeats, and more rows than one flush.
 */
class SparseFloatKernelTest {
    /** The float32 CSR kernel of a model with that many outputs over x (the rule of {@link SparseRowsClassLanes#suits}). */
    static String kernelFor(int outputs, CsrMatrix x) {
        return outputs >= 2 && SimdSupport.available() && SparseRowsClassLanes.suits(outputs)
                ? "sparse (CSR) float32, classes in vector lanes" : "sparse (CSR) float32";
    }

    /**
     * Multinomial models with 4 or more classes go through {@link SparseRowsClassLanes} (the shapes have 64 stored entries
     * per feature or more): 4 classes (one vector of lanes, mostly padding), 7 and 8 (a whole AVX2 vector), 10 (MNIST), 16
     * and 17 (a whole AVX-512 vector, and one lane more), 20 (two vectors of 16, three of 8): a lost lane, pad or vector
     * shows as an error of order one. 2 and 3 classes, and binary models, go through {@link SparseRowsFloat}.
     */
    @ParameterizedTest
    @CsvSource({"301,40,1,false", "301,40,1,true", "250,23,3,true", "4200,60,1,true", "2100,30,4,false", "260,31,2,true",
            "600,31,7,false", "600,31,8,true", "4300,37,10,true", "400,19,16,false", "400,19,17,true", "500,21,20,true"})
    void everyOracleAgreesWithDouble(int n, int d, int classes, boolean bias) {
        CsrMatrix x = SparseKernelOrderTest.rows(n, d, n + d);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = (i * 7 + i / 3) % Math.max(classes, 2);
        LogisticModel dbl = classes == 1 ? LogisticModel.binary(x, labels, bias) : LogisticModel.multinomial(x, labels, classes, bias);
        LogisticModel flt = dbl.withPrecision(Precision.FLOAT);
        assertEquals(kernelFor(classes, x), flt.kernel());
        if (classes >= 4) assertEquals("sparse (CSR) float32, classes in vector lanes", flt.kernel(), "the shapes exercise the lanes kernel");
        assertEquals("sparse (CSR)", dbl.kernel());
        FloatKernelTest.oraclesAgree(dbl, flt, n);
    }

    /** The build's test JVM has the vector module (surefire's argLine), so the tests above do run the lanes kernel. */
    @Test void multinomialModelsUseTheLanesKernel() {
        assertTrue(SimdSupport.available(), "tests run with --add-modules jdk.incubator.vector");
        CsrMatrix x = SparseKernelOrderTest.rows(400, 9, 3);
        int[] labels = new int[400];
        for (int i = 0; i < 400; i++) labels[i] = i % 5;
        assertEquals("sparse (CSR) float32, classes in vector lanes", LogisticModel.multinomial(x, labels, 5, true).withPrecision(Precision.FLOAT).kernel());
        assertEquals("sparse (CSR) float32", LogisticModel.multinomial(x, mod2(labels), 2, true).withPrecision(Precision.FLOAT).kernel(),
                "two classes: the scalar kernel");
        CsrMatrix wide = SparseKernelOrderTest.rows(400, 600, 3);
        for (RowKernel k : new RowKernel[] {new SparseRowsClassLanes(x), new SparseRowsFloat(x), new SparseRows(x)})
            assertEquals(RowBlocks.BLOCKS_PER_THREAD, k.blocksPerThread(), k.describe() + ": 2200 stored entries, 9 features");
        for (RowKernel k : new RowKernel[] {new SparseRowsClassLanes(wide), new SparseRowsFloat(wide), new SparseRows(wide)})
            assertEquals(1, k.blocksPerThread(), k.describe() + ": wide rows (more features than an eighth of the stored entries): one block per thread");
        String old = System.getProperty("bilevel4j.simd");
        System.setProperty("bilevel4j.simd", "false");
        try {
            assertEquals("sparse (CSR) float32", LogisticModel.multinomial(x, labels, 5, true).withPrecision(Precision.FLOAT).kernel());
        } finally {
            if (old == null) System.clearProperty("bilevel4j.simd"); else System.setProperty("bilevel4j.simd", old);
        }
    }

    /**
     * Both float kernels' flushes (binary and 2 classes: {@link SparseRowsFloat}; 5 classes: {@link SparseRowsClassLanes}):
     * feature 0 is stored in every row (more than FLUSH_ROWS: flushed every FLUSH_ROWS rows), the others in about 10% (at
     * the end of the block, as the rows of a block are distinct); a subset of 3·FLUSH_ROWS rows drawn with repeats forces a
     * full flush at each repeated row. One thread, so that one block sees every row: all oracles agree with double far below
     * what float sums of 8000 terms would drift, 5e-7 relative.
     */
    @ParameterizedTest
    @CsvSource({"1", "2", "5"})
    void floatKernelsFlushFrequentFeaturesAndOnRepeatedRows(int classes) {
        int n = 4 * SparseRowsFloat.FLUSH_ROWS + 5, d = 40;
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        int[] ptr = new int[n + 1];
        java.util.List<Integer> cols = new java.util.ArrayList<>();
        java.util.List<Float> vals = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            cols.add(0);
            vals.add(1f + (float) r.nextDouble());
            for (int j = 1; j < d; j++) if (r.nextInt(10) == 0) { cols.add(j); vals.add((float) (2 * r.nextDouble() - 1)); }
            ptr[i + 1] = cols.size();
        }
        CsrMatrix x = new CsrMatrix(n, d, ptr, cols.stream().mapToInt(Integer::intValue).toArray(), toFloats(vals));
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = (i * 3 + i / 11) % Math.max(classes, 2);
        String threads = System.getProperty("bilevel4j.threads");
        System.setProperty("bilevel4j.threads", "1");
        try {
            LogisticModel dbl = classes == 1 ? LogisticModel.binary(x, labels, true) : LogisticModel.multinomial(x, labels, classes, true);
            LogisticModel flt = dbl.withPrecision(Precision.FLOAT);
            assertEquals(kernelFor(classes, x), flt.kernel());
            assertArrayEquals(new int[] {0}, ((SparseFloatKernel) RowKernel.of(x, Precision.FLOAT, classes)).frequent);
            int[] subset = new int[3 * SparseRowsFloat.FLUSH_ROWS];
            for (int k = 0; k < subset.length; k++) subset[k] = r.nextInt(n);
            double[] w = ModelData.random(dbl.dim(), 0.3, 1), v = ModelData.random(dbl.dim(), 0.3, 2);
            for (int[] rows : new int[][] {null, subset}) {
                double[] g1 = new double[dbl.dim()], g2 = new double[dbl.dim()];
                dbl.valueGrad(w, rows, null, g1);
                flt.valueGrad(w, rows, null, g2);
                assertTrue(relDiff(g2, g1) < 5e-7, (rows == null ? "all rows" : "repeated rows") + ": gradient " + relDiff(g2, g1));
                dbl.hvp(w, rows, null, v, g1);
                flt.hvp(w, rows, null, v, g2);
                assertTrue(relDiff(g2, g1) < 5e-7, (rows == null ? "all rows" : "repeated rows") + ": HVP " + relDiff(g2, g1));
            }
        } finally {
            if (threads == null) System.clearProperty("bilevel4j.threads"); else System.setProperty("bilevel4j.threads", threads);
        }
    }

    /**
     * A full flush after few rows on wide data (a mini-batch: its rows store fewer than d / SPARSE_FLUSH entries) adds only
     * their features: mini-batches of 16 rows drawn with repeats (each repeat a full flush mid-batch) from 400 rows of
     * 12000 features, binary, 2 and 5 classes, every oracle against double at 5e-7, twice through the same blocks (a
     * feature left in the float partial gradient shows in the next batch). Over all 400 rows the flush is the dense one.
     */
    @ParameterizedTest
    @CsvSource({"1", "2", "5"})
    void miniBatchesOnWideRowsFlushOnlyTheirFeatures(int classes) {
        int n = 400, d = 12000;
        CsrMatrix x = SparseKernelOrderTest.rows(n, d, 9);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = (i * 3 + i / 7) % Math.max(classes, 2);
        LogisticModel dbl = classes == 1 ? LogisticModel.binary(x, labels, true) : LogisticModel.multinomial(x, labels, classes, false);
        LogisticModel flt = dbl.withPrecision(Precision.FLOAT);
        SparseFloatKernel k = (SparseFloatKernel) RowKernel.of(x, Precision.FLOAT, classes);
        ScatteredRows all = new ScatteredRows(n), batch = new ScatteredRows(n);
        for (int i = 0; i < n; i++) all.add(i, x.rowPtr()[i + 1] - x.rowPtr()[i]);
        for (int i = 0; i < 16; i++) batch.add(i, x.rowPtr()[i + 1] - x.rowPtr()[i]);
        assertFalse(k.sparseFlush(all), all.entries() + " entries over all rows: the dense flush");
        assertTrue(k.sparseFlush(batch), batch.entries() + " entries in 16 rows: the sparse flush");
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        double[] w = ModelData.random(dbl.dim(), 0.3, 1), v = ModelData.random(dbl.dim(), 0.3, 2);
        double[] g1 = new double[dbl.dim()], g2 = new double[dbl.dim()];
        for (int b = 0; b < 6; b++) {
            int[] rows = new int[16];
            for (int q = 0; q < rows.length; q++) rows[q] = r.nextInt(b % 2 == 0 ? n : 20); // odd batches: repeats
            dbl.valueGrad(w, rows, null, g1);
            flt.valueGrad(w, rows, null, g2);
            assertTrue(relDiff(g2, g1) < 5e-7, "batch " + b + ": gradient " + relDiff(g2, g1));
            dbl.hvp(w, rows, null, v, g1);
            flt.hvp(w, rows, null, v, g2);
            assertTrue(relDiff(g2, g1) < 5e-7, "batch " + b + ": HVP " + relDiff(g2, g1));
        }
        dbl.valueGrad(w, null, null, g1);
        flt.valueGrad(w, null, null, g2);
        assertTrue(relDiff(g2, g1) < 5e-7, "all rows: gradient " + relDiff(g2, g1));
    }

    /**
     * Both float kernels' dots read w itself, rounding each weight as they read it, for a block's first d / SPARSE_FLUSH
     * stored entries (a mini-batch on wide data), then through the float copy: the same rows give the same bits both ways.
     * Scalar kernel: 1 and 2 outputs; lanes kernel: 5, 17 and 20 (its scalar fused multiply-adds against its lanes), with a
     * bias.
     */
    @ParameterizedTest
    @CsvSource({"1,false", "2,false", "5,true", "17,true", "20,true"})
    void dotsWithoutTheFloatCopyGiveTheSameBits(int m, boolean lanes) {
        int n = 400, d = 12000, stride = d + 1;
        CsrMatrix x = SparseKernelOrderTest.rows(n, d, 9);
        RowKernel k = lanes ? new SparseRowsClassLanes(x) : new SparseRowsFloat(x);
        RowKernel.Tiles t = k.tiles(m, stride, true, new double[m * stride]);
        double[] w = ModelData.random(m * stride, 0.3, 4), first = new double[4 * m], again = new double[4 * m];
        int[] rows = {3, 11, 23, 35};
        t.load(rows, 4);
        t.dots(w, first);
        int[] idx = new int[4];
        for (int i = 0; i + 4 <= n; i += 4) { // 2200 stored entries: past d / SPARSE_FLUSH = 1500, so the copy is made
            for (int q = 0; q < 4; q++) idx[q] = i + q;
            t.load(idx, 4);
            t.dots(w, new double[4 * m]);
        }
        t.load(rows, 4);
        t.dots(w, again);
        t.finish();
        for (int q = 0; q < first.length; q++)
            assertEquals(Double.doubleToRawLongBits(first[q]), Double.doubleToRawLongBits(again[q]), "logit " + q + ": " + first[q] + " then " + again[q]);
        assertNotEquals(0.0, first[0] - first[1] + first[2 * m], "the logits are not all zero");
    }

    /** The rows of a block since its last full flush: a repeat is refused, clear forgets exactly the rows added. */
    @Test void scatteredRowsTellRepeats() {
        ScatteredRows s = new ScatteredRows(200);
        assertTrue(s.add(5, 3));
        assertTrue(s.add(199, 4));
        assertTrue(s.add(64, 1));
        assertFalse(s.add(5, 3), "row 5 again");
        assertEquals(3, s.count());
        assertEquals(8, s.entries());
        assertEquals(199, s.row(1));
        s.clear();
        assertEquals(0, s.count());
        assertEquals(0, s.entries());
        for (int i = 0; i < 200; i++) assertTrue(s.add(i, 1), "row " + i + " after clear");
        assertFalse(s.add(130, 1));
    }

    static float[] toFloats(java.util.List<Float> l) {
        float[] f = new float[l.size()];
        for (int k = 0; k < f.length; k++) f[k] = l.get(k);
        return f;
    }

    /**
     * The lanes kernel's float partial gradient (feature-major) is flushed into the class-major double one: over 5 flushes'
     * worth of rows, twice, the gradient matches double far below float's drift.
     */
    @Test void lanesKernelFlushesIntoTheClassMajorGradient() {
        int n = 5 * SparseRowsFloat.FLUSH_ROWS + 3;
        CsrMatrix x = SparseKernelOrderTest.rows(n, 50, 11);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = (i * 5 + i / 7) % 6;
        LogisticModel dbl = LogisticModel.multinomial(x, labels, 6, true), flt = dbl.withPrecision(Precision.FLOAT);
        double[] w = ModelData.random(dbl.dim(), 0.3, 1), g1 = new double[dbl.dim()], g2 = new double[dbl.dim()];
        dbl.valueGrad(w, null, null, g1);
        for (int k = 0; k < 2; k++) {
            flt.valueGrad(w, null, null, g2);
            assertTrue(relDiff(g2, g1) < 2e-6, "gradient over " + n + " rows, sweep " + k + ": " + relDiff(g2, g1));
        }
    }

    /**
     * The float partial gradient is flushed: one sweep over 5 flushes' worth of rows, twice through the same tile cursor
     * pattern as a pass (blocks call finish), matches double far below float's drift, and a second sweep starts from zero.
     */
    @Test void longSweepsAreFlushedAndStartFromZero() {
        int n = 5 * SparseRowsFloat.FLUSH_ROWS + 3;
        CsrMatrix x = SparseKernelOrderTest.rows(n, 50, 9);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 3 == 0 ? 1 : 0;
        LogisticModel dbl = LogisticModel.binary(x, labels, true), flt = dbl.withPrecision(Precision.FLOAT);
        double[] w = ModelData.random(dbl.dim(), 0.3, 1), g1 = new double[dbl.dim()], g2 = new double[dbl.dim()];
        dbl.valueGrad(w, null, null, g1);
        for (int k = 0; k < 2; k++) {
            flt.valueGrad(w, null, null, g2);
            assertTrue(relDiff(g2, g1) < 2e-6, "gradient over " + n + " rows, sweep " + k + ": " + relDiff(g2, g1));
        }
    }
}
