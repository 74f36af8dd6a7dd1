package org.bilevel4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.DenseMatrix;

/** Small random data for derivative tests: dense floats with about a third zeros, and the same as CSR. */
final class ModelData {
    final DenseMatrix dense;
    final CsrMatrix sparse;
    final int[] labels;
    final int classes;

    ModelData(int n, int d, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(3) == 0 ? 0f : (float) (2 * r.nextDouble() - 1);
        dense = new DenseMatrix(n, d, x);
        sparse = toCsr(dense);
        this.classes = classes;
        labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = r.nextInt(classes);
    }

    static CsrMatrix toCsr(DenseMatrix m) {
        int[] ptr = new int[m.rows() + 1];
        List<Integer> cols = new ArrayList<>();
        List<Float> vals = new ArrayList<>();
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) if (m.get(i, j) != 0) { cols.add(j); vals.add(m.get(i, j)); }
            ptr[i + 1] = cols.size();
        }
        int[] c = new int[cols.size()];
        float[] v = new float[cols.size()];
        for (int k = 0; k < c.length; k++) { c[k] = cols.get(k); v[k] = vals.get(k); }
        return new CsrMatrix(m.rows(), m.cols(), ptr, c, v);
    }

    static double[] random(int n, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = scale * (2 * r.nextDouble() - 1);
        return a;
    }
}
