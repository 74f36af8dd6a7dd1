package org.bilevel4j.model;

import org.bilevel4j.data.CsrMatrix;

/** {@link DoubleKernel} over a CSR float matrix: only the stored entries of a row are touched, row by row. */
final class SparseRows extends DoubleKernel {
    /** The CSR arrays and shape (read by {@link SparseRowsFloat} too). */
    final int[] ptr, col;
    final float[] val;
    final int n, d;

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
    @Override public long bytes(int i) { return 8L * (ptr[i + 1] - ptr[i]) + 4; }
    @Override public String describe() { return "sparse (CSR)"; }

    /**
     * One block per thread on wide rows (more features than an eighth of the stored entries): every block of a gradient
     * sums into its own d·m doubles, zeroed before and added into the gradient after, and on such rows that costs about as
     * much as the block's stored entries (news20-shaped rows, 1.35 M features: README, "Wide rows").
     */
    @Override public int blocksPerThread() { return 8L * d > col.length ? 1 : RowBlocks.BLOCKS_PER_THREAD; }

    /**
     * Reads the columns, values and row pointers of rows [lo, hi), what a pass reads of the matrix, as fast as plain Java
     * can: the integer sums are vectorized by the JIT, the float values go to eight independent sums (one sum would be a
     * chain of dependent additions, latency- rather than memory-bound).
     */
    @Override public double stream(int lo, int hi) {
        int a = ptr[lo], b = ptr[hi], end = a + ((b - a) & ~7);
        long ci = 0;
        for (int q = a; q < b; q++) ci += col[q];
        for (int i = lo; i <= hi; i++) ci += ptr[i];
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (int k = a; k < end; k += 8) { // a counted loop (see dots)
            s0 += val[k]; s1 += val[k + 1]; s2 += val[k + 2]; s3 += val[k + 3];
            s4 += val[k + 4]; s5 += val[k + 5]; s6 += val[k + 6]; s7 += val[k + 7];
        }
        for (int k = end; k < b; k++) s0 += val[k];
        return ci + (double) s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
    }
    @Override public void load(int[] idx, int count, double[] scratch) {}

    @Override public void dots(int[] idx, int count, double[] w, int m, int stride, boolean bias, double[] z, double[] scratch) {
        for (int r = 0; r < count; r++) {
            int a = ptr[idx[r]], b = ptr[idx[r] + 1], end = a + ((b - a) & ~3);
            for (int c = 0; c < m; c++) {
                int o = c * stride;
                // four partial sums: one would be a chain of dependent additions, its latency (3-4 cycles) per stored entry.
                // The bound k < end makes it a counted loop: C2 left `k + 3 < b` uncounted, with a safepoint poll and the
                // range checks of col and val in every step
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int k = a; k < end; k += 4) {
                    s0 += val[k] * w[o + col[k]];
                    s1 += val[k + 1] * w[o + col[k + 1]];
                    s2 += val[k + 2] * w[o + col[k + 2]];
                    s3 += val[k + 3] * w[o + col[k + 3]];
                }
                for (int k = end; k < b; k++) s0 += val[k] * w[o + col[k]];
                double s = (s0 + s1) + (s2 + s3);
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
