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
     * The order in which a full pass visits the rows, positions to rows (fixed once returned), or null: 0, 1, …, n − 1.
     * The 8-bit kernel orders rows so that its tiles share their zeros ({@link RowOrder}).
     */
    default int[] order() { return null; }

    /** Row blocks per thread of a full pass ({@link RowBlocks#blocks}); mini-batches take {@link RowBlocks#BLOCKS_PER_THREAD}. */
    default int blocksPerThread() { return RowBlocks.BLOCKS_PER_THREAD; }

    /**
     * A cursor over tiles for one block of a sweep, owned by one thread, with m outputs of the given stride;
     * axpy accumulates into g (m·stride entries; may be null when the block never calls axpy).
     */
    Tiles tiles(int m, int stride, boolean bias, double[] g);

    /** One thread's view of a sweep: the current tile and the accumulator. */
    interface Tiles {
        /**
         * The most rows {@link #load} takes: {@link #TILE}, or a wider tile w for the rows at w consecutive positions of
         * {@link RowKernel#order} starting at a multiple of w (full passes; the 8-bit kernel's {@link LanesOverRows}).
         * Other tiles still have at most TILE rows.
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

        /**
         * The softmax of a class-major tile of T rows ({@link #classMajor}): p[c·T + q] = softmax(z_q)_c and lse[q] =
         * logsumexp(z_q), per row the arithmetic of {@code LogisticModel.softmaxTile} (max, shift, {@link #exp} of the whole
         * tile, sum over c = 0..m−1 in order, log, 1 / sum, scale), so the same numbers bit for bit; sum is scratch of T.
         * Default: loops over the classes with the rows inside (JDK 17's C2 leaves them scalar); the 8-bit kernel's are
         * vectors over the rows ({@link VectorSoftmax}).
         */
        default void softmaxClassMajor(double[] z, double[] p, int T, int m, double[] lse, double[] sum) {
            System.arraycopy(z, 0, lse, 0, T);
            for (int c = 1; c < m; c++) for (int q = 0; q < T; q++) lse[q] = Math.max(lse[q], z[c * T + q]);
            for (int c = 0; c < m; c++) for (int q = 0; q < T; q++) p[c * T + q] = z[c * T + q] - lse[q];
            exp(p, T * m);
            java.util.Arrays.fill(sum, 0, T, 0);
            for (int c = 0; c < m; c++) for (int q = 0; q < T; q++) sum[q] += p[c * T + q];
            for (int q = 0; q < T; q++) {
                lse[q] += Math.log(sum[q]);
                sum[q] = 1 / sum[q];
            }
            for (int c = 0; c < m; c++) for (int q = 0; q < T; q++) p[c * T + q] *= sum[q];
        }

        /** r[c·T + q] = a[q] p[c·T + q] over a class-major tile (the gradient's residuals before the labels' entries). */
        default void scaleClassMajor(double[] p, double[] a, double[] r, int T, int m) {
            for (int c = 0; c < m; c++) for (int q = 0; q < T; q++) r[c * T + q] = a[q] * p[c * T + q];
        }

        /**
         * The HVP's residuals over a class-major tile: pu[q] = Σ_{c = 0..m−1} p[c·T + q] u[c·T + q] (in that order) and
         * r[c·T + q] = a[q] p[c·T + q] (u[c·T + q] − pu[q]), i.e. a_q (diag(p_q) − p_q p_qᵀ) u_q.
         */
        default void hvpClassMajor(double[] p, double[] u, double[] a, double[] r, double[] pu, int T, int m) {
            java.util.Arrays.fill(pu, 0, T, 0);
            for (int c = 0; c < m; c++) for (int q = 0; q < T; q++) pu[q] += p[c * T + q] * u[c * T + q];
            for (int c = 0; c < m; c++) for (int q = 0; q < T; q++) r[c * T + q] = a[q] * p[c * T + q] * (u[c * T + q] - pu[q]);
        }
    }

    /**
     * The kernel for x. Dense features: with {@code jdk.incubator.vector} present (the JVM was started with
     * {@code --add-modules jdk.incubator.vector}) and the system property {@code bilevel4j.simd} not {@code false},
     * the SIMD kernel of the precision asked for, else the scalar double one. Sparse: the CSR kernel of the precision asked for
     * ({@link SparseRowsFloat}, {@link SparseRows}; plain Java, no vector module needed); in float32 for three or more outputs,
     * with the vector module, {@link SparseRowsClassLanes} (the outputs in vector lanes) where it is the faster one.
     */
    static RowKernel of(Features x, Precision precision, int outputs) {
        if (x instanceof DenseMatrix d) {
            RowKernel simd = Boolean.parseBoolean(System.getProperty("bilevel4j.simd", "true")) ? SimdSupport.dense(d, precision) : null;
            return simd != null ? simd : new DenseRows(d);
        }
        if (x instanceof CsrMatrix s) {
            if (precision == Precision.DOUBLE) return new SparseRows(s);
            RowKernel lanes = outputs >= 2 ? SimdSupport.sparseLanes(s, outputs) : null;
            return lanes != null ? lanes : new SparseRowsFloat(s);
        }
        throw new IllegalArgumentException("unsupported feature matrix " + x.getClass().getSimpleName());
    }
}
