package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Standardizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The 8-bit kernel's products without the all-zero bytes ({@link LanesOverNonzeros}): on tiles with many zero columns and
 * row pieces, and on tiles with none, bit for bit the dense products of {@link LanesOverRows}; full passes (partial last
 * tiles included) bit for bit the passes with {@code bilevel4j.skipZeros=false}; non-finite weights non-finite results
 * either way.
 */
class LanesOverNonzerosTest {
    private static final int T = LanesOverRows.ROWS;

    /**
     * Image-like bytes: features j % 7 == 0 and the first eighth always 0 (a border), each row lit on a random third of
     * the features (a third of those bytes 0 too), 0 elsewhere; with zeros false, every byte in 1..255.
     */
    static byte[] image(int n, int d, boolean zeros, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] v = new byte[n * d];
        for (int i = 0; i < n; i++) {
            int lo = r.nextInt(d), len = Math.max(1, d / 3);
            for (int j = 0; j < d; j++) {
                boolean lit = (j - lo + d) % d < len && j % 7 != 0 && j >= d / 8;
                v[i * d + j] = (byte) (!zeros ? 1 + r.nextInt(255) : lit && r.nextInt(3) != 0 ? 1 + r.nextInt(255) : 0);
            }
        }
        return v;
    }

    @ParameterizedTest
    @CsvSource({"784,10,true", "784,10,false", "100,7,true", "100,7,false", "37,1,true", "37,1,false", "53,16,true"})
    void listedProductsAreTheDenseOnesBitForBit(int d, int m, boolean zeros) {
        assumeTrue(SimdSupport.available() && LanesOverRows.SUPPORTED, "no vector widening of the bytes here");
        int n = 5 * T + 7, tiles = n / T, up = d - d % (T / 2);
        byte[] v = image(n, d, zeros, d + m);
        LanesOverNonzeros.Columns denseC = LanesOverNonzeros.columns(v, n, d, Double.POSITIVE_INFINITY), listC = LanesOverNonzeros.columns(v, n, d, 0);
        LanesOverNonzeros.Blocks denseB = LanesOverNonzeros.blocks(v, n, d, up, Double.POSITIVE_INFINITY), listB = LanesOverNonzeros.blocks(v, n, d, up, 0);
        assertFalse(denseC.skips() || denseB.skips());
        assertTrue(listC.skips() && listB.skips());
        assertEquals(zeros, listC.zeros() > 0, "zero columns: " + listC.zeros());
        assertEquals(zeros, listB.skipped() > 0, "row pieces left out: " + listB.skipped());
        assertEquals(listC.zeros(), denseC.zeros());
        SplittableRandom r = new SplittableRandom(3);
        float[] wt = new float[d * m], af = new float[T * m], g1 = new float[m * d];
        for (int k = 0; k < wt.length; k++) wt[k] = (float) r.nextGaussian();
        for (int k = 0; k < g1.length; k++) g1[k] = (float) r.nextGaussian();
        float[] g2 = g1.clone();
        for (int q = 0; q < tiles; q++) {
            float[] z1 = new float[m * T], z2 = new float[m * T];
            LanesOverNonzeros.dots(denseC, q, d, wt, m, z1);
            LanesOverNonzeros.dots(listC, q, d, wt, m, z2);
            assertBits(z1, z2, "logits of tile " + q);
            for (int k = 0; k < af.length; k++) af[k] = (float) r.nextGaussian();
            LanesOverNonzeros.axpy(denseB, q, d, up, af, m, g1);
            LanesOverNonzeros.axpy(listB, q, d, up, af, m, g2);
            assertBits(g1, g2, "gradient after tile " + q);
        }
        // the plain sums, so that both are right and not just equal
        for (int c = 0; c < m; c++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += (v[j] & 0xFF) * (double) wt[j * m + c];
            float[] z = new float[m * T];
            LanesOverNonzeros.dots(listC, 0, d, wt, m, z);
            assertEquals(s, z[c * T], 1e-5 * (1 + Math.abs(s)), "logit of row 0, output " + c);
        }
    }

    private static void assertBits(float[] a, float[] b, String what) {
        for (int k = 0; k < a.length; k++)
            assertEquals(Float.floatToIntBits(a[k]), Float.floatToIntBits(b[k]), what + " at " + k + ": " + a[k] + " vs " + b[k]);
    }

    /**
     * The byte model of raw pixels, made with bilevel4j.skipZeros = skip (read when its kernel is made), the rows in their
     * natural order (bilevel4j.rowOrder=false: a row order changes the order of float sums, RowOrderTest).
     */
    private static LogisticModel model(DenseMatrix raw, int[] labels, int classes, boolean bias, boolean skip) {
        return byteModel(raw, labels, classes, bias, "bilevel4j.skipZeros=" + skip, "bilevel4j.rowOrder=false");
    }

    /** The byte model of raw pixels, its kernel made with the system property {@code property} set to {@code value}. */
    static LogisticModel byteModel(DenseMatrix raw, int[] labels, int classes, boolean bias, String property, boolean value) {
        return byteModel(raw, labels, classes, bias, property + "=" + value);
    }

    /** The byte model of raw pixels, its kernel made with the system properties "name=value" set (and restored after). */
    static LogisticModel byteModel(DenseMatrix raw, int[] labels, int classes, boolean bias, String... properties) {
        String[] old = new String[properties.length];
        for (int k = 0; k < properties.length; k++) {
            String[] nv = properties[k].split("=", 2);
            old[k] = System.getProperty(nv[0]);
            System.setProperty(nv[0], nv[1]);
        }
        try {
            Standardizer st = Standardizer.fit(raw);
            DenseMatrix x = (DenseMatrix) st.apply(raw);
            LogisticModel dbl = classes == 1 ? LogisticModel.binary(x, FloatKernelTest.mod2(labels), bias) : LogisticModel.multinomial(x, labels, classes, bias);
            return dbl.withPrecision(Precision.FLOAT).withBytes(ByteFeatures.of(raw, st));
        } finally {
            for (int k = properties.length - 1; k >= 0; k--) {
                String name = properties[k].split("=", 2)[0];
                if (old[k] == null) System.clearProperty(name); else System.setProperty(name, old[k]);
            }
        }
    }

    /** n × d image-like raw pixels (many zero bytes), as floats. */
    static DenseMatrix raw(int n, int d, long seed) {
        byte[] b = image(n, d, true, seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) v[i] = b[i] & 0xFF;
        return new DenseMatrix(n, d, v);
    }

    /** The percentage of a full pass's FLOPs the kernel reports skipped (after a pass). */
    static double skippedPercent(LogisticModel model) {
        java.util.regex.Matcher mt = java.util.regex.Pattern.compile("([0-9.]+)% of a full pass's FLOPs").matcher(model.kernel());
        assertTrue(mt.find(), model.kernel());
        return Double.parseDouble(mt.group(1));
    }

    @ParameterizedTest
    @CsvSource({"2003,784,10,false", "1201,784,10,true", "333,100,7,false", "97,37,1,true", "64,48,7,true"})
    void passesAreTheDensePassesBitForBit(int n, int d, int classes, boolean bias) {
        assumeTrue(SimdSupport.available() && LanesOverRows.SUPPORTED, "no vector widening of the bytes here");
        DenseMatrix raw = raw(n, d, n + d);
        int[] labels = new ModelData(n, d, Math.max(classes, 2), n).labels;
        LogisticModel dense = model(raw, labels, classes, bias, false), skip = model(raw, labels, classes, bias, true);
        double[] w = ModelData.random(dense.dim(), 0.1, 1), w2 = ModelData.random(dense.dim(), 0.1, 4), v = ModelData.random(dense.dim(), 0.1, 2),
                sw = ModelData.random(n, 1, 3);
        for (int i = 0; i < n; i++) sw[i] = Math.abs(sw[i]);
        assertEquals(dense.value(w, null, sw), skip.value(w, null, sw), "value");
        assertSame(dense, skip, m -> {
            double[] g = new double[m.dim()];
            m.valueGrad(w, null, sw, g);
            return g;
        }, "gradient");
        assertSame(dense, skip, m -> {
            double[] h = new double[m.dim()];
            m.valueGrad(w, null, sw, h);
            m.hvp(w, null, sw, v, h); // kept probabilities
            return h;
        }, "HVP");
        assertSame(dense, skip, m -> {
            double[] h = new double[m.dim()];
            m.hvp(w2, null, null, v, h); // logits of w2 and of v in one sweep
            return h;
        }, "HVP at a new point");
        assertSame(dense, skip, m -> {
            double[] l = new double[n];
            m.sampleLosses(w, null, l);
            return l;
        }, "losses");
        assertEquals(0, skippedPercent(dense));
        assertTrue(skippedPercent(skip) > 10, skip.kernel());
    }

    private static void assertSame(LogisticModel a, LogisticModel b, java.util.function.Function<LogisticModel, double[]> f, String what) {
        double[] x = f.apply(a), y = f.apply(b);
        for (int k = 0; k < x.length; k++) assertEquals(Double.doubleToLongBits(x[k]), Double.doubleToLongBits(y[k]), what + " at " + k + ": " + x[k] + " vs " + y[k]);
    }

    @Test void nonFiniteWeightsGiveNonFiniteResultsEitherWay() {
        assumeTrue(SimdSupport.available() && LanesOverRows.SUPPORTED, "no vector widening of the bytes here");
        int n = 4 * T, d = 64, classes = 10;
        DenseMatrix raw = raw(n, d, 5);
        int[] labels = new ModelData(n, d, classes, 6).labels;
        for (boolean skip : new boolean[] {false, true}) {
            LogisticModel model = model(raw, labels, classes, false, skip);
            for (double bad : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN})
                for (int j : new int[] {0, 9, 20}) { // always 0 (a border feature), lit in some rows
                    double[] w = ModelData.random(model.dim(), 0.1, 1), g = new double[model.dim()];
                    w[model.index(3, j)] = bad;
                    double value = model.valueGrad(w, null, null, g);
                    String where = (skip ? "skipping" : "dense") + ", w_3," + j + " = " + bad;
                    assertFalse(Double.isFinite(value), "value, " + where);
                    boolean finite = true;
                    for (double x : g) finite &= Double.isFinite(x);
                    assertFalse(finite, "gradient, " + where);
                }
            assertEquals(skip, skippedPercent(model) > 0, model.kernel());
        }
    }

    @Test void copiesWithoutZerosAreSmallerAndTheirListsShort() {
        int n = 40 * T, d = 784;
        byte[] v = image(n, d, true, 1);
        LanesOverNonzeros.Columns c = LanesOverNonzeros.columns(v, n, d, 0);
        LanesOverNonzeros.Blocks b = LanesOverNonzeros.blocks(v, n, d, d, 0);
        long zeroC = c.zeros(), zeroB = b.zeros();
        assertEquals((c.columns() - zeroC + 1) * T, c.bytes().length); // and one zero column for the feature pairs
        assertTrue(b.skipped() > 0 && b.skipped() <= zeroB, b.skipped() + " of " + zeroB);
        assertEquals((b.pieces() - b.skipped()) * (T / 2), b.bytes().length);
        assertEquals(4L * (n / T + 1) + 2 * (c.columns() - zeroC), c.indexBytes());
        assertTrue(c.indexBytes() < c.bytes().length / 8 && b.indexBytes() < b.bytes().length / 8, c.indexBytes() + " " + b.indexBytes());
        // below the threshold the dense copy
        assertFalse(LanesOverNonzeros.columns(v, n, d, 1.01 * zeroC / c.columns()).skips());
        assertTrue(LanesOverNonzeros.columns(v, n, d, 0.99 * zeroC / c.columns()).skips());
    }
}
