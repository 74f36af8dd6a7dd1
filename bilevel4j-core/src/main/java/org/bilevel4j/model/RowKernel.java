package org.bilevel4j.model;

import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Features;

/**
 * The two primitive row operations of a linear model over a feature matrix, with the parameters in class-major
 * layout w[c·stride + j] (feature j of output c; the bias, when present, at j = cols):
 * <pre>  dots:  z_c  = x̃_i · w_c        axpy:  g_c += r_c x̃_i        (x̃_i = (x_i, 1) with a bias)</pre>
 * A sweep calls {@link #load} once per row, then any number of dots and axpys on that row; the scratch array
 * (length {@link #scratchLength}) belongs to one thread. Features are float; every sum is accumulated in double.
 */
interface RowKernel {
    int rows();

    int cols();

    int scratchLength();

    /** Prepares row i (dense: converts it to double into scratch; sparse: nothing). */
    void load(int i, double[] scratch);

    /** z[c] = x̃_i · w[c·stride ..] for c < m. */
    void dots(int i, double[] w, int m, int stride, boolean bias, double[] z, double[] scratch);

    /** g[c·stride ..] += r[c] x̃_i for c < m. */
    void axpy(int i, double[] r, int m, int stride, boolean bias, double[] g, double[] scratch);

    /** Nonzeros (or entries) of row i, the work of one pass over it. */
    long work(int i);

    static RowKernel of(Features x) {
        if (x instanceof DenseMatrix d) return new DenseRows(d);
        if (x instanceof CsrMatrix s) return new SparseRows(s);
        throw new IllegalArgumentException("unsupported feature matrix " + x.getClass().getSimpleName());
    }
}
