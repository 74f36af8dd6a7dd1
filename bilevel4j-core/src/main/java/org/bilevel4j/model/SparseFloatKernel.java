package org.bilevel4j.model;

import org.bilevel4j.data.CsrMatrix;

/**
 * What the float32 CSR kernels ({@link SparseRowsFloat}, {@link SparseRowsClassLanes}) take from the double one
 * ({@link SparseRows}) over the same matrix: its arrays, and what it says of reading, sizing and splitting them; and what
 * both flush rules read (README, "Wide rows"):
 * <ul>
 *   <li>every {@link SparseRowsFloat#FLUSH_ROWS} rows only the {@link #frequent} features' float sums go into the double
 *       accumulator: a feature stored in at most that many rows cannot have more terms while a block's rows are distinct
 *       ({@link ScatteredRows}; a repeated row forces a full flush first);</li>
 *   <li>a full flush (a repeated row, the end of a block) adds only the features of the rows scattered since the last one
 *       when those store fewer than d / {@link #SPARSE_FLUSH} entries (a mini-batch on wide data), else all d.</li>
 * </ul>
 */
abstract class SparseFloatKernel implements RowKernel {
    /** A full flush visits the scattered rows' features instead of all d when they store fewer than d / this entries. */
    static final int SPARSE_FLUSH = 8;

    final SparseRows csr;
    final int[] ptr, col;
    final float[] val;
    final int n, d;
    /** The features stored in more than {@link SparseRowsFloat#FLUSH_ROWS} rows. */
    final int[] frequent;

    SparseFloatKernel(CsrMatrix m) {
        csr = new SparseRows(m);
        ptr = csr.ptr;
        col = csr.col;
        val = csr.val;
        n = csr.n;
        d = csr.d;
        int[] rows = new int[d];
        for (int c : col) rows[c]++;
        frequent = java.util.stream.IntStream.range(0, d).filter(j -> rows[j] > SparseRowsFloat.FLUSH_ROWS).toArray();
    }

    /**
     * z[r·m + c] = the float dot of row idx[r] with output c of w (offset c·stride, bias at d), reading w itself and rounding
     * each weight to float as it is read (the kernels' dots without their float copy, for small sweeps): four partial sums
     * (k ≡ 0, 1, 2, 3 mod 4), then (s0 + s1) + (s2 + s3), each term a fused multiply-add (the lanes kernel's lanes) or a
     * product then a sum (the scalar kernel's). Returns the stored entries read.
     */
    final long dotsConverting(int[] idx, int count, double[] w, int m, int stride, boolean bias, double[] z, boolean fused) {
        long read = 0;
        for (int r = 0; r < count; r++) {
            int a = ptr[idx[r]], b = ptr[idx[r] + 1], end = a + ((b - a) & ~3);
            for (int c = 0; c < m; c++) {
                int o = c * stride;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int k = a; k < end; k += 4) {
                    s0 = term(fused, (float) w[o + col[k]], val[k], s0);
                    s1 = term(fused, (float) w[o + col[k + 1]], val[k + 1], s1);
                    s2 = term(fused, (float) w[o + col[k + 2]], val[k + 2], s2);
                    s3 = term(fused, (float) w[o + col[k + 3]], val[k + 3], s3);
                }
                for (int k = end; k < b; k++) s0 = term(fused, (float) w[o + col[k]], val[k], s0);
                float s = (s0 + s1) + (s2 + s3);
                z[r * m + c] = bias ? s + w[o + d] : s;
            }
            read += b - a;
        }
        return read;
    }

    private static float term(boolean fused, float w, float v, float s) { return fused ? Math.fma(w, v, s) : s + v * w; }

    /** The stored entries of rows idx[0..count). */
    final long entries(int[] idx, int count) {
        long e = 0;
        for (int r = 0; r < count; r++) e += ptr[idx[r] + 1] - ptr[idx[r]];
        return e;
    }

    /** Whether a full flush after these rows visits their features rather than all d. */
    boolean sparseFlush(ScatteredRows rows) { return rows.entries() * SPARSE_FLUSH < d; }

    @Override public int rows() { return csr.rows(); }
    @Override public int cols() { return d; }
    @Override public long work(int i) { return csr.work(i); }
    @Override public long bytes(int i) { return csr.bytes(i); }
    @Override public double stream(int lo, int hi) { return csr.stream(lo, hi); }
    @Override public int blocksPerThread() { return csr.blocksPerThread(); }
}
