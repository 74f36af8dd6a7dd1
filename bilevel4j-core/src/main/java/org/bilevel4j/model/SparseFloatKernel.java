package org.bilevel4j.model;

import org.bilevel4j.data.CsrMatrix;

/**
 * What the float32 CSR kernels ({@link SparseRowsFloat}, {@link SparseRowsClassLanes}) take from the double one
 * ({@link SparseRows}) over the same matrix: its arrays, and what it says of reading and sizing them.
 */
abstract class SparseFloatKernel implements RowKernel {
    final SparseRows csr;
    final int[] ptr, col;
    final float[] val;
    final int d;

    SparseFloatKernel(CsrMatrix m) {
        csr = new SparseRows(m);
        ptr = csr.ptr;
        col = csr.col;
        val = csr.val;
        d = csr.d;
    }

    @Override public int rows() { return csr.rows(); }
    @Override public int cols() { return d; }
    @Override public long work(int i) { return csr.work(i); }
    @Override public long bytes(int i) { return csr.bytes(i); }
    @Override public double stream(int lo, int hi) { return csr.stream(lo, hi); }
}
