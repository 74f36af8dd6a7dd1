package org.bilevel4j.model;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 8-bit kernel's two products over a tile of R = {@link #R} consecutive rows (one float vector's lanes; 16 with
 * AVX-512), used by {@link DenseRowsByteSimd} for full passes:
 * <pre>
 *   dots, lanes over rows:     zt[c·R + r] = Σ_j b_{r,j} wt[j·m + c]      per feature j: one load of the R bytes b_{·,j}
 *                              (column-major copy of the tile), widened, and one FMA per output with the broadcast wt[j·m + c]
 *   axpy, lanes over features: gf[c·d + j] += Σ_r af[r·m + c] b_{r,j}    per R features: the outputs' partial sums stay in
 *                              registers while the R rows' bytes of those features (an R × R block, row-major) are widened
 *                              and added with the broadcast af[r·m + c]
 * </pre>
 * Each product reads its own copy of a tile's bytes in the order it uses them, one sequential stream: the R × R blocks
 * straight from the row-major matrix (R rows 784 bytes apart) made the axpy 1.6× slower on fresh tiles than on one in
 * cache, against 1.1× with the blocked copy.
 * No horizontal reductions; the float weights and the partial gradient are read once per R rows (the 4-row kernel reads
 * both per 4 rows, 75 KB a tile against a 48 KB L1). Outputs in register blocks of 10, 5 and 1 accumulators. No vector
 * is passed to or returned from a method (C2 would box it). Loaded only through the SIMD kernels.
 */
