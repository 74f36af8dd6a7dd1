package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.bilevel4j.model.SimdKernelTest.relDiff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Precision#FLOAT} (the float32 SIMD kernel) against {@link Precision#DOUBLE} on every oracle of the model.
 * Float rounding of sums of at most {@link DenseRowsFloatSimd#FLUSH_ROWS} rows gives relative differences around
 * 1e-7; 2e-5 allows for them, while a lost tile, tail, bias or flush shows as an error of order one. Shapes: the
 * 4×5, 4×2 and 4×1 register blocks (m = 10, 7, 3, 1), features that do and do not fill the last vector, partial
 * tiles, row sets with repeats, and more rows than one flush.
 */
class FloatKernelTest {
    static final double TOL = 2e-5;

    @ParameterizedTest
    @CsvSource({"1000,64,10,false", "603,45,10,true", "300,37,7,true", "257,16,3,false", "650,100,2,true", "777,21,1,false", "40,5,4,true"})
    void everyOracleAgreesWithDouble(int n, int d, int classes, boolean bias) {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        ModelData data = new ModelData(n, d, Math.max(classes, 2), n + d);
        boolean binary = classes == 1;
        LogisticModel dbl = binary ? LogisticModel.binary(data.dense, mod2(data.labels), bias)
                : LogisticModel.multinomial(data.dense, data.labels, classes, bias);
        LogisticModel flt = dbl.withPrecision(Precision.FLOAT);
        assertTrue(flt.kernel().contains("float32"), flt.kernel());
        assertEquals(Precision.FLOAT, flt.precision());
        assertSame(dbl, dbl.withPrecision(Precision.DOUBLE));
        oraclesAgree(dbl, flt, n);
        assertEquals(dbl.curvatureBound(), flt.curvatureBound(), TOL * dbl.curvatureBound());
    }

    /** The partial float sums really are flushed: a sum over 20 flushes of rows matches double to far below float's drift. */
    @Test void longSweepsStayAccurate() {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        int n = 20 * DenseRowsFloatSimd.FLUSH_ROWS + 3;
        ModelData data = new ModelData(n, 32, 10, 5);
        LogisticModel dbl = LogisticModel.multinomial(data.dense, data.labels, 10, false), flt = dbl.withPrecision(Precision.FLOAT);
        double[] w = ModelData.random(dbl.dim(), 0.1, 1), g1 = new double[dbl.dim()], g2 = new double[dbl.dim()];
        dbl.valueGrad(w, null, null, g1);
        flt.valueGrad(w, null, null, g2);
        assertTrue(relDiff(g2, g1) < 2e-6, "gradient over " + n + " rows: " + relDiff(g2, g1));
    }

    @Test void sparseDataAndParsing() {
        ModelData data = new ModelData(10, 3, 2, 1);
        assertEquals("sparse (CSR) float32", LogisticModel.binary(data.sparse, data.labels, false).withPrecision(Precision.FLOAT).kernel());
        assertEquals(Precision.FLOAT, Precision.parse(" Float"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("half"));
        assertTrue(e.getMessage().contains("float, double"), e.getMessage());
    }

    static int[] mod2(int[] labels) {
        int[] l = labels.clone();
        for (int i = 0; i < l.length; i++) l[i] %= 2;
        return l;
    }

    /**
     * Every oracle of the float32 model flt against the double model dbl (n rows) within TOL relative, on all rows and
     * on a row subset with repeats, with positive sample weights: value, gradient, HVP, per-sample losses, gradient dots.
     */
    static void oraclesAgree(LogisticModel dbl, LogisticModel flt, int n) { oraclesAgree(dbl, flt, n, 1); }

    /** The same with parameters and direction of scale {@code scale}. */
    static void oraclesAgree(LogisticModel dbl, LogisticModel flt, int n, double scale) {
        double[] w = ModelData.random(dbl.dim(), scale, 1), v = ModelData.random(dbl.dim(), scale, 2), sw = ModelData.random(n, 1, 3);
        for (int i = 0; i < n; i++) sw[i] = Math.abs(sw[i]);
        int[] subset = {0, 5, 7, 7, 12, n - 1, n / 2, 2, 3, 3, n / 3};
        for (int[] rows : new int[][] {null, subset}) {
            String where = rows == null ? "all rows" : "a row subset";
            double v1 = dbl.value(w, rows, sw), v2 = flt.value(w, rows, sw);
            assertEquals(v1, v2, TOL * Math.abs(v1), "value on " + where);
            double[] g1 = new double[dbl.dim()], g2 = new double[dbl.dim()], h1 = new double[dbl.dim()], h2 = new double[dbl.dim()];
            dbl.valueGrad(w, rows, sw, g1);
            flt.valueGrad(w, rows, sw, g2);
            assertTrue(relDiff(g2, g1) < TOL, "gradient on " + where + ": " + relDiff(g2, g1));
            dbl.hvp(w, rows, sw, v, h1);
            flt.hvp(w, rows, sw, v, h2);
            assertTrue(relDiff(h2, h1) < TOL, "HVP on " + where + ": " + relDiff(h2, h1));
            double[] l1 = new double[n], l2 = new double[n], d1 = new double[n], d2 = new double[n];
            dbl.sampleLosses(w, rows, l1);
            flt.sampleLosses(w, rows, l2);
            assertTrue(relDiff(l2, l1) < TOL, "losses on " + where + ": " + relDiff(l2, l1));
            dbl.sampleGradDots(w, rows, v, d1);
            flt.sampleGradDots(w, rows, v, d2);
            assertTrue(relDiff(d2, d1) < TOL, "gradient dots on " + where + ": " + relDiff(d2, d1));
        }
    }
}
