package org.bilevel4j.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.bilevel4j.data.DenseMatrix;

/**
 * {@link RowKernel} of {@link Precision#FLOAT}: a dense row-major float matrix swept with float32 vectors of the
 * JDK's incubating Vector API (16 lanes with AVX-512), reading the rows of a tile straight from the matrix, no
 * widening. A block keeps float copies of the parameter vectors it is given (made once per block) and a float
 * partial gradient, added into the double accumulator every {@link #FLUSH_ROWS} rows, so no float sum runs over
 * more than that many rows. A full tile of 4 rows is processed against 5 outputs at a time (20 accumulators, with
 * AVX-512's 32 registers), else 2 and 1:
 * <pre>
 *   dots: z_rc = Σ_j x_r[j] w_c[j]       per step of L features: 4 loads of x, 5 of w, 20 FMAs
 *   axpy: g_c[j] += Σ_r a_rc x_r[j]      per step: 4 loads of x, 5 loads + 5 stores of g, 20 FMAs
 * </pre>
 * The features past the last full vector, and the bias, are computed in double. Loaded only through
 * {@link SimdSupport}, since this class cannot be linked without {@code --add-modules jdk.incubator.vector}.
 */
class DenseRowsFloatSimd implements RowKernel {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int L = F.length();
    /** Register blocks of 4 rows × 5 outputs need the 32 vector registers of AVX-512. */
    private static final boolean WIDE = F.vectorBitSize() >= 512;
    /** Rows summed in float before the partial gradient is added into the double accumulator, by default. */
    static final int FLUSH_ROWS = 256;
    /** {@link #FLUSH_ROWS}, or the system property {@code bilevel4j.floatFlushRows} read when the kernel is made (for comparisons). */
    final int flushRows = Integer.getInteger("bilevel4j.floatFlushRows", FLUSH_ROWS);


    private final float[] x;
    final int n, d, up;
    /**
     * The tile's softmax exponentials with vectors ({@link VectorExp}, default), or with Math.exp one by one (system property
     * {@code bilevel4j.vectorExp=false}, read when the kernel is made: the previous code, for benchmarks comparing both).
     */
    final boolean vectorExp = Boolean.parseBoolean(System.getProperty("bilevel4j.vectorExp", "true"));

    /**
     * −0, the identity of float addition. A sum carried by a loop is stored as {@code s.lanewise(ADD, NEG0)}, the same bits:
     * C2 then knows the stored vector's class from our own call site, not from the profile every caller of
     * {@code intoArray} shares (README, "Vectors across a call").
     */
    static final FloatVector NEG0 = FloatVector.broadcast(F, -0f);

    /**
     * ((0 + s[o]) + s[o+1]) + … + s[o+L−1]: a vector's lanes, stored at o, summed in lane order. JDK 17 sums them in that
     * order in {@code reduceLanes(ADD)} too, but later JDKs' C2 does not, so its bits would depend on when the JIT
     * compiled the kernel (README, "Which Java").
     */
    static float laneSum(float[] s, int o) {
        float t = 0f;
        for (int k = 0; k < L; k++) t += s[o + k];
        return t;
    }

    DenseRowsFloatSimd(DenseMatrix mtx) {
        this.x = mtx.values();
        this.n = mtx.rows();
        this.d = mtx.cols();
        this.up = F.loopBound(d);
    }

    /** For a kernel whose blocks read their tiles from their own float buffers ({@link DenseRowsByteSimd}). */
    DenseRowsFloatSimd(int n, int d) {
        this.x = null;
        this.n = n;
        this.d = d;
        this.up = F.loopBound(d);
    }

    @Override public int rows() { return n; }
    @Override public int cols() { return d; }
    @Override public long work(int i) { return d; }
    @Override public String describe() { return "dense SIMD float32 (jdk.incubator.vector, " + F.vectorBitSize() + "-bit)"; }

    @Override public double stream(int lo, int hi) {
        FloatVector a = FloatVector.zero(F), b = a, c = a, e = a;
        int j = lo * d, end = hi * d;
        for (; j + 4 * L <= end; j += 4 * L) {
            a = a.add(FloatVector.fromArray(F, x, j));
            b = b.add(FloatVector.fromArray(F, x, j + L));
            c = c.add(FloatVector.fromArray(F, x, j + 2 * L));
            e = e.add(FloatVector.fromArray(F, x, j + 3 * L));
        }
        float[] lanes = new float[L];
        a.add(b).add(c).add(e).intoArray(lanes, 0);
        double s = laneSum(lanes, 0);
        for (; j < end; j++) s += x[j];
        return s;
    }

