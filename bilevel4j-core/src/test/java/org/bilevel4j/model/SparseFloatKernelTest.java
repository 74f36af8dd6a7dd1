package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.bilevel4j.model.SimdKernelTest.relDiff;

import org.bilevel4j.data.CsrMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Precision#FLOAT} on CSR data ({@link SparseRowsFloat}, plain Java: no vector module needed) against the double
 * CSR kernel on every oracle of the model. Float rounding of sums of at most {@link SparseRowsFloat#FLUSH_ROWS} rows
 * gives relative differences around 1e-7; 2e-5 allows for them, while a lost row remainder, output, bias or flush
 * shows as an error of order one. Rows of every length 0..11 (every remainder mod 4), binary and multinomial, with and
 * without bias, row sets with repeats, and more rows than one flush.
 */
class SparseFloatKernelTest {
    static final double TOL = 2e-5;

    @ParameterizedTest
    @CsvSource({"301,40,1,false", "301,40,1,true", "250,23,3,true", "4200,60,1,true", "2100,30,4,false"})
    void everyOracleAgreesWithDouble(int n, int d, int classes, boolean bias) {
        CsrMatrix x = SparseKernelOrderTest.rows(n, d, n + d);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = (i * 7 + i / 3) % Math.max(classes, 2);
        LogisticModel dbl = classes == 1 ? LogisticModel.binary(x, labels, bias) : LogisticModel.multinomial(x, labels, classes, bias);
        LogisticModel flt = dbl.withPrecision(Precision.FLOAT);
        assertEquals("sparse (CSR) float32", flt.kernel());
        assertEquals("sparse (CSR)", dbl.kernel());
        double[] w = ModelData.random(dbl.dim(), 1, 1), v = ModelData.random(dbl.dim(), 1, 2), sw = ModelData.random(n, 1, 3);
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
