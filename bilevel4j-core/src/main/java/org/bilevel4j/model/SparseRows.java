package org.bilevel4j.model;

import org.bilevel4j.data.CsrMatrix;

/** {@link RowKernel} over a CSR float matrix: only the stored entries of a row are touched. */
final class SparseRows implements RowKernel {
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
    @Override public void load(int i, double[] scratch) {}

    @Override public void dots(int i, double[] w, int m, int stride, boolean bias, double[] z, double[] scratch) {
        int a = ptr[i], b = ptr[i + 1];
        for (int c = 0; c < m; c++) {
            int o = c * stride;
            double s = 0;
            for (int k = a; k < b; k++) s += val[k] * w[o + col[k]];
            z[c] = bias ? s + w[o + d] : s;
        }
    }

    @Override public void axpy(int i, double[] r, int m, int stride, boolean bias, double[] g, double[] scratch) {
        int a = ptr[i], b = ptr[i + 1];
        for (int c = 0; c < m; c++) {
            double rc = r[c];
            if (rc == 0) continue;
            int o = c * stride;
            for (int k = a; k < b; k++) g[o + col[k]] += rc * val[k];
            if (bias) g[o + d] += rc;
        }
    }
}
