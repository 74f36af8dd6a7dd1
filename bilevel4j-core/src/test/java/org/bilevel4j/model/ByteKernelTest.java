package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Standardizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The 8-bit feature kernel ({@link DenseRowsByteSimd}) against the double kernel on the standardized floats, on every
 * oracle, with the float kernel's tolerance; and the cases that must stay float.
 */
class ByteKernelTest {
    /** Image-like bytes: mostly 0, some columns constant 0, some rarely lit (tiny variance), the rest spread over 0..255. */
    static DenseMatrix pixels(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                int kind = j % 5;
                v[i * d + j] = kind == 0 ? 0 : kind == 1 ? (r.nextInt(500) == 0 ? 255 : 0) : r.nextInt(3) == 0 ? 0 : r.nextInt(256);
            }
        return new DenseMatrix(n, d, v);
    }

    @ParameterizedTest
    @CsvSource({"1000,64,10,false", "603,45,10,true", "300,37,7,true", "650,100,2,true", "777,21,1,false", "40,5,4,true"})
    void everyOracleAgreesWithDouble(int n, int d, int classes, boolean bias) {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        DenseMatrix raw = pixels(n, d, n + d);
        Standardizer z = Standardizer.fit(raw);
        DenseMatrix x = (DenseMatrix) z.apply(raw);
        ByteFeatures b = ByteFeatures.of(raw, z);
        assertNotNull(b);
        int[] labels = new ModelData(n, d, Math.max(classes, 2), n + d).labels;
        boolean binary = classes == 1;
        LogisticModel dbl = binary ? LogisticModel.binary(x, FloatKernelTest.mod2(labels), bias) : LogisticModel.multinomial(x, labels, classes, bias);
        LogisticModel byt = dbl.withPrecision(Precision.FLOAT).withBytes(b);
        assertTrue(byt.kernel().contains("8-bit"), byt.kernel());
        assertEquals(dbl.kernel(), dbl.withBytes(b).kernel(), "double precision keeps the float features");
        FloatKernelTest.oraclesAgree(dbl, byt, n, 0.1);
    }

    /** Flushes of the float partial sums carry the Σ a_rc of the offset term: many flushes stay accurate. */
    @Test void longSweepsStayAccurate() {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        int n = 20 * DenseRowsFloatSimd.FLUSH_ROWS + 3;
        DenseMatrix raw = pixels(n, 48, 5);
        Standardizer z = Standardizer.fit(raw);
        LogisticModel dbl = LogisticModel.multinomial(z.apply(raw), new ModelData(n, 48, 10, 5).labels, 10, true);
        LogisticModel byt = dbl.withPrecision(Precision.FLOAT).withBytes(ByteFeatures.of(raw, z));
        double[] w = ModelData.random(dbl.dim(), 0.1, 1), g1 = new double[dbl.dim()], g2 = new double[dbl.dim()];
        dbl.valueGrad(w, null, null, g1);
        byt.valueGrad(w, null, null, g2);
        assertTrue(SimdKernelTest.relDiff(g2, g1) < 2e-6, "gradient over " + n + " rows: " + SimdKernelTest.relDiff(g2, g1));
    }

    @Test void dataThatAreNot8BitOrWouldCancelStayFloat() {
        DenseMatrix raw = pixels(50, 8, 1);
        assertNotNull(ByteFeatures.of(raw, null));
        float[] v = raw.values().clone();
        v[3] = 0.5f;
        assertNull(ByteFeatures.of(new DenseMatrix(50, 8, v), null), "a fractional value");
        v[3] = 256;
        assertNull(ByteFeatures.of(new DenseMatrix(50, 8, v), null), "a value above 255");
        // a feature of tiny variance far from 0: 200 everywhere but one 201 (mean / scale ≈ 1400)
        v = raw.values().clone();
        for (int i = 0; i < 50; i++) v[i * 8 + 2] = i == 0 ? 201 : 200;
        DenseMatrix tiny = new DenseMatrix(50, 8, v);
        assertNull(ByteFeatures.of(tiny, Standardizer.fit(tiny)), "cancellation of mean / scale > " + ByteFeatures.MAX_OFFSET);
    }
}
