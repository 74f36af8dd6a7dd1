package org.bilevel4j.model;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernel} of {@link Precision#FLOAT} over {@link ByteFeatures}: each tile's rows are read as bytes (a quarter
 * of the float matrix's traffic) and widened once into a float tile buffer, which the float32 kernel
 * ({@link DenseRowsFloatSimd}) then sweeps. The standardization x = (b − mean) / scale is folded into the parameters:
 * <pre>
 *   dots:  z_c = Σ_j b_j (w_cj / s_j) − o_c,            o_c = Σ_j (m_j / s_j) w_cj  (double, once per parameter vector)
 *   axpy:  g_cj += (Σ_r a_rc b_rj − m_j Σ_r a_rc) / s_j  (Σ_r a_rc b_rj in float32, flushed every FLUSH_ROWS rows,
 *                                                     LANES_FLUSH_ROWS in full passes' tiles of consecutive rows)
 * </pre>
 * over the features of full vectors; the features past them are kept standardized in the buffer and computed as in the
 * float kernel. Tiles of T = {@link LanesOverRows#ROWS} consecutive rows from a multiple of T (full passes) go through
 * {@link LanesOverRows} instead: logits with lanes over the rows from a column-major copy of the bytes, the gradient with
 * the partial sums of T rows kept in registers from a copy in blocks of T rows (both copies made at the first such tile,
 * without their all-zero columns and row pieces where the data have enough of them: {@link LanesOverNonzeros}); offsets and
 * Σ_r a_rc as above, the offsets over all features. With 10 outputs and an even d the gradient's product instead runs
 * from the dots' copy ({@link PairsOverTiles}, feature pairs over chunks of 16 tiles; the blocks copy is then not made):
 * the tiles' coefficients are kept until their chunk is complete (or a tile of another chunk arrives, or a flush), and
 * their lane-wise sums are summed into double every PAIRS_FLUSH_ROWS rows. Loaded only through {@link SimdSupport}.
 */
final class DenseRowsByteSimd extends DenseRowsFloatSimd {
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8));
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private final ByteFeatures f;
    private final double[] invScale, meanOverScale;
    /** Whether the widening can be done with vectors (one byte vector of L lanes widens to one float vector). */
    private static final boolean VECTOR_WIDEN = I.length() == L;
    /**
     * Rows of {@link LanesOverRows} tiles summed in float before the flush into double (system property
     * {@code bilevel4j.lanesFlushRows}, read once; the float kernel's {@link #FLUSH_ROWS} = 256 before 2026-12-02): the
     * scalar flush of m·d partial sums every 256 rows took about 0.5 ms of a one-thread MNIST pass (load + axpy sweep 3.3
     * → 2.7 ms CPU with 2048). Gradient against double on 20000 MNIST rows, one thread: 2.5e-8 relative (256), 7e-8
     * (1024), 1.3-1.5e-7 (2048; Fashion-MNIST 1.7-1.8e-7), 2.5e-7 (4096); the tests' tolerance is 2e-5.
     */
    static final int LANES_FLUSH_ROWS = Integer.getInteger("bilevel4j.lanesFlushRows", 2048);
    /**
     * Whether tiles of consecutive rows go through {@link LanesOverRows} (default; system property
     * {@code bilevel4j.lanesOverRows=false}: 4-row tiles only, for comparisons), read when the kernel is made.
     */
    private final boolean lanesOverRows = LanesOverRows.SUPPORTED && Boolean.parseBoolean(System.getProperty("bilevel4j.lanesOverRows", "true"));
    /**
     * Whether the tiles of consecutive rows hand out their logits and take their coefficients class-major
     * ({@link RowKernel.Tiles#classMajor}; default; system property {@code bilevel4j.classMajor=false}: row-major as the
     * other tiles, for comparisons), read when the kernel is made.
     */
    private final boolean classMajorRuns = Boolean.parseBoolean(System.getProperty("bilevel4j.classMajor", "true"));
    /**
     * The zero fractions from which the copies of the tiles leave out their all-zero bytes ({@link LanesOverNonzeros}; system
     * properties {@code bilevel4j.skipZeros=false}: never, {@code bilevel4j.skipZerosFrom}), read when the kernel is made.
     */
    private final double dotsFrom = LanesOverNonzeros.skipFrom(LanesOverNonzeros.DOTS_FROM), axpyFrom = LanesOverNonzeros.skipFrom(LanesOverNonzeros.AXPY_FROM);
    /**
     * Whether the gradient's product of tiles of consecutive rows runs as {@link PairsOverTiles} over the dots' copy where
     * it can (10 outputs, d even; system property {@code bilevel4j.featurePairs=false}: the axpy over the blocks copy, as
     * before 2026-12-02), read when the kernel is made.
     */
    private final boolean featurePairs = LanesOverRows.SUPPORTED && PairsOverTiles.R % 4 == 0
            && Boolean.parseBoolean(System.getProperty("bilevel4j.featurePairs", "true"));
    /**
     * Rows of {@link PairsOverTiles} chunks summed lane-wise in float before their lanes are summed into double (system
     * property {@code bilevel4j.pairsFlushRows}, read once): every 2048 rows the 7840 × 16 lane sums were about 15% of the
     * product (README, "Gradient from the dots' copy, feature pairs over tiles"); each lane sums a sixteenth of the rows.
     */
    static final int PAIRS_FLUSH_ROWS = Integer.getInteger("bilevel4j.pairsFlushRows", 8192);
    /**
     * The fewest rows per row block of a full pass at which its blocks take the feature pairs' path (system property
     * {@code bilevel4j.pairsMinRows}, read when the kernel is made): each block's last flush sums its 7840 × 16 lanes
     * (MNIST) whatever its rows. aid-cg-speed on MNIST (2 threads, 8 blocks of 2500 rows) ran its gradient pass 1.02-1.03×
     * the time of the axpy path (4 runs each way), one block of 20000 rows 0.85-0.89× (one thread; README).
     */
    private final int pairsMinRows = Integer.getInteger("bilevel4j.pairsMinRows", 8192);
    /**
     * Whether full passes of ordered rows run the feature pairs on every thread, in one row block per thread (system property
     * {@code bilevel4j.pairsOnAllThreads=true|false}, read when the kernel is made; default: on Java 25 and later). MNIST,
     * two threads: gradient pass 1.12× the dense roofline against 1.35× (session 14). On JDK 17 a loop timing passes
     * right after the model is made ran 5 of 40 JVMs with every pass about 5× slower for the JVM's life (C2 compiled
     * {@link PairsOverTiles}' stores of its loop-carried sums as calls on boxed vectors); on JDK 25, 0 of 40 (README,
     * "Vectors across a call").
     */
    private final boolean pairsOnAllThreads = Boolean.parseBoolean(
            System.getProperty("bilevel4j.pairsOnAllThreads", Boolean.toString(Runtime.version().feature() >= 25)));
    /**
     * The same as pairsMinRows when the rows are in {@link RowOrder} (system property {@code bilevel4j.pairsMinRowsOrdered};
     * default 2048 with pairsOnAllThreads, else never): the pairs then skip more of their tiles (MNIST: 56.7% against
     * 38.3%), which pays for the flush in blocks of 2500 rows. Two threads, 8 blocks of 2500 rows, wall time, min of 15,
     * alternating in one JVM (RowOrderBreakdown): ordered rows, gradient pass 0.89-0.96 of the axpy's time in 8 rounds of
     * 2 JVMs; natural order 1.02-1.12 (README, "Rows ordered by their zeros").
     */
    private final int pairsMinRowsOrdered = Integer.getInteger("bilevel4j.pairsMinRowsOrdered", pairsOnAllThreads ? 2048 : Integer.MAX_VALUE);
    /**
     * Whether full passes visit the rows in {@link RowOrder}, where that leaves at least {@link #ORDER_GAIN} more of the
     * tiles' columns all zero (system property {@code bilevel4j.rowOrder=false}: natural order), read when the kernel is made.
     */
    private final boolean rowOrder = Boolean.parseBoolean(System.getProperty("bilevel4j.rowOrder", "true"));
    /**
     * The least gain in the fraction of all-zero tile columns for which the rows are reordered: MNIST gains 0.18 (0.417 →
     * 0.596), and its one-thread passes took 0.74-0.89 (gradient), 0.74-0.81 (value) and 0.58-0.77 (HVP) of the time
     * (README, "Rows ordered by their zeros").
     */
    static final double ORDER_GAIN = 0.05;
    /** The rows a byte must be zero in for ordering to be tried: with fewer zeros no tile column can be all zero. */
    private static final double ORDER_ZEROS = 0.3;
    /** The full passes' order (null: natural) and its inverse, decided once, at the first full pass or tile of consecutive rows. */
    private volatile boolean orderDecided;
    private int[] order, positions;

    /** The bytes in tiles of T rows for {@link LanesOverRows}' dots and axpy, each made once, when first needed; the pairs' lists. */
    private volatile LanesOverNonzeros.Columns columnTiles;
    private volatile LanesOverNonzeros.Blocks blockTiles;
    private volatile PairsOverTiles.Lists pairLists;
    private volatile PairsOverTiles.Residuals residuals;

    DenseRowsByteSimd(ByteFeatures f) {
        super(f.rows(), f.cols());
        this.f = f;
        invScale = new double[d];
        meanOverScale = new double[d];
        for (int j = 0; j < d; j++) {
            invScale[j] = 1 / f.scale()[j];
            meanOverScale[j] = f.mean()[j] / f.scale()[j];
        }
    }

    @Override public long work(int i) { return d; }
    /** The kernel; once full passes have made the copies of the tiles, the zeros they skip and whether the rows are ordered. */
    @Override public String describe() {
        return "dense SIMD 8-bit features, float32 sums (jdk.incubator.vector, " + F.vectorBitSize() + "-bit)" + LanesOverNonzeros.describe(columnTiles, blockTiles, pairLists, n, d)
                + (orderDecided && order != null ? ", rows ordered by their zeros" : "");
    }

    @Override public long bytes(int i) { return d; }

    @Override public double stream(int lo, int hi) {
        VectorSpecies<Byte> bs = ByteVector.SPECIES_PREFERRED;
        int bl = bs.length();
        byte[] v = f.values();
        ByteVector a = ByteVector.zero(bs), b = a;
        int j = lo * d, end = hi * d;
        for (; j + 2 * bl <= end; j += 2 * bl) {
            a = a.lanewise(VectorOperators.XOR, ByteVector.fromArray(bs, v, j));
            b = b.lanewise(VectorOperators.XOR, ByteVector.fromArray(bs, v, j + bl));
        }
        long s = a.lanewise(VectorOperators.XOR, b).reduceLanesToLong(VectorOperators.XOR);
        for (; j < end; j++) s ^= v[j];
        return s;
    }

    @Override Block block(int m, int stride, boolean bias, double[] g) { return new ByteBlock(m, stride, bias, g); }

    /**
     * Row blocks per thread of a full pass (system property {@code bilevel4j.byteBlocksPerThread}, read when the kernel is
     * made; default 1 with lanes over rows and pairsOnAllThreads, else {@link RowBlocks#BLOCKS_PER_THREAD}): each block of the feature pairs ends with
     * a flush of its d × 10 × 16 lane sums, and its first and last chunk run partly. MNIST, ordered rows, two threads:
     * gradient pass 1.67-2.17 ms with one block per thread against 2.09-2.34 with two and 2.58-4.01 with four
     * (aid-cg-speed, alternating JVMs; README, "Rows ordered by their zeros"); the float kernel's 4-row tiles were 1.1-1.2×
     * slower with one, so they keep four.
     */
    private final int blocksPerThread = Integer.getInteger("bilevel4j.byteBlocksPerThread",
            lanesOverRows && pairsOnAllThreads ? 1 : RowBlocks.BLOCKS_PER_THREAD);

    @Override public int blocksPerThread() { return blocksPerThread; }

    @Override public int[] order() {
        if (!orderDecided) {
            synchronized (this) {
                if (!orderDecided) {
                    order = chosenOrder();
                    positions = order == null ? null : RowOrder.positions(order);
                    orderDecided = true;
                }
            }
        }
        return order;
    }

    /** {@link RowOrder} of the rows when the tiles' copies can skip zeros and it gains {@link #ORDER_GAIN} of all-zero columns, else null. */
    private int[] chosenOrder() {
        int T = LanesOverRows.ROWS;
        if (!lanesOverRows || !rowOrder || dotsFrom > 1 || n < 2 * T || d > Short.MAX_VALUE) return null; // no lists: nothing to gain
        byte[] v = f.values();
        long zeros = 0;
        for (int k = 0; k < n * d; k++) if (v[k] == 0) zeros++;
        if (zeros < ORDER_ZEROS * n * d) return null;
        int[] o = RowOrder.of(v, n, d, T, RowOrder.window(n, d));
        return RowOrder.zeroColumns(v, o, n, d, T) - RowOrder.zeroColumns(v, null, n, d, T) >= ORDER_GAIN ? o : null;
    }

    /** The row at position p of a full pass. */
    private int rowAt(int p) { return order == null ? p : order[p]; }

    /** The bytes in the full passes' order (the data's own array when natural), for the tiles' copies. */
    private byte[] orderedValues() {
        order();
        return order == null ? f.values() : RowOrder.permuted(f.values(), order, d);
    }

    private LanesOverNonzeros.Columns columnTiles() {
        LanesOverNonzeros.Columns t = columnTiles;
        if (t == null) {
            synchronized (this) {
                t = columnTiles;
                if (t == null) columnTiles = t = LanesOverNonzeros.columns(orderedValues(), n, d, dotsFrom);
            }
        }
        return t;
    }

    private LanesOverNonzeros.Blocks blockTiles() {
        LanesOverNonzeros.Blocks t = blockTiles;
        if (t == null) {
            synchronized (this) {
                t = blockTiles;
                if (t == null) blockTiles = t = LanesOverNonzeros.blocks(orderedValues(), n, d, up, axpyFrom);
            }
        }
        return t;
    }

    private PairsOverTiles.Lists pairLists() {
        PairsOverTiles.Lists t = pairLists;
        if (t == null) {
            LanesOverNonzeros.Columns c = columnTiles();
            synchronized (this) {
                t = pairLists;
                if (t == null) pairLists = t = PairsOverTiles.lists(c, n, d);
            }
        }
        return t;
    }

    /** The kernel's residual buffers, made with the first block that takes the pairs' path. */
    private PairsOverTiles.Residuals residuals() {
        PairsOverTiles.Residuals t = residuals;
        if (t == null) {
            synchronized (this) {
                t = residuals;
                if (t == null) residuals = t = new PairsOverTiles.Residuals(RowBlocks.SLOTS_PER_THREAD * Math.max(RowBlocks.threads(), Runtime.getRuntime().availableProcessors()));
            }
        }
        return t;
    }

    private final class ByteBlock extends Block {
        private final float[] buf = new float[TILE * d];
        /** Σ_r a_rc since the last flush, per output. */
        private final double[] aSum;
        private double[] w1, w2, o1, o2;
        private float[] f1, f2;

        /** The first row of the current tile when it is one of T consecutive rows from a multiple of T, else −1. */
        private int run = -1;
        /** Scratch of such a tile: its float sums zt[c·T + r] and its float coefficients af[r·m + c]. */
        private final float[] zt, af;
        /** Feature-major float copies wt[j·m + c] = w_cj / s_j (all j &lt; d) of the last two parameter vectors, with their offsets. */
        private double[] rw1, rw2, ro1, ro2;
        private float[] rf1, rf2;

        /** Whether this block's tiles of consecutive rows take the feature pairs' path (10 outputs, d even, large blocks). */
        private boolean pairs;
        /**
         * The coefficients of the buffered tiles s0 .. s1−1 of chunk {@link #chunk} (−1: none), res[ro + (s·m + c)·T + r]
         * for tile s of the chunk; the pairs' lane-wise sums
         * g16[(j·m + c)·R + l] (nonzero when {@link #summed}); Σ_r a_rc of the pairs' tiles since the flush, for the
         * features j ≥ up.
         */
        private final float[] res, g16;
        private final int ro;
        private int chunk = -1, s0, s1;
        private boolean summed;
        private final double[] aTail;

        ByteBlock(int m, int stride, boolean bias, double[] g) {
            super(m, stride, bias, g);
            xs = buf;
            aSum = new double[m];
            zt = lanesOverRows ? new float[m * LanesOverRows.ROWS] : null;
            af = lanesOverRows ? new float[LanesOverRows.ROWS * m] : null;
            boolean able = lanesOverRows && featurePairs && m == PairsOverTiles.M && d % 2 == 0;
            int slot = able ? residuals().take() : -1;
            res = !able ? null : slot >= 0 ? residuals().array() : new float[PairsOverTiles.CHUNK * PairsOverTiles.TILE_RES];
            ro = slot >= 0 ? residuals().origin(slot) : 0;
            g16 = able ? new float[d * m * PairsOverTiles.R] : null;
            pairs = able && largeBlocks();
            aTail = new double[m];
        }

        /** Also no current tile of consecutive rows and no weight copies of either layout (the arrays kept). */
        @Override Block reuse(double[] g) {
            super.reuse(g);
            run = -1;
            w1 = w2 = rw1 = rw2 = null;
            chunk = -1; // nothing buffered since the last finish's flush
            pairs = g16 != null && largeBlocks();
            return this;
        }

        /**
         * Whether a full pass's row blocks have at least pairsMinRows rows (as {@link LogisticModel} splits its n rows), or
         * pairsMinRowsOrdered once the rows are ordered (a full pass decides the order before it makes its blocks' tiles).
         */
        private boolean largeBlocks() {
            int rows = n / RowBlocks.blocks(n, (long) n * d, blocksPerThread());
            return rows >= pairsMinRows || orderDecided && order != null && rows >= pairsMinRowsOrdered;
        }

        @Override public int consecutiveTile() { return lanesOverRows ? LanesOverRows.ROWS : TILE; }

        @Override public boolean classMajor() { return run >= 0 && classMajorRuns; }

        @Override public void softmaxClassMajor(double[] z, double[] p, int T, int m, double[] lse, double[] sum) {
            VectorSoftmax.classMajor(this, z, p, T, m, lse, sum);
        }

        @Override public void scaleClassMajor(double[] p, double[] a, double[] r, int T, int m) {
            VectorSoftmax.scale(p, a, r, T, m);
        }

        @Override public void hvpClassMajor(double[] p, double[] u, double[] a, double[] r, double[] pu, int T, int m) {
            VectorSoftmax.hvp(p, u, a, r, pu, T, m);
        }

        @Override public void load(int[] idx, int count) {
            run = -1;
            int p0 = !lanesOverRows || count != LanesOverRows.ROWS ? -1 : order() == null ? idx[0] : positions[idx[0]];
            if (p0 >= 0 && p0 % count == 0 && p0 + count <= n) { // a tile of consecutive positions of a full pass
                boolean consecutive = true;
                for (int r = 1; r < count; r++) consecutive &= idx[r] == rowAt(p0 + r);
                if (consecutive) {
                    run = p0;
                    this.count = count;
                    return;
                }
            }
            if (count > TILE)
                throw new IllegalArgumentException("a tile of " + count + " rows must be the rows at consecutive positions of the kernel's order() from a multiple of " + count);
            byte[] v = f.values();
            for (int r = 0; r < count; r++) {
                int src = idx[r] * d, dst = r * d;
                off[r] = dst;
                int j = 0;
                if (VECTOR_WIDEN)
                    for (; j < up; j += L) {
                        IntVector wide = (IntVector) ByteVector.fromArray(B, v, src + j).convertShape(VectorOperators.B2I, I, 0);
                        ((FloatVector) wide.and(0xFF).convertShape(VectorOperators.I2F, F, 0)).intoArray(buf, dst + j);
                    }
                for (; j < up; j++) buf[dst + j] = v[src + j] & 0xFF;
                for (; j < d; j++) buf[dst + j] = (float) f.get(idx[r], j); // the tail standardized, as the float kernel reads it
            }
            this.count = count;
        }

        /** Float copies of w_cj / s_j (j < up) of the last two parameter vectors, with their offsets o_c. */
        @Override float[] floats(double[] w) {
            if (w == w1) return f1;
            if (w == w2) return f2;
            float[] fl = f2 == null ? new float[m * d] : f2;
            double[] o = o2 == null ? new double[m] : o2;
            for (int c = 0; c < m; c++) {
                double s = 0;
                for (int j = 0; j < up; j++) {
                    double wj = w[c * stride + j];
                    fl[c * d + j] = (float) (wj * invScale[j]);
                    s += meanOverScale[j] * wj;
                }
                o[c] = s;
            }
            w2 = w1;
            f2 = f1;
            o2 = o1;
            w1 = w;
            f1 = fl;
            o1 = o;
            return fl;
        }

        /** The feature-major float copy of w for {@link LanesOverRows#dots}, its offsets o_c = Σ_{j<d} (m_j / s_j) w_cj in ro1. */
        private float[] rowFloats(double[] w) {
            if (w == rw1) return rf1;
            if (w == rw2) {
                double[] tw = rw1, to = ro1;
                float[] tf = rf1;
                rw1 = rw2; ro1 = ro2; rf1 = rf2;
                rw2 = tw; ro2 = to; rf2 = tf;
                return rf1;
            }
            float[] fl = rf2 == null ? new float[d * m] : rf2;
            double[] o = ro2 == null ? new double[m] : ro2;
            for (int c = 0; c < m; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double wj = w[c * stride + j];
                    fl[j * m + c] = (float) (wj * invScale[j]);
                    s += meanOverScale[j] * wj;
                }
                o[c] = s;
            }
            rw2 = rw1; rf2 = rf1; ro2 = ro1;
            rw1 = w; rf1 = fl; ro1 = o;
            return fl;
        }

        @Override public void dots(double[] w, double[] z) {
            if (run >= 0) {
                int T = LanesOverRows.ROWS;
                float[] wt = rowFloats(w);
                LanesOverNonzeros.dots(columnTiles(), run / T, d, wt, m, zt);
                for (int c = 0; c < m; c++) {
                    double shift = (bias ? w[c * stride + d] : 0) - ro1[c];
                    if (classMajorRuns) for (int k = c * T; k < (c + 1) * T; k++) z[k] = zt[k] + shift;
                    else for (int r = 0; r < T; r++) z[r * m + c] = zt[c * T + r] + shift;
                }
                return;
            }
            super.dots(w, z);
            double[] o = w == w1 ? o1 : o2; // floats(w) ran in super.dots
            for (int r = 0; r < count; r++) for (int c = 0; c < m; c++) z[r * m + c] -= o[c];
        }

        @Override public void axpy(double[] a) {
            if (run >= 0 && pairs) {
                bufferTile(a);
                return;
            }
            if (run >= 0) {
                int T = LanesOverRows.ROWS;
                if (gf == null) gf = new float[m * d];
                if (classMajorRuns) { // a[c·T + r]: af in the products' layout af[r·m + c]
                    for (int c = 0; c < m; c++) for (int r = 0; r < T; r++) af[r * m + c] = (float) a[c * T + r];
                } else {
                    for (int k = 0; k < T * m; k++) af[k] = (float) a[k];
                }
                for (int c = 0; c < m; c++) { // Σ_r a_rc once, for the offset term and the bias
                    double s = 0;
                    if (classMajorRuns) for (int k = c * T; k < (c + 1) * T; k++) s += a[k];
                    else for (int r = 0; r < T; r++) s += a[r * m + c];
                    aSum[c] += s;
                    if (bias) g[c * stride + d] += s;
                }
                LanesOverNonzeros.axpy(blockTiles(), run / T, d, up, af, m, gf);
                if (up < d)
                    for (int r = 0; r < T; r++)
                        for (int c = 0; c < m; c++) {
                            double ar = a[classMajorRuns ? c * T + r : r * m + c];
                            for (int j = up; j < d; j++) g[c * stride + j] += ar * f.get(rowAt(run + r), j);
                        }
                pending += T;
                if (pending >= LANES_FLUSH_ROWS) flush();
                return;
            }
            for (int r = 0; r < count; r++) for (int c = 0; c < m; c++) aSum[c] += a[r * m + c];
            super.axpy(a); // may flush
        }

        /**
         * The feature pairs' path of a tile of consecutive rows (blocks of full passes of at least pairsMinRows rows, or
         * pairsMinRowsOrdered in RowOrder): its coefficients into res (after running the buffered
         * tiles if it does not follow them in their chunk), the chunk run once its last tile is in, Σ_r a_rc and the bias
         * as in the axpy.
         */
        private void bufferTile(double[] a) {
            int T = LanesOverRows.ROWS, q = run / T, k = q / PairsOverTiles.CHUNK, s = q % PairsOverTiles.CHUNK;
            if (chunk >= 0 && (k != chunk || s != s1)) runChunk();
            if (chunk < 0) {
                chunk = k;
                s0 = s;
            }
            s1 = s + 1;
            int o = ro + s * PairsOverTiles.TILE_RES;
            for (int c = 0; c < m; c++) {
                double sum = 0;
                for (int r = 0; r < T; r++) {
                    double ar = a[classMajorRuns ? c * T + r : r * m + c];
                    res[o + c * T + r] = (float) ar;
                    sum += ar;
                }
                aSum[c] += sum;
                aTail[c] += sum;
                if (bias) g[c * stride + d] += sum;
            }
            pending += T;
            if (s == PairsOverTiles.CHUNK - 1) {
                runChunk();
                if (pending >= PAIRS_FLUSH_ROWS) flush();
            }
        }

        /** g16 += the buffered tiles' pair sums; none buffered. */
        private void runChunk() {
            PairsOverTiles.chunk(columnTiles().bytes(), pairLists(), chunk, s0, s1, res, ro, g16);
            chunk = -1;
            summed = true;
        }

        /**
         * g_cj += (gf_cj + Σ_l g16_jcl − m_j Σ_r a_rc) / s_j (the pairs' tiles alone for j ≥ up), gf, g16 := 0, element by
         * element (scalar, as the float kernel's flush); the buffered chunk run first.
         */
        @Override void flush() {
            if (chunk >= 0) runChunk();
            if (summed) {
                double[] mean = f.mean();
                int R = PairsOverTiles.R;
                for (int j = 0; j < d; j++) // g16 in its order (a block's 500 KB on MNIST), g (31 KB) across
                    for (int c = 0; c < m; c++) {
                        double sum = PairsOverTiles.lanes(g16, (j * m + c) * R);
                        if (j < up) g[c * stride + j] += ((gf != null ? gf[c * d + j] : 0) + sum - mean[j] * aSum[c]) * invScale[j];
                        else g[c * stride + j] += (sum - mean[j] * aTail[c]) * invScale[j];
                    }
                for (int c = 0; c < m; c++) {
                    if (gf != null) java.util.Arrays.fill(gf, c * d, c * d + up, 0f);
                    aSum[c] = 0;
                    aTail[c] = 0;
                }
                java.util.Arrays.fill(g16, 0f);
                summed = false;
            } else if (gf != null) {
                double[] mean = f.mean();
                for (int c = 0; c < m; c++) {
                    int o = c * stride, p = c * d;
                    double as = aSum[c];
                    for (int j = 0; j < up; j++) g[o + j] += (gf[p + j] - mean[j] * as) * invScale[j];
                    java.util.Arrays.fill(gf, p, p + up, 0f);
                    aSum[c] = 0;
                }
            }
            pending = 0;
        }
    }
}
