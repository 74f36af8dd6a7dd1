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
