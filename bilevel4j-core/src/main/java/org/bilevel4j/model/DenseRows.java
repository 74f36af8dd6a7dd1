package org.bilevel4j.model;

import org.bilevel4j.data.DenseMatrix;

/** {@link RowKernel} over a dense row-major float matrix: each row is widened to double once, then streamed from L1. */
final class DenseRows implements RowKernel {
    private final float[] x;
    private final int n, d;

    DenseRows(DenseMatrix m) {
        this.x = m.values();
        this.n = m.rows();
        this.d = m.cols();
    }

    @Override public int rows() { return n; }
    @Override public int cols() { return d; }
    @Override public int scratchLength() { return d; }
    @Override public long work(int i) { return d; }

    @Override public void load(int i, double[] xs) {
        int off = i * d;
        for (int j = 0; j < d; j++) xs[j] = x[off + j];
    }

    @Override public void dots(int i, double[] w, int m, int stride, boolean bias, double[] z, double[] xs) {
        for (int c = 0; c < m; c++) {
            int o = c * stride;
            // four independent partial sums: the adds pipeline instead of waiting on one chain
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int j = 0;
            for (; j + 3 < d; j += 4) {
                s0 += xs[j] * w[o + j];
                s1 += xs[j + 1] * w[o + j + 1];
                s2 += xs[j + 2] * w[o + j + 2];
                s3 += xs[j + 3] * w[o + j + 3];
            }
            for (; j < d; j++) s0 += xs[j] * w[o + j];
            double s = (s0 + s1) + (s2 + s3);
            z[c] = bias ? s + w[o + d] : s;
        }
    }

    @Override public void axpy(int i, double[] r, int m, int stride, boolean bias, double[] g, double[] xs) {
        for (int c = 0; c < m; c++) {
            double rc = r[c];
            if (rc == 0) continue;
            int o = c * stride;
            for (int j = 0; j < d; j++) g[o + j] += rc * xs[j]; // vectorised by C2
            if (bias) g[o + d] += rc;
        }
    }
}
