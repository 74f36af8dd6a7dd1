package org.bilevel4j.model;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 8-bit kernel's two products over a tile of {@link #ROWS} = 2R consecutive rows (R = a float vector's lanes, 16
 * with AVX-512), used by {@link DenseRowsByteSimd} for full passes:
 * <pre>
 *   dots, lanes over rows:     zt[c·ROWS + r] = Σ_j b_{r,j} wt[j·m + c]   per feature j: two loads of R bytes b_{·,j}
 *                              (column-major copy of the tile), widened, and two FMAs per output with the broadcast wt[j·m + c]
 *   axpy, lanes over features: gf[c·d + j] += Σ_r af[r·m + c] b_{r,j}     per R features: the outputs' partial sums stay in
 *                              registers while the tile's bytes of those features (a ROWS × R block, row-major) are widened
 *                              row by row and added with the broadcast af[r·m + c]
 * </pre>
 * No horizontal reductions; the float weights and the partial gradient are read once per tile (the 4-row kernel reads
 * both per 4 rows, 75 KB a tile against a 48 KB L1). Outputs in register blocks of 10, 5 and 1 (the dots hold two
 * vectors per output: 20 accumulators). Each product reads its own copy of the bytes in the order it uses them, one
 * sequential stream (the blocks read straight from the row-major matrix, rows 784 bytes apart, made the axpy 1.6× slower
 * on fresh tiles than on a tile in cache). No vector is passed to or returned from a method (C2 would box it). Loaded
 * only through the SIMD kernels.
 */
