package org.bilevel4j.model;

import org.bilevel4j.data.CsrMatrix;

/** {@link DoubleKernel} over a CSR float matrix: only the stored entries of a row are touched, row by row. */
final class SparseRows extends DoubleKernel {
    private final int[] ptr, col;
    private final float[] val;
    private final int n, d;

    SparseRows(CsrMatrix m) {
        this.ptr = m.rowPtr();
        this.col = m.colIdx();
        this.val = m.values();
        this.n = m.rows();
        this.d = m.cols();
    }

    @Override public int rows() { return n; }
    @Override public int cols() { return d; }
    @Override public int scratchLength() { return 0; }
    @Override public long work(int i) { return ptr[i + 1] - ptr[i] + 1; }
    @Override public String describe() { return "sparse (CSR)"; }
    @Override public void load(int[] idx, int count, double[] scratch) {}

    @Override public void dots(int[] idx, int count, double[] w, int m, int stride, boolean bias, double[] z, double[] scratch) {
        for (int r = 0; r < count; r++) {
            int a = ptr[idx[r]], b = ptr[idx[r] + 1];
            for (int c = 0; c < m; c++) {
                int o = c * stride;
                double s = 0;
                for (int k = a; k < b; k++) s += val[k] * w[o + col[k]];
                z[r * m + c] = bias ? s + w[o + d] : s;
            }
        }
    }

    @Override public void axpy(int[] idx, int count, double[] coef, int m, int stride, boolean bias, double[] g, double[] scratch) {
        for (int r = 0; r < count; r++) {
            int a = ptr[idx[r]], b = ptr[idx[r] + 1];
            for (int c = 0; c < m; c++) {
                double rc = coef[r * m + c];
                if (rc == 0) continue;
                int o = c * stride;
                for (int k = a; k < b; k++) g[o + col[k]] += rc * val[k];
                if (bias) g[o + d] += rc;
            }
        }
    }
}
