package org.bilevel4j.model;

import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Features;

/**
 * The two primitive operations of a linear model over a tile of up to {@link #TILE} rows of a feature matrix,
 * with the parameters in class-major layout w[c·stride + j] (feature j of output c; the bias, when present,
 * at j = cols):
 * <pre>  dots:  z[r·m + c] = x̃_{i_r} · w_c        axpy:  g_c += Σ_r a[r·m + c] x̃_{i_r}        (x̃ = (x, 1) with a bias)</pre>
 * for the rows i_r = idx[r], r < count. One thread's block of a sweep opens {@link #tiles}, then per tile calls
 * {@link Tiles#load} once and any number of dots and axpys, and {@link Tiles#finish} at the end. Working on
 * several rows at once lets a dense kernel reuse each loaded parameter for every row of the tile (register
 * blocking), so a sweep is bound by arithmetic, not loads.
 */
interface RowKernel {
    /** Rows per tile. */
    int TILE = 4;

    int rows();

    int cols();

    /** Nonzeros (or entries) of row i, the work of one pass over it. */
    long work(int i);

    /**
     * Reads the feature bytes a pass reads for rows [lo, hi) as fast as it can (the memory-bound reference of a pass) and
     * returns a checksum; NaN where the kernel does not implement it.
     */
    default double stream(int lo, int hi) { return Double.NaN; }

    /** Bytes of feature storage a pass reads for row i. */
    default long bytes(int i) { return 4 * work(i); }

    /** A short name of the implementation, for benchmark reports. */
    String describe();

    /**
     * A cursor over tiles for one block of a sweep, owned by one thread, with m outputs of the given stride;
     * axpy accumulates into g (m·stride entries; may be null when the block never calls axpy).
     */
    Tiles tiles(int m, int stride, boolean bias, double[] g);

    /** One thread's view of a sweep: the current tile and the accumulator. */
    interface Tiles {
        /**
         * The most rows {@link #load} takes: {@link #TILE}, or a wider tile w for w consecutive rows starting at a multiple
         * of w (full passes; the 8-bit kernel's {@link LanesOverRows}). Other tiles still have at most TILE rows.
         */
        default int consecutiveTile() { return TILE; }

        /** Makes rows idx[0..count) the current tile (idx may be reused by the caller after the next load). */
        void load(int[] idx, int count);

        /**
         * Whether the current tile's z and a (of dots and axpy) are class-major, z[c·count + r], instead of z[r·m + c]:
         * the rows of one output contiguous, so that the softmax around the products can loop over rows in the inner loop
         * (vectorized by C2). Default false; the 8-bit kernel's tiles of consecutive rows, whose logits come out class-major.
         */
        default boolean classMajor() { return false; }

        /** z[r·m + c] = x̃_{idx[r]} · w[c·stride ..] for the rows of the current tile (z[c·count + r] when {@link #classMajor}). */
        void dots(double[] w, double[] z);

        /** g[c·stride ..] += Σ_r a[r·m + c] x̃_{idx[r]} over the rows of the current tile (a[c·count + r] when {@link #classMajor}). */
        void axpy(double[] a);

        /** Adds what is still held back (a lower-precision partial sum) into g; call once at the end of the block. */
        void finish();

        /**
         * a[k] := e^{a[k]} for k &lt; n (the softmax of a tile). Default {@link Math#exp}; the float32 SIMD kernels
         * evaluate 8 at a time with the Vector API's EXP (correctly rounded to about 1 ulp, as Math.exp).
         */
        default void exp(double[] a, int n) {
            for (int k = 0; k < n; k++) a[k] = Math.exp(a[k]);
        }
    }

    /**
     * The kernel for x. Dense features: with {@code jdk.incubator.vector} present (the JVM was started with
     * {@code --add-modules jdk.incubator.vector}) and the system property {@code bilevel4j.simd} not {@code false},
     * the SIMD kernel of the precision asked for, else the scalar double one. Sparse: the CSR kernel of the precision asked for
     * ({@link SparseRowsFloat}, {@link SparseRows}; plain Java, no vector module needed).
     */
    static RowKernel of(Features x, Precision precision) {
        if (x instanceof DenseMatrix d) {
            RowKernel simd = Boolean.parseBoolean(System.getProperty("bilevel4j.simd", "true")) ? SimdSupport.dense(d, precision) : null;
            return simd != null ? simd : new DenseRows(d);
        }
        if (x instanceof CsrMatrix s) return precision == Precision.FLOAT ? new SparseRowsFloat(s) : new SparseRows(s);
        throw new IllegalArgumentException("unsupported feature matrix " + x.getClass().getSimpleName());
    }
}