    /** Blocks whose sweeps have finished, with their float partial gradient (zero) and weight copies. */
    private final RowBlocks.Idle<Block> idle = new RowBlocks.Idle<>();

    /**
     * An idle block of these sizes, reset to accumulate into g, else a new one: a new block per pass allocated its float
     * partial gradient and weight copies anew (README, "The slow mode caught").
     */
    @Override public Tiles tiles(int m, int stride, boolean bias, double[] g) {
        Block b = idle.take(t -> t.fits(m, stride, bias));
        return b != null ? b.reuse(g) : block(m, stride, bias, g);
    }

    Block block(int m, int stride, boolean bias, double[] g) { return new Block(m, stride, bias, g); }

    class Block extends FloatBlock<float[]> {
        /** The floats the tiles are read from (the matrix; a subclass's tile buffer) and the offsets of the tile's rows in it. */
        float[] xs = x;
        final int[] off = new int[TILE];
        /** The lanes of a register block's 4 × 5 sums, stored to be summed in lane order ({@link #laneSum}). */
        final float[] sums = new float[TILE * 5 * L];
        /** The float partial gradient, layout gf[c·d + j] for j < up (the rows it holds: pending). */
        float[] gf;

        Block(int m, int stride, boolean bias, double[] g) { super(m, stride, bias, g); }

        @Override Block reuse(double[] g) {
            super.reuse(g);
            return this;
        }

        @Override public void load(int[] idx, int count) {
            for (int r = 0; r < count; r++) off[r] = idx[r] * d;
            this.count = count;
        }

        /** f[c·d + j] = (float) w[c·stride + j]. */
        @Override float[] copy(double[] w, float[] f) {
            if (f == null) f = new float[m * d];
            for (int c = 0; c < m; c++) for (int j = 0; j < d; j++) f[c * d + j] = (float) w[c * stride + j];
            return f;
        }

        float[] floats(double[] w) { return copies.of(w); }

        // ---- dots ---------------------------------------------------------------------------------------

        @Override public void dots(double[] w, double[] z) {
            float[] wf = floats(w);
            if (count < TILE) {
                for (int r = 0; r < count; r++) for (int c = 0; c < m; c++) z[r * m + c] = dot1(off[r], wf, c * d);
            } else {
                int c = 0;
                if (WIDE) for (; c + 4 < m; c += 5) dots4x5(wf, c, z);
                for (; c + 1 < m; c += 2) dots4x2(wf, c, z);
                for (; c < m; c++) dots4x1(wf, c, z);
            }
            if (up < d || bias)
                for (int r = 0; r < count; r++)
                    for (int c = 0; c < m; c++) {
                        int o = c * stride, xo = off[r];
                        double s = bias ? w[o + d] : 0;
                        for (int j = up; j < d; j++) s += xs[xo + j] * w[o + j];
                        z[r * m + c] += s;
                    }
        }

        private double dot1(int xo, float[] wf, int o) {
            FloatVector a = FloatVector.zero(F);
            for (int j = 0; j < up; j += L) a = FloatVector.fromArray(F, xs, xo + j).fma(FloatVector.fromArray(F, wf, o + j), a);
            a.lanewise(VectorOperators.ADD, NEG0).intoArray(sums, 0);
            return laneSum(sums, 0);
        }