final class LanesOverRows {
    private LanesOverRows() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Float lanes. */
    private static final int R = F.length();
    /** Rows per tile: two vectors of lanes (32 with AVX-512; 16 rows, one vector, took 20% more CPU time for the dots). */
    static final int ROWS = 2 * R;
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(R * 8));
    /** Whether R bytes widen to one float vector (R int lanes in the preferred int shape). */
    static final boolean SUPPORTED = I.length() == R;

    /** The bytes of the full tiles, column-major in each tile: t[(q·d + j)·ROWS + r] = v[(q·ROWS + r)·d + j]. */
    static byte[] columnTiles(byte[] v, int rows, int d) {
        int tiles = rows / ROWS;
        byte[] t = new byte[tiles * ROWS * d];
        for (int q = 0; q < tiles; q++)
            for (int r = 0; r < ROWS; r++) {
                int src = (q * ROWS + r) * d, dst = q * ROWS * d + r;
                for (int j = 0; j < d; j++) t[dst + j * ROWS] = v[src + j];
            }
        return t;
    }

    /**
     * The bytes of the full tiles, features j &lt; up (a multiple of R) in blocks of ROWS × R, row-major in each block:
     * t[q·ROWS·up + (j − j mod R)·ROWS + r·R + j mod R] = v[(q·ROWS + r)·d + j].
     */
    static byte[] blockTiles(byte[] v, int rows, int d, int up) {
        int tiles = rows / ROWS;
        byte[] t = new byte[tiles * ROWS * up];
        for (int q = 0; q < tiles; q++)
            for (int r = 0; r < ROWS; r++) {
                int src = (q * ROWS + r) * d, dst = q * ROWS * up + r * R;
                for (int j = 0; j < up; j++) t[dst + (j - j % R) * ROWS + j % R] = v[src + j];
            }
        return t;
    }

    /** zt[c·ROWS + r] = Σ_{j<d} b_{r,j} wt[j·m + c] over the tile whose column-major bytes start at t[base] (float sums). */
    static void dots(byte[] t, int base, int d, float[] wt, int m, float[] zt) {
        short[] all = features;
        if (all.length != d) features = all = identity(d);
        dots(t, all, base / ROWS, base / ROWS, base / ROWS + d, wt, m, zt);
    }

    /** The features 0..d−1 of a whole tile (the last d asked for; d ≤ 32767, which the 8-bit kernel checks). */
    private static volatile short[] features = new short[0];

    private static short[] identity(int d) {
        short[] js = new short[d];
        for (int j = 0; j < d; j++) js[j] = (short) j;
        return js;
    }

    /**
     * zt[c·ROWS + r] = Σ_k b_{r,k} wt[j_k·m + c] over the columns k in [from, to) of a column-major copy (ROWS bytes a
     * column, from t[k·ROWS]), column k holding feature j_k = js[k − shift]: a whole tile lists every feature (shift =
     * from), {@link LanesOverNonzeros}' lists leave out all-zero columns (shift = 0); the sums are the same, bit for bit.
     * One kernel for both: the shift and the list cost the dense dots nothing measurable (ZeroSkipBreakdown, one JVM).
     */
    static void dots(byte[] t, short[] js, int shift, int from, int to, float[] wt, int m, float[] zt) {
        int c = 0;
        for (; c + 10 <= m; c += 10) dots10(t, js, shift, from, to, wt, m, c, zt);
        for (; c + 5 <= m; c += 5) dots5(t, js, shift, from, to, wt, m, c, zt);
        for (; c < m; c++) dots1(t, js, shift, from, to, wt, m, c, zt);
    }

    private static void dots10(byte[] t, short[] js, int shift, int from, int to, float[] wt, int m, int c, float[] zt) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00, a04 = a00, a05 = a00, a06 = a00, a07 = a00, a08 = a00, a09 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00, a14 = a00, a15 = a00, a16 = a00, a17 = a00, a18 = a00, a19 = a00;
        for (int k = from; k < to; k++) {
            int p = k * ROWS, q = js[k - shift] * m + c;
            FloatVector x0 = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
            FloatVector x1 = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p + R).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
            FloatVector w0 = FloatVector.broadcast(F, wt[q]);
            a00 = x0.fma(w0, a00);
            a10 = x1.fma(w0, a10);
            FloatVector w1 = FloatVector.broadcast(F, wt[q + 1]);
            a01 = x0.fma(w1, a01);
            a11 = x1.fma(w1, a11);
            FloatVector w2 = FloatVector.broadcast(F, wt[q + 2]);
            a02 = x0.fma(w2, a02);
            a12 = x1.fma(w2, a12);
            FloatVector w3 = FloatVector.broadcast(F, wt[q + 3]);
            a03 = x0.fma(w3, a03);
            a13 = x1.fma(w3, a13);
            FloatVector w4 = FloatVector.broadcast(F, wt[q + 4]);
            a04 = x0.fma(w4, a04);
            a14 = x1.fma(w4, a14);
            FloatVector w5 = FloatVector.broadcast(F, wt[q + 5]);
            a05 = x0.fma(w5, a05);
            a15 = x1.fma(w5, a15);
            FloatVector w6 = FloatVector.broadcast(F, wt[q + 6]);
            a06 = x0.fma(w6, a06);
            a16 = x1.fma(w6, a16);
            FloatVector w7 = FloatVector.broadcast(F, wt[q + 7]);
            a07 = x0.fma(w7, a07);
            a17 = x1.fma(w7, a17);
            FloatVector w8 = FloatVector.broadcast(F, wt[q + 8]);
            a08 = x0.fma(w8, a08);
            a18 = x1.fma(w8, a18);
            FloatVector w9 = FloatVector.broadcast(F, wt[q + 9]);
            a09 = x0.fma(w9, a09);
            a19 = x1.fma(w9, a19);
        }
        int o = c * ROWS;
        a00.intoArray(zt, o);
        a10.intoArray(zt, o + R);
        a01.intoArray(zt, o + 1 * ROWS);
        a11.intoArray(zt, o + 1 * ROWS + R);
        a02.intoArray(zt, o + 2 * ROWS);
        a12.intoArray(zt, o + 2 * ROWS + R);
        a03.intoArray(zt, o + 3 * ROWS);
        a13.intoArray(zt, o + 3 * ROWS + R);
        a04.intoArray(zt, o + 4 * ROWS);
        a14.intoArray(zt, o + 4 * ROWS + R);
        a05.intoArray(zt, o + 5 * ROWS);
        a15.intoArray(zt, o + 5 * ROWS + R);
        a06.intoArray(zt, o + 6 * ROWS);
        a16.intoArray(zt, o + 6 * ROWS + R);
        a07.intoArray(zt, o + 7 * ROWS);
        a17.intoArray(zt, o + 7 * ROWS + R);
        a08.intoArray(zt, o + 8 * ROWS);
        a18.intoArray(zt, o + 8 * ROWS + R);
        a09.intoArray(zt, o + 9 * ROWS);
        a19.intoArray(zt, o + 9 * ROWS + R);
    }

    private static void dots5(byte[] t, short[] js, int shift, int from, int to, float[] wt, int m, int c, float[] zt) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00, a04 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00, a14 = a00;
        for (int k = from; k < to; k++) {
            int p = k * ROWS, q = js[k - shift] * m + c;
            FloatVector x0 = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
            FloatVector x1 = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p + R).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
            FloatVector w0 = FloatVector.broadcast(F, wt[q]);
            a00 = x0.fma(w0, a00);
            a10 = x1.fma(w0, a10);
            FloatVector w1 = FloatVector.broadcast(F, wt[q + 1]);
            a01 = x0.fma(w1, a01);
            a11 = x1.fma(w1, a11);
            FloatVector w2 = FloatVector.broadcast(F, wt[q + 2]);
            a02 = x0.fma(w2, a02);
            a12 = x1.fma(w2, a12);
            FloatVector w3 = FloatVector.broadcast(F, wt[q + 3]);
            a03 = x0.fma(w3, a03);
            a13 = x1.fma(w3, a13);
            FloatVector w4 = FloatVector.broadcast(F, wt[q + 4]);
            a04 = x0.fma(w4, a04);
            a14 = x1.fma(w4, a14);
        }
        int o = c * ROWS;
        a00.intoArray(zt, o);
        a10.intoArray(zt, o + R);
        a01.intoArray(zt, o + 1 * ROWS);
        a11.intoArray(zt, o + 1 * ROWS + R);
        a02.intoArray(zt, o + 2 * ROWS);
        a12.intoArray(zt, o + 2 * ROWS + R);
        a03.intoArray(zt, o + 3 * ROWS);
        a13.intoArray(zt, o + 3 * ROWS + R);
        a04.intoArray(zt, o + 4 * ROWS);
        a14.intoArray(zt, o + 4 * ROWS + R);
    }

    private static void dots1(byte[] t, short[] js, int shift, int from, int to, float[] wt, int m, int c, float[] zt) {
        FloatVector a00 = FloatVector.zero(F), a10 = a00;
        for (int k = from; k < to; k++) {
            int p = k * ROWS, q = js[k - shift] * m + c;
            FloatVector x0 = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
            FloatVector x1 = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p + R).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
            FloatVector w0 = FloatVector.broadcast(F, wt[q]);
            a00 = x0.fma(w0, a00);
            a10 = x1.fma(w0, a10);
        }
        int o = c * ROWS;
        a00.intoArray(zt, o);
        a10.intoArray(zt, o + R);
    }

    /** gf[c·d + j] += Σ_{r<ROWS} af[r·m + c] b_{r,j} for j &lt; up, the tile's blocks ({@link #blockTiles}) from t[base]. */
    static void axpy(byte[] t, int base, int d, int up, float[] af, int m, float[] gf) {
        int c = 0;
        for (; c + 10 <= m; c += 10) axpy10(t, base, d, up, af, m, c, gf);
        for (; c + 5 <= m; c += 5) axpy5(t, base, d, up, af, m, c, gf);
        for (; c < m; c++) axpy1(t, base, d, up, af, m, c, gf);
    }

    private static void axpy10(byte[] t, int base, int d, int up, float[] af, int m, int c, float[] gf) {
        int o = c * d;
        for (int j = 0, p = base; j < up; j += R) {
            FloatVector g0 = FloatVector.fromArray(F, gf, o + j);
            FloatVector g1 = FloatVector.fromArray(F, gf, o + 1 * d + j);
            FloatVector g2 = FloatVector.fromArray(F, gf, o + 2 * d + j);
            FloatVector g3 = FloatVector.fromArray(F, gf, o + 3 * d + j);
            FloatVector g4 = FloatVector.fromArray(F, gf, o + 4 * d + j);
            FloatVector g5 = FloatVector.fromArray(F, gf, o + 5 * d + j);
            FloatVector g6 = FloatVector.fromArray(F, gf, o + 6 * d + j);
            FloatVector g7 = FloatVector.fromArray(F, gf, o + 7 * d + j);
            FloatVector g8 = FloatVector.fromArray(F, gf, o + 8 * d + j);
            FloatVector g9 = FloatVector.fromArray(F, gf, o + 9 * d + j);
            for (int r = 0, q = c; r < ROWS; r++, p += R, q += m) {
                FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
                g0 = x.fma(FloatVector.broadcast(F, af[q]), g0);
                g1 = x.fma(FloatVector.broadcast(F, af[q + 1]), g1);
                g2 = x.fma(FloatVector.broadcast(F, af[q + 2]), g2);
                g3 = x.fma(FloatVector.broadcast(F, af[q + 3]), g3);
                g4 = x.fma(FloatVector.broadcast(F, af[q + 4]), g4);
                g5 = x.fma(FloatVector.broadcast(F, af[q + 5]), g5);
                g6 = x.fma(FloatVector.broadcast(F, af[q + 6]), g6);
                g7 = x.fma(FloatVector.broadcast(F, af[q + 7]), g7);
                g8 = x.fma(FloatVector.broadcast(F, af[q + 8]), g8);
                g9 = x.fma(FloatVector.broadcast(F, af[q + 9]), g9);
            }
            g0.intoArray(gf, o + j);
            g1.intoArray(gf, o + 1 * d + j);
            g2.intoArray(gf, o + 2 * d + j);
            g3.intoArray(gf, o + 3 * d + j);
            g4.intoArray(gf, o + 4 * d + j);
            g5.intoArray(gf, o + 5 * d + j);
            g6.intoArray(gf, o + 6 * d + j);
            g7.intoArray(gf, o + 7 * d + j);
            g8.intoArray(gf, o + 8 * d + j);
            g9.intoArray(gf, o + 9 * d + j);
        }
    }

    private static void axpy5(byte[] t, int base, int d, int up, float[] af, int m, int c, float[] gf) {
        int o = c * d;
        for (int j = 0, p = base; j < up; j += R) {
            FloatVector g0 = FloatVector.fromArray(F, gf, o + j);
            FloatVector g1 = FloatVector.fromArray(F, gf, o + 1 * d + j);
            FloatVector g2 = FloatVector.fromArray(F, gf, o + 2 * d + j);
            FloatVector g3 = FloatVector.fromArray(F, gf, o + 3 * d + j);
            FloatVector g4 = FloatVector.fromArray(F, gf, o + 4 * d + j);
            for (int r = 0, q = c; r < ROWS; r++, p += R, q += m) {
                FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
                g0 = x.fma(FloatVector.broadcast(F, af[q]), g0);
                g1 = x.fma(FloatVector.broadcast(F, af[q + 1]), g1);
                g2 = x.fma(FloatVector.broadcast(F, af[q + 2]), g2);
                g3 = x.fma(FloatVector.broadcast(F, af[q + 3]), g3);
                g4 = x.fma(FloatVector.broadcast(F, af[q + 4]), g4);
            }
            g0.intoArray(gf, o + j);
            g1.intoArray(gf, o + 1 * d + j);
            g2.intoArray(gf, o + 2 * d + j);
            g3.intoArray(gf, o + 3 * d + j);
            g4.intoArray(gf, o + 4 * d + j);
        }
    }

    private static void axpy1(byte[] t, int base, int d, int up, float[] af, int m, int c, float[] gf) {
        int o = c * d;
        for (int j = 0, p = base; j < up; j += R) {
            FloatVector g0 = FloatVector.fromArray(F, gf, o + j);
            for (int r = 0, q = c; r < ROWS; r++, p += R, q += m) {
                FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
                g0 = x.fma(FloatVector.broadcast(F, af[q]), g0);
            }
            g0.intoArray(gf, o + j);
        }
    }
}