final class LanesOverRows {
    private LanesOverRows() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Rows per tile. */
    static final int R = F.length();
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(R * 8));
    /** Whether R bytes widen to one float vector (R int lanes in the preferred int shape). */
    static final boolean SUPPORTED = I.length() == R;

    /** The bytes of the full tiles of R rows, column-major in each tile: t[(q·d + j)·R + r] = v[(q·R + r)·d + j]. */
    static byte[] columnTiles(byte[] v, int rows, int d) {
        int tiles = rows / R;
        byte[] t = new byte[tiles * R * d];
        for (int q = 0; q < tiles; q++)
            for (int r = 0; r < R; r++) {
                int src = (q * R + r) * d, dst = q * R * d + r;
                for (int j = 0; j < d; j++) t[dst + j * R] = v[src + j];
            }
        return t;
    }

    /**
     * The bytes of the full tiles of R rows, features j &lt; up (a multiple of R) in R × R blocks, row-major in each block:
     * t[q·R·up + (j − j mod R)·R + r·R + j mod R] = v[(q·R + r)·d + j].
     */
    static byte[] blockTiles(byte[] v, int rows, int d, int up) {
        int tiles = rows / R;
        byte[] t = new byte[tiles * R * up];
        for (int q = 0; q < tiles; q++)
            for (int r = 0; r < R; r++) {
                int src = (q * R + r) * d, dst = q * R * up + r * R;
                for (int j = 0; j < up; j++) t[dst + (j - j % R) * R + j % R] = v[src + j];
            }
        return t;
    }

    /** zt[c·R + r] = Σ_{j<d} b_{r,j} wt[j·m + c] over the tile whose column-major bytes start at t[base] (float sums). */
    static void dots(byte[] t, int base, int d, float[] wt, int m, float[] zt) {
        int c = 0;
        for (; c + 10 <= m; c += 10) dots10(t, base, d, wt, m, c, zt);
        for (; c + 5 <= m; c += 5) dots5(t, base, d, wt, m, c, zt);
        for (; c < m; c++) dots1(t, base, d, wt, m, c, zt);
    }

    private static void dots10(byte[] t, int base, int d, float[] wt, int m, int c, float[] zt) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
        for (int j = 0, p = base, q = c; j < d; j++, p += R, q += m) {
            FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF)
                    .convert(VectorOperators.I2F, 0);
            a0 = x.fma(FloatVector.broadcast(F, wt[q]), a0);
            a1 = x.fma(FloatVector.broadcast(F, wt[q + 1]), a1);
            a2 = x.fma(FloatVector.broadcast(F, wt[q + 2]), a2);
            a3 = x.fma(FloatVector.broadcast(F, wt[q + 3]), a3);
            a4 = x.fma(FloatVector.broadcast(F, wt[q + 4]), a4);
            a5 = x.fma(FloatVector.broadcast(F, wt[q + 5]), a5);
            a6 = x.fma(FloatVector.broadcast(F, wt[q + 6]), a6);
            a7 = x.fma(FloatVector.broadcast(F, wt[q + 7]), a7);
            a8 = x.fma(FloatVector.broadcast(F, wt[q + 8]), a8);
            a9 = x.fma(FloatVector.broadcast(F, wt[q + 9]), a9);
        }
        int o = c * R;
        a0.intoArray(zt, o);
        a1.intoArray(zt, o + R);
        a2.intoArray(zt, o + 2 * R);
        a3.intoArray(zt, o + 3 * R);
        a4.intoArray(zt, o + 4 * R);
        a5.intoArray(zt, o + 5 * R);
        a6.intoArray(zt, o + 6 * R);
        a7.intoArray(zt, o + 7 * R);
        a8.intoArray(zt, o + 8 * R);
        a9.intoArray(zt, o + 9 * R);
    }

    private static void dots5(byte[] t, int base, int d, float[] wt, int m, int c, float[] zt) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0;
        for (int j = 0, p = base, q = c; j < d; j++, p += R, q += m) {
            FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF)
                    .convert(VectorOperators.I2F, 0);
            a0 = x.fma(FloatVector.broadcast(F, wt[q]), a0);
            a1 = x.fma(FloatVector.broadcast(F, wt[q + 1]), a1);
            a2 = x.fma(FloatVector.broadcast(F, wt[q + 2]), a2);
            a3 = x.fma(FloatVector.broadcast(F, wt[q + 3]), a3);
            a4 = x.fma(FloatVector.broadcast(F, wt[q + 4]), a4);
        }
        int o = c * R;
        a0.intoArray(zt, o);
        a1.intoArray(zt, o + R);
        a2.intoArray(zt, o + 2 * R);
        a3.intoArray(zt, o + 3 * R);
        a4.intoArray(zt, o + 4 * R);
    }

    private static void dots1(byte[] t, int base, int d, float[] wt, int m, int c, float[] zt) {
        FloatVector a0 = FloatVector.zero(F);
        for (int j = 0, p = base, q = c; j < d; j++, p += R, q += m) {
            FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF)
                    .convert(VectorOperators.I2F, 0);
            a0 = x.fma(FloatVector.broadcast(F, wt[q]), a0);
        }
        a0.intoArray(zt, c * R);
    }

    /** gf[c·d + j] += Σ_{r<R} af[r·m + c] b_{r,j} for j &lt; up, the tile's blocks ({@link #blockTiles}) from t[base]. */
    static void axpy(byte[] t, int base, int d, int up, float[] af, int m, float[] gf) {
        int c = 0;
        for (; c + 10 <= m; c += 10) axpy10(t, base, d, up, af, m, c, gf);
        for (; c + 5 <= m; c += 5) axpy5(t, base, d, up, af, m, c, gf);
        for (; c < m; c++) axpy1(t, base, d, up, af, m, c, gf);
    }

    private static void axpy10(byte[] t, int base, int d, int up, float[] af, int m, int c, float[] gf) {
        int o0 = c * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d, o4 = o3 + d, o5 = o4 + d, o6 = o5 + d, o7 = o6 + d, o8 = o7 + d, o9 = o8 + d;
        for (int j = 0, p = base; j < up; j += R) {
            FloatVector g0 = FloatVector.fromArray(F, gf, o0 + j), g1 = FloatVector.fromArray(F, gf, o1 + j),
                    g2 = FloatVector.fromArray(F, gf, o2 + j), g3 = FloatVector.fromArray(F, gf, o3 + j),
                    g4 = FloatVector.fromArray(F, gf, o4 + j), g5 = FloatVector.fromArray(F, gf, o5 + j),
                    g6 = FloatVector.fromArray(F, gf, o6 + j), g7 = FloatVector.fromArray(F, gf, o7 + j),
                    g8 = FloatVector.fromArray(F, gf, o8 + j), g9 = FloatVector.fromArray(F, gf, o9 + j);
            for (int r = 0, q = c; r < R; r++, p += R, q += m) {
                FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF)
                        .convert(VectorOperators.I2F, 0);
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
            g0.intoArray(gf, o0 + j);
            g1.intoArray(gf, o1 + j);
            g2.intoArray(gf, o2 + j);
            g3.intoArray(gf, o3 + j);
            g4.intoArray(gf, o4 + j);
            g5.intoArray(gf, o5 + j);
            g6.intoArray(gf, o6 + j);
            g7.intoArray(gf, o7 + j);
            g8.intoArray(gf, o8 + j);
            g9.intoArray(gf, o9 + j);
        }
    }

    private static void axpy5(byte[] t, int base, int d, int up, float[] af, int m, int c, float[] gf) {
        int o0 = c * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d, o4 = o3 + d;
        for (int j = 0, p = base; j < up; j += R) {
            FloatVector g0 = FloatVector.fromArray(F, gf, o0 + j), g1 = FloatVector.fromArray(F, gf, o1 + j),
                    g2 = FloatVector.fromArray(F, gf, o2 + j), g3 = FloatVector.fromArray(F, gf, o3 + j),
                    g4 = FloatVector.fromArray(F, gf, o4 + j);
            for (int r = 0, q = c; r < R; r++, p += R, q += m) {
                FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF)
                        .convert(VectorOperators.I2F, 0);
                g0 = x.fma(FloatVector.broadcast(F, af[q]), g0);
                g1 = x.fma(FloatVector.broadcast(F, af[q + 1]), g1);
                g2 = x.fma(FloatVector.broadcast(F, af[q + 2]), g2);
                g3 = x.fma(FloatVector.broadcast(F, af[q + 3]), g3);
                g4 = x.fma(FloatVector.broadcast(F, af[q + 4]), g4);
            }
            g0.intoArray(gf, o0 + j);
            g1.intoArray(gf, o1 + j);
            g2.intoArray(gf, o2 + j);
            g3.intoArray(gf, o3 + j);
            g4.intoArray(gf, o4 + j);
        }
    }

    private static void axpy1(byte[] t, int base, int d, int up, float[] af, int m, int c, float[] gf) {
        int o0 = c * d;
        for (int j = 0, p = base; j < up; j += R) {
            FloatVector g0 = FloatVector.fromArray(F, gf, o0 + j);
            for (int r = 0, q = c; r < R; r++, p += R, q += m) {
                FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF)
                        .convert(VectorOperators.I2F, 0);
                g0 = x.fma(FloatVector.broadcast(F, af[q]), g0);
            }
            g0.intoArray(gf, o0 + j);
        }
    }
}
