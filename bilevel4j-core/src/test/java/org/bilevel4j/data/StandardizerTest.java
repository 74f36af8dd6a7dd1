package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class StandardizerTest {
    @Test void denseFitOnTrainAppliesToOthers() {
        DenseMatrix train = new DenseMatrix(4, 3, new float[]{1, 10, 5, 2, 20, 5, 3, 30, 5, 4, 40, 5});
        Standardizer s = Standardizer.fit(train);
        assertArrayEquals(new double[]{2.5, 25, 5}, s.mean(), 1e-12);
        double sd = Math.sqrt(1.25); // population std of 1,2,3,4
        assertArrayEquals(new double[]{sd, 10 * sd, 1}, s.scale(), 1e-9); // constant column keeps scale 1
        DenseMatrix z = (DenseMatrix) s.apply(train);
        for (int j = 0; j < 2; j++) {
            double m = 0, v = 0;
            for (int i = 0; i < 4; i++) m += z.get(i, j) / 4.0;
            for (int i = 0; i < 4; i++) v += (z.get(i, j) - m) * (z.get(i, j) - m) / 4.0;
            assertEquals(0, m, 1e-6);
            assertEquals(1, v, 1e-6);
        }
        assertEquals(0f, z.get(2, 2));
        DenseMatrix test = (DenseMatrix) s.apply(new DenseMatrix(1, 3, new float[]{6, 0, 7}));
        assertArrayEquals(new float[]{(float) (3.5 / sd), (float) (-25 / (10 * sd)), 2f}, test.values(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> s.apply(new DenseMatrix(1, 2, new float[2])));
    }

    @Test void sparseIsScaledNotCentered() {
        // the same matrix dense and CSR: column 0 = {1, 0, 3, 0}, column 1 = {0, 2, 0, 0}
        DenseMatrix d = new DenseMatrix(4, 2, new float[]{1, 0, 0, 2, 3, 0, 0, 0});
        CsrMatrix c = new CsrMatrix(4, 2, new int[]{0, 1, 2, 3, 3}, new int[]{0, 1, 0}, new float[]{1, 2, 3});
        Standardizer sd = Standardizer.fit(d), sc = Standardizer.fit(c);
        assertArrayEquals(sd.scale(), sc.scale(), 1e-12);
        CsrMatrix z = (CsrMatrix) sc.apply(c);
        assertArrayEquals(new float[]{(float) (1 / sd.scale()[0]), (float) (2 / sd.scale()[1]), (float) (3 / sd.scale()[0])}, z.values(), 1e-6f);
        assertArrayEquals(c.colIdx(), z.colIdx());
    }
}