        private void dots4x5(float[] wf, int c, double[] z) {
            int o0 = c * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d, o4 = o3 + d;
            int x0o = off[0], x1o = off[1], x2o = off[2], x3o = off[3];
            FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00, a04 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00,
                    a14 = a00, a20 = a00, a21 = a00, a22 = a00, a23 = a00, a24 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00, a34 = a00;
            for (int j = 0; j < up; j += L) {
                FloatVector x0 = FloatVector.fromArray(F, xs, x0o + j), x1 = FloatVector.fromArray(F, xs, x1o + j),
                        x2 = FloatVector.fromArray(F, xs, x2o + j), x3 = FloatVector.fromArray(F, xs, x3o + j);
                FloatVector v = FloatVector.fromArray(F, wf, o0 + j);
                a00 = x0.fma(v, a00); a10 = x1.fma(v, a10); a20 = x2.fma(v, a20); a30 = x3.fma(v, a30);
                v = FloatVector.fromArray(F, wf, o1 + j);
                a01 = x0.fma(v, a01); a11 = x1.fma(v, a11); a21 = x2.fma(v, a21); a31 = x3.fma(v, a31);
                v = FloatVector.fromArray(F, wf, o2 + j);
                a02 = x0.fma(v, a02); a12 = x1.fma(v, a12); a22 = x2.fma(v, a22); a32 = x3.fma(v, a32);
                v = FloatVector.fromArray(F, wf, o3 + j);
                a03 = x0.fma(v, a03); a13 = x1.fma(v, a13); a23 = x2.fma(v, a23); a33 = x3.fma(v, a33);
                v = FloatVector.fromArray(F, wf, o4 + j);
                a04 = x0.fma(v, a04); a14 = x1.fma(v, a14); a24 = x2.fma(v, a24); a34 = x3.fma(v, a34);
            }
            float[] s = sums;
            a00.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 0); a01.lanewise(VectorOperators.ADD, NEG0).intoArray(s, L);
            a02.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 2 * L); a03.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 3 * L);
            a04.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 4 * L); a10.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 5 * L);
            a11.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 6 * L); a12.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 7 * L);
            a13.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 8 * L); a14.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 9 * L);
            a20.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 10 * L); a21.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 11 * L);
            a22.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 12 * L); a23.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 13 * L);
            a24.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 14 * L); a30.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 15 * L);
            a31.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 16 * L); a32.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 17 * L);
            a33.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 18 * L); a34.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 19 * L);
            for (int r = 0; r < TILE; r++) for (int k = 0; k < 5; k++) z[r * m + c + k] = laneSum(s, (5 * r + k) * L);
        }

        private void dots4x2(float[] wf, int c, double[] z) {
            int o0 = c * d, o1 = o0 + d, x0o = off[0], x1o = off[1], x2o = off[2], x3o = off[3];
            FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            for (int j = 0; j < up; j += L) {
                FloatVector x0 = FloatVector.fromArray(F, xs, x0o + j), x1 = FloatVector.fromArray(F, xs, x1o + j),
                        x2 = FloatVector.fromArray(F, xs, x2o + j), x3 = FloatVector.fromArray(F, xs, x3o + j);
                FloatVector v = FloatVector.fromArray(F, wf, o0 + j);
                a00 = x0.fma(v, a00); a10 = x1.fma(v, a10); a20 = x2.fma(v, a20); a30 = x3.fma(v, a30);
                v = FloatVector.fromArray(F, wf, o1 + j);
                a01 = x0.fma(v, a01); a11 = x1.fma(v, a11); a21 = x2.fma(v, a21); a31 = x3.fma(v, a31);
            }
            float[] s = sums;
            a00.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 0); a01.lanewise(VectorOperators.ADD, NEG0).intoArray(s, L);
            a10.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 2 * L); a11.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 3 * L);
            a20.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 4 * L); a21.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 5 * L);
            a30.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 6 * L); a31.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 7 * L);
            for (int r = 0; r < TILE; r++) for (int k = 0; k < 2; k++) z[r * m + c + k] = laneSum(s, (2 * r + k) * L);
        }

        private void dots4x1(float[] wf, int c, double[] z) {
            int o0 = c * d, x0o = off[0], x1o = off[1], x2o = off[2], x3o = off[3];
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < up; j += L) {
                FloatVector v = FloatVector.fromArray(F, wf, o0 + j);
                a0 = FloatVector.fromArray(F, xs, x0o + j).fma(v, a0);
                a1 = FloatVector.fromArray(F, xs, x1o + j).fma(v, a1);
                a2 = FloatVector.fromArray(F, xs, x2o + j).fma(v, a2);
                a3 = FloatVector.fromArray(F, xs, x3o + j).fma(v, a3);
            }
            float[] s = sums;
            a0.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 0); a1.lanewise(VectorOperators.ADD, NEG0).intoArray(s, L);
            a2.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 2 * L); a3.lanewise(VectorOperators.ADD, NEG0).intoArray(s, 3 * L);
            for (int r = 0; r < TILE; r++) z[r * m + c] = laneSum(s, r * L);
        }

        // ---- axpy ---------------------------------------------------------------------------------------

        @Override public void axpy(double[] a) {
            if (gf == null) gf = new float[m * d];
            if (count < TILE) {
                for (int r = 0; r < count; r++) for (int c = 0; c < m; c++) axpy1(off[r], (float) a[r * m + c], c * d);
            } else {
                int c = 0;
                if (WIDE) for (; c + 4 < m; c += 5) axpy4x5(a, c);
                for (; c + 1 < m; c += 2) axpy4x2(a, c);
                for (; c < m; c++) axpy4x1(a, c);
            }
            if (up < d || bias)
                for (int r = 0; r < count; r++)
                    for (int c = 0; c < m; c++) {
                        int o = c * stride, xo = off[r];
                        double ar = a[r * m + c];
                        for (int j = up; j < d; j++) g[o + j] += ar * xs[xo + j];
                        if (bias) g[o + d] += ar;
                    }
            pending += count;
            if (pending >= flushRows) flush();
        }

        /** Flushes, then hands the block back to the kernel's idle ones; the caller no longer uses it. */
        @Override public void finish() {
            if (pending > 0) flush();
            idle.give(this);
        }

        @Override public void exp(double[] a, int n) {
            if (vectorExp) VectorExp.expInPlace(a, n);
            else for (int k = 0; k < n; k++) a[k] = Math.exp(a[k]);
        }

        /**
         * g += gf, gf := 0, element by element (each float widened exactly to double, then added). Scalar on purpose: with a
         * 256-bit float species here, the first flush, run before C2 has compiled it, widened through the Vector API's
         * fallback, which stores 256-bit FloatVectors through FloatVector.intoArray; that put Float256Vector into the type
         * profile every caller of intoArray shares, and C2 could then compile the axpy kernels' 512-bit stores as calls on
         * boxed vectors instead of intrinsics, depending on its inlining order (README, "The dense kernels").
         */
        void flush() {
            for (int c = 0; c < m; c++) {
                int o = c * stride, p = c * d;
                for (int j = 0; j < up; j++) g[o + j] += gf[p + j];
                java.util.Arrays.fill(gf, p, p + up, 0f);
            }
            pending = 0;
        }

        private void axpy1(int xo, float a, int o) {
            FloatVector b = FloatVector.broadcast(F, a);
            for (int j = 0; j < up; j += L) FloatVector.fromArray(F, xs, xo + j).fma(b, FloatVector.fromArray(F, gf, o + j)).intoArray(gf, o + j);
        }


        private void axpy4x5(double[] a, int c) {
            int o0 = c * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d, o4 = o3 + d, r1 = m, r2 = 2 * m, r3 = 3 * m;
            int x0o = off[0], x1o = off[1], x2o = off[2], x3o = off[3];
            FloatVector b00 = FloatVector.broadcast(F, (float) a[c]), b01 = FloatVector.broadcast(F, (float) a[c + 1]),
                    b02 = FloatVector.broadcast(F, (float) a[c + 2]), b03 = FloatVector.broadcast(F, (float) a[c + 3]),
                    b04 = FloatVector.broadcast(F, (float) a[c + 4]);
            FloatVector b10 = FloatVector.broadcast(F, (float) a[r1 + c]), b11 = FloatVector.broadcast(F, (float) a[r1 + c + 1]),
                    b12 = FloatVector.broadcast(F, (float) a[r1 + c + 2]), b13 = FloatVector.broadcast(F, (float) a[r1 + c + 3]),
                    b14 = FloatVector.broadcast(F, (float) a[r1 + c + 4]);
            FloatVector b20 = FloatVector.broadcast(F, (float) a[r2 + c]), b21 = FloatVector.broadcast(F, (float) a[r2 + c + 1]),
                    b22 = FloatVector.broadcast(F, (float) a[r2 + c + 2]), b23 = FloatVector.broadcast(F, (float) a[r2 + c + 3]),
                    b24 = FloatVector.broadcast(F, (float) a[r2 + c + 4]);
            FloatVector b30 = FloatVector.broadcast(F, (float) a[r3 + c]), b31 = FloatVector.broadcast(F, (float) a[r3 + c + 1]),
                    b32 = FloatVector.broadcast(F, (float) a[r3 + c + 2]), b33 = FloatVector.broadcast(F, (float) a[r3 + c + 3]),
                    b34 = FloatVector.broadcast(F, (float) a[r3 + c + 4]);
            for (int j = 0; j < up; j += L) {
                FloatVector x0 = FloatVector.fromArray(F, xs, x0o + j), x1 = FloatVector.fromArray(F, xs, x1o + j),
                        x2 = FloatVector.fromArray(F, xs, x2o + j), x3 = FloatVector.fromArray(F, xs, x3o + j);
                x0.fma(b00, x1.fma(b10, x2.fma(b20, x3.fma(b30, FloatVector.fromArray(F, gf, o0 + j))))).intoArray(gf, o0 + j);
                x0.fma(b01, x1.fma(b11, x2.fma(b21, x3.fma(b31, FloatVector.fromArray(F, gf, o1 + j))))).intoArray(gf, o1 + j);
                x0.fma(b02, x1.fma(b12, x2.fma(b22, x3.fma(b32, FloatVector.fromArray(F, gf, o2 + j))))).intoArray(gf, o2 + j);
                x0.fma(b03, x1.fma(b13, x2.fma(b23, x3.fma(b33, FloatVector.fromArray(F, gf, o3 + j))))).intoArray(gf, o3 + j);
                x0.fma(b04, x1.fma(b14, x2.fma(b24, x3.fma(b34, FloatVector.fromArray(F, gf, o4 + j))))).intoArray(gf, o4 + j);
            }
        }

        private void axpy4x2(double[] a, int c) {
            int o0 = c * d, o1 = o0 + d, r1 = m, r2 = 2 * m, r3 = 3 * m, x0o = off[0], x1o = off[1], x2o = off[2], x3o = off[3];
            FloatVector b00 = FloatVector.broadcast(F, (float) a[c]), b01 = FloatVector.broadcast(F, (float) a[c + 1]),
                    b10 = FloatVector.broadcast(F, (float) a[r1 + c]), b11 = FloatVector.broadcast(F, (float) a[r1 + c + 1]),
                    b20 = FloatVector.broadcast(F, (float) a[r2 + c]), b21 = FloatVector.broadcast(F, (float) a[r2 + c + 1]),
                    b30 = FloatVector.broadcast(F, (float) a[r3 + c]), b31 = FloatVector.broadcast(F, (float) a[r3 + c + 1]);
            for (int j = 0; j < up; j += L) {
                FloatVector x0 = FloatVector.fromArray(F, xs, x0o + j), x1 = FloatVector.fromArray(F, xs, x1o + j),
                        x2 = FloatVector.fromArray(F, xs, x2o + j), x3 = FloatVector.fromArray(F, xs, x3o + j);
                x0.fma(b00, x1.fma(b10, x2.fma(b20, x3.fma(b30, FloatVector.fromArray(F, gf, o0 + j))))).intoArray(gf, o0 + j);
                x0.fma(b01, x1.fma(b11, x2.fma(b21, x3.fma(b31, FloatVector.fromArray(F, gf, o1 + j))))).intoArray(gf, o1 + j);
            }
        }

        private void axpy4x1(double[] a, int c) {
            int o0 = c * d, x0o = off[0], x1o = off[1], x2o = off[2], x3o = off[3];
            FloatVector b0 = FloatVector.broadcast(F, (float) a[c]), b1 = FloatVector.broadcast(F, (float) a[m + c]),
                    b2 = FloatVector.broadcast(F, (float) a[2 * m + c]), b3 = FloatVector.broadcast(F, (float) a[3 * m + c]);
            for (int j = 0; j < up; j += L) {
                FloatVector x0 = FloatVector.fromArray(F, xs, x0o + j), x1 = FloatVector.fromArray(F, xs, x1o + j),
                        x2 = FloatVector.fromArray(F, xs, x2o + j), x3 = FloatVector.fromArray(F, xs, x3o + j);
                x0.fma(b0, x1.fma(b1, x2.fma(b2, x3.fma(b3, FloatVector.fromArray(F, gf, o0 + j))))).intoArray(gf, o0 + j);
            }
        }
    }
}
