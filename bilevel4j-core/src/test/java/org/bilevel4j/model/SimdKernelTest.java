package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.bilevel4j.data.DenseMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SIMD dense kernel (jdk.incubator.vector) against the scalar one: the same sums in another order, so they
 * agree to rounding (1e-9 relative is far above it and far below any real error). Skipped when the JVM runs
 * without --add-modules jdk.incubator.vector (the build's surefire passes it).
 */
class SimdKernelTest {
    static final double TOL = 1e-9;

    static double relDiff(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int j = 0; j < a.length; j++) {
            num += (a[j] - b[j]) * (a[j] - b[j]);
            den += b[j] * b[j];
        }
        return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300);
    }

    static DenseMatrix randomMatrix(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) (2 * r.nextDouble() - 1);
        return new DenseMatrix(n, d, x);
    }

    /** Every tile size, output count (register groups of 5, 4, 2, 1 and their remainders) and a feature tail. */
    @ParameterizedTest
    @CsvSource({"37,1,false", "37,3,true", "64,10,false", "101,10,true", "16,7,true", "5,2,false", "23,5,true", "8,15,false"})
    void kernelsAgreeOnEveryTile(int d, int m, boolean bias) {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        DenseMatrix x = randomMatrix(11, d, d * 31L + m);
        DoubleKernel simd = (DoubleKernel) SimdSupport.dense(x, Precision.DOUBLE), scalar = new DenseRows(x);
        assertTrue(simd.describe().contains("SIMD"), simd.describe());
        int stride = d + (bias ? 1 : 0);
        double[] w = ModelData.random(m * stride, 1, 3), xs1 = new double[scalar.scratchLength()], xs2 = new double[simd.scratchLength()];
        for (int count = 1; count <= RowKernel.TILE; count++) {
            int[] idx = {7, 2, 10, 2}; // a repeated row, as in a mini-batch
            scalar.load(idx, count, xs1);
            simd.load(idx, count, xs2);
            double[] z1 = new double[count * m], z2 = new double[count * m];
            scalar.dots(idx, count, w, m, stride, bias, z1, xs1);
            simd.dots(idx, count, w, m, stride, bias, z2, xs2);
            assertTrue(relDiff(z2, z1) < TOL, "dots, tile of " + count + ": " + relDiff(z2, z1));
            // and against a plain sum
            for (int r = 0; r < count; r++)
                for (int c = 0; c < m; c++) {
                    double s = bias ? w[c * stride + d] : 0;
                    for (int j = 0; j < d; j++) s += x.get(idx[r], j) * w[c * stride + j];
                    assertEquals(s, z2[r * m + c], 1e-12 * (1 + Math.abs(s)));
                }
            double[] a = ModelData.random(count * m, 1, 4 + count), g1 = ModelData.random(m * stride, 1, 9), g2 = g1.clone();
            scalar.axpy(idx, count, a, m, stride, bias, g1, xs1);
            simd.axpy(idx, count, a, m, stride, bias, g2, xs2);
            assertTrue(relDiff(g2, g1) < TOL, "axpy, tile of " + count + ": " + relDiff(g2, g1));
        }
    }

    /** Whole oracles through LogisticModel, with the kernel chosen by the system property bilevel4j.simd. */
    @ParameterizedTest
    @CsvSource({"false,false", "false,true", "true,true"})
    void modelsAgree(boolean binary, boolean bias) {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        ModelData data = new ModelData(203, 45, 10, 21); // 203 rows: partial tiles at the ends of the row blocks
        int[] labels = data.labels.clone();
        if (binary) for (int i = 0; i < labels.length; i++) labels[i] %= 2;
        LogisticModel simd = model(data, labels, binary, bias, true), scalar = model(data, labels, binary, bias, false);
        assertTrue(simd.kernel().contains("SIMD"), simd.kernel());
        assertEquals("dense scalar", scalar.kernel());
        double[] w = ModelData.random(simd.dim(), 1, 1), v = ModelData.random(simd.dim(), 1, 2), sw = ModelData.random(simd.samples(), 1, 3);
        for (int i = 0; i < sw.length; i++) sw[i] = Math.abs(sw[i]);
        for (int[] rows : new int[][] {null, {0, 5, 7, 7, 12, 33, 59, 2, 202}}) {
            assertEquals(scalar.value(w, rows, sw), simd.value(w, rows, sw), TOL * Math.abs(scalar.value(w, rows, sw)));
            double[] g1 = new double[simd.dim()], g2 = new double[simd.dim()], h1 = new double[simd.dim()], h2 = new double[simd.dim()];
            scalar.valueGrad(w, rows, sw, g1);
            simd.valueGrad(w, rows, sw, g2);
            assertTrue(relDiff(g2, g1) < TOL, "gradient " + relDiff(g2, g1));
            scalar.hvp(w, rows, sw, v, h1);
            simd.hvp(w, rows, sw, v, h2);
            assertTrue(relDiff(h2, h1) < TOL, "HVP " + relDiff(h2, h1));
            double[] l1 = new double[simd.samples()], l2 = new double[simd.samples()], d1 = new double[simd.samples()], d2 = new double[simd.samples()];
            scalar.sampleLosses(w, rows, l1);
            simd.sampleLosses(w, rows, l2);
            assertTrue(relDiff(l2, l1) < TOL, "losses " + relDiff(l2, l1));
            scalar.sampleGradDots(w, rows, v, d1);
            simd.sampleGradDots(w, rows, v, d2);
            assertTrue(relDiff(d2, d1) < TOL, "gradient dots " + relDiff(d2, d1));
        }
        assertEquals(scalar.curvatureBound(), simd.curvatureBound(), TOL * scalar.curvatureBound());
    }

    static LogisticModel model(ModelData data, int[] labels, boolean binary, boolean bias, boolean useSimd) {
        String old = System.getProperty("bilevel4j.simd");
        try {
            System.setProperty("bilevel4j.simd", Boolean.toString(useSimd));
            return binary ? LogisticModel.binary(data.dense, labels, bias) : LogisticModel.multinomial(data.dense, labels, data.classes, bias);
        } finally {
            if (old == null) System.clearProperty("bilevel4j.simd"); else System.setProperty("bilevel4j.simd", old);
        }
    }

    @Test void scalarKernelIsUsedWhenSimdIsSwitchedOff() {
        ModelData data = new ModelData(10, 3, 2, 1);
        assertEquals("dense scalar", model(data, data.labels, true, false, false).kernel());
        assertEquals("sparse (CSR)", LogisticModel.binary(data.sparse, data.labels, false).kernel());
    }
}
