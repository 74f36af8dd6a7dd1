package org.bilevel4j.model;

import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Features;

/**
 * The two primitive operations of a linear model over a tile of up to {@link #TILE} rows of a feature matrix,
 * with the parameters in class-major layout w[c·stride + j] (feature j of output c; the bias, when present,
 * at j = cols):
 * <pre>  dots:  z[r·m + c] = x̃_{i_r} · w_c        axpy:  g_c += Σ_r a[r·m + c] x̃_{i_r}        (x̃ = (x, 1) with a bias)</pre>
 * for the rows i_r = idx[r], r < count. A sweep calls {@link #load} once per tile, then any number of dots and
 * axpys on that tile; the scratch array (length {@link #scratchLength}) belongs to one thread. Features are
 * float; every sum is accumulated in double. Working on several rows at once lets a dense kernel reuse each
 * loaded parameter for every row of the tile (register blocking), so a sweep is bound by arithmetic, not loads.
 */
interface RowKernel {
    /** Rows per tile. */
    int TILE = 4;

    int rows();

    int cols();

    int scratchLength();

    /** Prepares the tile idx[0..count) (dense: widens its rows to double into scratch; sparse: nothing). */
    void load(int[] idx, int count, double[] scratch);

    /** z[r·m + c] = x̃_{idx[r]} · w[c·stride ..] for r < count, c < m. */
    void dots(int[] idx, int count, double[] w, int m, int stride, boolean bias, double[] z, double[] scratch);

    /** g[c·stride ..] += Σ_{r < count} a[r·m + c] x̃_{idx[r]} for c < m. */
    void axpy(int[] idx, int count, double[] a, int m, int stride, boolean bias, double[] g, double[] scratch);

    /** Nonzeros (or entries) of row i, the work of one pass over it. */
    long work(int i);

    /** A short name of the implementation, for benchmark reports. */
    String describe();

    /**
     * The kernel for x: for dense features the SIMD kernel ({@code jdk.incubator.vector}) when that module is
     * present (the JVM was started with {@code --add-modules jdk.incubator.vector}) and the system property
     * {@code bilevel4j.simd} is not {@code false}, else the scalar one.
     */
    static RowKernel of(Features x) {
        if (x instanceof DenseMatrix d) {
            RowKernel simd = Boolean.parseBoolean(System.getProperty("bilevel4j.simd", "true")) ? SimdSupport.dense(d) : null;
            return simd != null ? simd : new DenseRows(d);
        }
        if (x instanceof CsrMatrix s) return new SparseRows(s);
        throw new IllegalArgumentException("unsupported feature matrix " + x.getClass().getSimpleName());
    }
}
