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
 * gives relative differences around 1e-7; 2e-5 ({@link FloatKernelTest#TOL}) allows for them, while a lost row remainder, output, bias or flush
 * shows as an error of order one. Rows of every length 0..11 (every remainder mod 4), binary and multinomial, with and
 * without bias, row sets with repeats, and more rows than one flush.
 */
class SparseFloatKernelTest {
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
        FloatKernelTest.oraclesAgree(dbl, flt, n);
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
