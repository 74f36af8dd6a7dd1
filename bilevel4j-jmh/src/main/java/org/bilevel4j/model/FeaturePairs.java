package org.bilevel4j.model;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Trial kernel (issue 15, not in the library): the gradient's product G = Bᵀ R of 10 classes from the dots'
 * column-major copy of the tiles ({@link LanesOverRows#columnTiles}, or {@link LanesOverNonzeros}' listed copy), with
 * lanes over rows, over a chunk of consecutive tiles whose class-major float residuals res[(s·M + c)·ROWS + r] (tile s
 * of the chunk) stay in L1:
 * <pre>
 *   g16[(j·M + c)·R + l] += Σ_s Σ_{h<2} b_{s, h·R + l, j} res[(s·M + c)·ROWS + h·R + l]      per feature pair (j, j+1)
 * </pre>
 * The 2·M sums of a pair are 16-lane vectors over rows kept in registers across the chunk's tiles; each residual vector
 * is loaded once per tile and feeds two FMAs (features j and j+1). The lanes are summed only when g16 is flushed
 * ({@link #flush}). M = 10 classes only (the MNIST experiment). res and g16 from origins ro and go in their arrays (to
 * place the vectors on 64-byte lines: Java's arrays start 16 bytes into a line, so every 64-byte vector load of an array
 * is split across two lines unless the array is placed, as G1 does with humongous arrays at a region's start, 12 floats in).
 */
final class FeaturePairs {
    private FeaturePairs() {}

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final int R = F.length(), ROWS = LanesOverRows.ROWS, M = 10, TILE_RES = M * ROWS;
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(R * 8));

    /** Every feature pair (d even) over tiles q0 .. q0+tiles−1 of the dense column-major copy cols (d·ROWS bytes a tile). */
    static void chunk(byte[] cols, int q0, int tiles, int d, float[] res, int ro, float[] g16, int go) {
        int stride = d * ROWS;
        for (int j = 0; j < d; j += 2) pair(cols, (q0 * d + j) * ROWS, stride, tiles, res, ro, g16, go + j * M * R);
    }

    /**
     * Diagnostic, wrong sums: as {@link #chunk} but the pairs' sums go to the first {@code features} features' place in
     * g16 (j mod features), so g16's traffic stays in L1: what the sums' loads and stores cost.
     */
    static void chunkFolded(byte[] cols, int q0, int tiles, int d, float[] res, int ro, float[] g16, int go, int features) {
        int stride = d * ROWS;
        for (int j = 0; j < d; j += 2) pair(cols, (q0 * d + j) * ROWS, stride, tiles, res, ro, g16, go + (j % features) * M * R);
    }

    /** Diagnostic, wrong sums: as {@link #chunk} with the residual vectors of class 0 for all classes (2 loads a step, not 20). */
    static void chunkTwoLoads(byte[] cols, int q0, int tiles, int d, float[] res, int ro, float[] g16, int go) {
        int stride = d * ROWS;
        for (int j = 0; j < d; j += 2) pairTwoLoads(cols, (q0 * d + j) * ROWS, stride, tiles, res, ro, g16, go + j * M * R);
    }

    /** Diagnostic, wrong sums: as {@link #chunkTwoLoads} with the bytes widened once per pair (FMAs and 2 loads a step). */
    static void chunkFmasOnly(byte[] cols, int q0, int tiles, int d, float[] res, int ro, float[] g16, int go) {
        int stride = d * ROWS;
        for (int j = 0; j < d; j += 2) pairFmasOnly(cols, (q0 * d + j) * ROWS, stride, tiles, res, ro, g16, go + j * M * R);
    }

    /** One feature at a time, the two row halves as separate accumulators (variant), same sums up to rounding. */
    static void chunkSingle(byte[] cols, int q0, int tiles, int d, float[] res, int ro, float[] g16, int go) {
        int stride = d * ROWS;
        for (int j = 0; j < d; j++) single(cols, (q0 * d + j) * ROWS, stride, tiles, res, ro, g16, go + j * M * R);
    }

    /**
     * Every feature pair over a chunk of the listed copy: entries k in [pairStart[i], pairStart[i + 1]) of pair i = j/2,
     * ent[3k] and ent[3k + 1] the byte offsets of columns j and j + 1 of one tile (a zero column where a feature is left
     * out), ent[3k + 2] that tile's residual offset; tiles where both columns are all zero have no entry.
     */
    static void chunkListed(byte[] cols, int[] ent, int[] pairStart, int pairs, int d, float[] res, float[] g16, int go) {
        for (int i = 0; i < pairs; i++) {
            int from = pairStart[i], to = pairStart[i + 1];
            if (from < to) PairsOverTiles.pair(cols, ent, from, to, res, 0, g16, go + 2 * i * M * R); // the library's kernel
        }
    }

    /** {@link #chunkListed} with the residuals in a (64-byte aligned, direct) buffer, little-endian floats. */
    static void chunkListedBuffer(byte[] cols, int[] ent, int[] pairStart, int pairs, int d, java.nio.ByteBuffer res, float[] g16, int go) {
        for (int i = 0; i < pairs; i++) {
            int from = pairStart[i], to = pairStart[i + 1];
            if (from < to) pairListedBuffer(cols, ent, from, to, res, g16, go + 2 * i * M * R);
        }
    }

    private static FloatVector widen(byte[] t, int p) {
        return (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convert(VectorOperators.I2F, 0);
    }

    private static void pair(byte[] t, int p, int stride, int tiles, float[] res, int ro, float[] g, int o) {
        FloatVector a00 = FloatVector.fromArray(F, g, o), a01 = FloatVector.fromArray(F, g, o + R), a02 = FloatVector.fromArray(F, g, o + 2 * R),
                a03 = FloatVector.fromArray(F, g, o + 3 * R), a04 = FloatVector.fromArray(F, g, o + 4 * R), a05 = FloatVector.fromArray(F, g, o + 5 * R),
                a06 = FloatVector.fromArray(F, g, o + 6 * R), a07 = FloatVector.fromArray(F, g, o + 7 * R), a08 = FloatVector.fromArray(F, g, o + 8 * R),
                a09 = FloatVector.fromArray(F, g, o + 9 * R);
        int o1 = o + M * R;
        FloatVector a10 = FloatVector.fromArray(F, g, o1), a11 = FloatVector.fromArray(F, g, o1 + R), a12 = FloatVector.fromArray(F, g, o1 + 2 * R),
                a13 = FloatVector.fromArray(F, g, o1 + 3 * R), a14 = FloatVector.fromArray(F, g, o1 + 4 * R), a15 = FloatVector.fromArray(F, g, o1 + 5 * R),
                a16 = FloatVector.fromArray(F, g, o1 + 6 * R), a17 = FloatVector.fromArray(F, g, o1 + 7 * R), a18 = FloatVector.fromArray(F, g, o1 + 8 * R),
                a19 = FloatVector.fromArray(F, g, o1 + 9 * R);
        for (int s = 0, rb = ro; s < tiles; s++, p += stride, rb += TILE_RES) {
            FloatVector x0 = widen(t, p), x1 = widen(t, p + R), y0 = widen(t, p + ROWS), y1 = widen(t, p + ROWS + R);
            FloatVector r0 = FloatVector.fromArray(F, res, rb), r1 = FloatVector.fromArray(F, res, rb + R);
            a00 = x1.fma(r1, x0.fma(r0, a00));
            a10 = y1.fma(r1, y0.fma(r0, a10));
            r0 = FloatVector.fromArray(F, res, rb + ROWS);
            r1 = FloatVector.fromArray(F, res, rb + ROWS + R);
            a01 = x1.fma(r1, x0.fma(r0, a01));
            a11 = y1.fma(r1, y0.fma(r0, a11));
            r0 = FloatVector.fromArray(F, res, rb + 2 * ROWS);
            r1 = FloatVector.fromArray(F, res, rb + 2 * ROWS + R);
            a02 = x1.fma(r1, x0.fma(r0, a02));
            a12 = y1.fma(r1, y0.fma(r0, a12));
            r0 = FloatVector.fromArray(F, res, rb + 3 * ROWS);
            r1 = FloatVector.fromArray(F, res, rb + 3 * ROWS + R);
            a03 = x1.fma(r1, x0.fma(r0, a03));
            a13 = y1.fma(r1, y0.fma(r0, a13));
            r0 = FloatVector.fromArray(F, res, rb + 4 * ROWS);
            r1 = FloatVector.fromArray(F, res, rb + 4 * ROWS + R);
            a04 = x1.fma(r1, x0.fma(r0, a04));
            a14 = y1.fma(r1, y0.fma(r0, a14));
            r0 = FloatVector.fromArray(F, res, rb + 5 * ROWS);
            r1 = FloatVector.fromArray(F, res, rb + 5 * ROWS + R);
            a05 = x1.fma(r1, x0.fma(r0, a05));
            a15 = y1.fma(r1, y0.fma(r0, a15));
            r0 = FloatVector.fromArray(F, res, rb + 6 * ROWS);
            r1 = FloatVector.fromArray(F, res, rb + 6 * ROWS + R);
            a06 = x1.fma(r1, x0.fma(r0, a06));
            a16 = y1.fma(r1, y0.fma(r0, a16));
            r0 = FloatVector.fromArray(F, res, rb + 7 * ROWS);
            r1 = FloatVector.fromArray(F, res, rb + 7 * ROWS + R);
            a07 = x1.fma(r1, x0.fma(r0, a07));
            a17 = y1.fma(r1, y0.fma(r0, a17));
            r0 = FloatVector.fromArray(F, res, rb + 8 * ROWS);
            r1 = FloatVector.fromArray(F, res, rb + 8 * ROWS + R);
            a08 = x1.fma(r1, x0.fma(r0, a08));
            a18 = y1.fma(r1, y0.fma(r0, a18));
            r0 = FloatVector.fromArray(F, res, rb + 9 * ROWS);
            r1 = FloatVector.fromArray(F, res, rb + 9 * ROWS + R);
            a09 = x1.fma(r1, x0.fma(r0, a09));
            a19 = y1.fma(r1, y0.fma(r0, a19));
        }
        a00.intoArray(g, o);
        a01.intoArray(g, o + R);
        a02.intoArray(g, o + 2 * R);
        a03.intoArray(g, o + 3 * R);
        a04.intoArray(g, o + 4 * R);
        a05.intoArray(g, o + 5 * R);
        a06.intoArray(g, o + 6 * R);
        a07.intoArray(g, o + 7 * R);
        a08.intoArray(g, o + 8 * R);
        a09.intoArray(g, o + 9 * R);
        a10.intoArray(g, o1);
        a11.intoArray(g, o1 + R);
        a12.intoArray(g, o1 + 2 * R);
        a13.intoArray(g, o1 + 3 * R);
        a14.intoArray(g, o1 + 4 * R);
        a15.intoArray(g, o1 + 5 * R);
        a16.intoArray(g, o1 + 6 * R);
        a17.intoArray(g, o1 + 7 * R);
        a18.intoArray(g, o1 + 8 * R);
        a19.intoArray(g, o1 + 9 * R);
    }

    private static void pairTwoLoads(byte[] t, int p, int stride, int tiles, float[] res, int ro, float[] g, int o) {
        FloatVector a00 = FloatVector.fromArray(F, g, o), a01 = FloatVector.fromArray(F, g, o + R), a02 = FloatVector.fromArray(F, g, o + 2 * R),
                a03 = FloatVector.fromArray(F, g, o + 3 * R), a04 = FloatVector.fromArray(F, g, o + 4 * R), a05 = FloatVector.fromArray(F, g, o + 5 * R),
                a06 = FloatVector.fromArray(F, g, o + 6 * R), a07 = FloatVector.fromArray(F, g, o + 7 * R), a08 = FloatVector.fromArray(F, g, o + 8 * R),
                a09 = FloatVector.fromArray(F, g, o + 9 * R);
        int o1 = o + M * R;
        FloatVector a10 = FloatVector.fromArray(F, g, o1), a11 = FloatVector.fromArray(F, g, o1 + R), a12 = FloatVector.fromArray(F, g, o1 + 2 * R),
                a13 = FloatVector.fromArray(F, g, o1 + 3 * R), a14 = FloatVector.fromArray(F, g, o1 + 4 * R), a15 = FloatVector.fromArray(F, g, o1 + 5 * R),
                a16 = FloatVector.fromArray(F, g, o1 + 6 * R), a17 = FloatVector.fromArray(F, g, o1 + 7 * R), a18 = FloatVector.fromArray(F, g, o1 + 8 * R),
                a19 = FloatVector.fromArray(F, g, o1 + 9 * R);
        for (int s = 0, rb = ro; s < tiles; s++, p += stride, rb += TILE_RES) {
            FloatVector x0 = widen(t, p), x1 = widen(t, p + R), y0 = widen(t, p + ROWS), y1 = widen(t, p + ROWS + R);
            FloatVector r0 = FloatVector.fromArray(F, res, rb), r1 = FloatVector.fromArray(F, res, rb + R);
            a00 = x1.fma(r1, x0.fma(r0, a00));
            a10 = y1.fma(r1, y0.fma(r0, a10));
            a01 = x1.fma(r1, x0.fma(r0, a01));
            a11 = y1.fma(r1, y0.fma(r0, a11));
            a02 = x1.fma(r1, x0.fma(r0, a02));
            a12 = y1.fma(r1, y0.fma(r0, a12));
            a03 = x1.fma(r1, x0.fma(r0, a03));
            a13 = y1.fma(r1, y0.fma(r0, a13));
            a04 = x1.fma(r1, x0.fma(r0, a04));
            a14 = y1.fma(r1, y0.fma(r0, a14));
            a05 = x1.fma(r1, x0.fma(r0, a05));
            a15 = y1.fma(r1, y0.fma(r0, a15));
            a06 = x1.fma(r1, x0.fma(r0, a06));
            a16 = y1.fma(r1, y0.fma(r0, a16));
            a07 = x1.fma(r1, x0.fma(r0, a07));
            a17 = y1.fma(r1, y0.fma(r0, a17));
            a08 = x1.fma(r1, x0.fma(r0, a08));
            a18 = y1.fma(r1, y0.fma(r0, a18));
            a09 = x1.fma(r1, x0.fma(r0, a09));
            a19 = y1.fma(r1, y0.fma(r0, a19));
        }
        a00.intoArray(g, o);
        a01.intoArray(g, o + R);
        a02.intoArray(g, o + 2 * R);
        a03.intoArray(g, o + 3 * R);
        a04.intoArray(g, o + 4 * R);
        a05.intoArray(g, o + 5 * R);
        a06.intoArray(g, o + 6 * R);
        a07.intoArray(g, o + 7 * R);
        a08.intoArray(g, o + 8 * R);
        a09.intoArray(g, o + 9 * R);
        a10.intoArray(g, o1);
        a11.intoArray(g, o1 + R);
        a12.intoArray(g, o1 + 2 * R);
        a13.intoArray(g, o1 + 3 * R);
        a14.intoArray(g, o1 + 4 * R);
        a15.intoArray(g, o1 + 5 * R);
        a16.intoArray(g, o1 + 6 * R);
        a17.intoArray(g, o1 + 7 * R);
        a18.intoArray(g, o1 + 8 * R);
        a19.intoArray(g, o1 + 9 * R);
    }

    private static void pairFmasOnly(byte[] t, int p, int stride, int tiles, float[] res, int ro, float[] g, int o) {
        FloatVector a00 = FloatVector.fromArray(F, g, o), a01 = FloatVector.fromArray(F, g, o + R), a02 = FloatVector.fromArray(F, g, o + 2 * R),
                a03 = FloatVector.fromArray(F, g, o + 3 * R), a04 = FloatVector.fromArray(F, g, o + 4 * R), a05 = FloatVector.fromArray(F, g, o + 5 * R),
                a06 = FloatVector.fromArray(F, g, o + 6 * R), a07 = FloatVector.fromArray(F, g, o + 7 * R), a08 = FloatVector.fromArray(F, g, o + 8 * R),
                a09 = FloatVector.fromArray(F, g, o + 9 * R);
        int o1 = o + M * R;
        FloatVector a10 = FloatVector.fromArray(F, g, o1), a11 = FloatVector.fromArray(F, g, o1 + R), a12 = FloatVector.fromArray(F, g, o1 + 2 * R),
                a13 = FloatVector.fromArray(F, g, o1 + 3 * R), a14 = FloatVector.fromArray(F, g, o1 + 4 * R), a15 = FloatVector.fromArray(F, g, o1 + 5 * R),
                a16 = FloatVector.fromArray(F, g, o1 + 6 * R), a17 = FloatVector.fromArray(F, g, o1 + 7 * R), a18 = FloatVector.fromArray(F, g, o1 + 8 * R),
                a19 = FloatVector.fromArray(F, g, o1 + 9 * R);
        FloatVector x0 = widen(t, p), x1 = widen(t, p + R), y0 = widen(t, p + ROWS), y1 = widen(t, p + ROWS + R);
        for (int s = 0, rb = ro; s < tiles; s++, p += stride, rb += TILE_RES) {
            FloatVector r0 = FloatVector.fromArray(F, res, rb), r1 = FloatVector.fromArray(F, res, rb + R);
            a00 = x1.fma(r1, x0.fma(r0, a00));
            a10 = y1.fma(r1, y0.fma(r0, a10));
            a01 = x1.fma(r1, x0.fma(r0, a01));
            a11 = y1.fma(r1, y0.fma(r0, a11));
            a02 = x1.fma(r1, x0.fma(r0, a02));
            a12 = y1.fma(r1, y0.fma(r0, a12));
            a03 = x1.fma(r1, x0.fma(r0, a03));
            a13 = y1.fma(r1, y0.fma(r0, a13));
            a04 = x1.fma(r1, x0.fma(r0, a04));
            a14 = y1.fma(r1, y0.fma(r0, a14));
            a05 = x1.fma(r1, x0.fma(r0, a05));
            a15 = y1.fma(r1, y0.fma(r0, a15));
            a06 = x1.fma(r1, x0.fma(r0, a06));
            a16 = y1.fma(r1, y0.fma(r0, a16));
            a07 = x1.fma(r1, x0.fma(r0, a07));
            a17 = y1.fma(r1, y0.fma(r0, a17));
            a08 = x1.fma(r1, x0.fma(r0, a08));
            a18 = y1.fma(r1, y0.fma(r0, a18));
            a09 = x1.fma(r1, x0.fma(r0, a09));
            a19 = y1.fma(r1, y0.fma(r0, a19));
        }
        a00.intoArray(g, o);
        a01.intoArray(g, o + R);
        a02.intoArray(g, o + 2 * R);
        a03.intoArray(g, o + 3 * R);
        a04.intoArray(g, o + 4 * R);
        a05.intoArray(g, o + 5 * R);
        a06.intoArray(g, o + 6 * R);
        a07.intoArray(g, o + 7 * R);
        a08.intoArray(g, o + 8 * R);
        a09.intoArray(g, o + 9 * R);
        a10.intoArray(g, o1);
        a11.intoArray(g, o1 + R);
        a12.intoArray(g, o1 + 2 * R);
        a13.intoArray(g, o1 + 3 * R);
        a14.intoArray(g, o1 + 4 * R);
        a15.intoArray(g, o1 + 5 * R);
        a16.intoArray(g, o1 + 6 * R);
        a17.intoArray(g, o1 + 7 * R);
        a18.intoArray(g, o1 + 8 * R);
        a19.intoArray(g, o1 + 9 * R);
    }

    private static void pairListedBuffer(byte[] t, int[] ent, int from, int to, java.nio.ByteBuffer res, float[] g, int o) {
        FloatVector a00 = FloatVector.fromArray(F, g, o), a01 = FloatVector.fromArray(F, g, o + R), a02 = FloatVector.fromArray(F, g, o + 2 * R),
                a03 = FloatVector.fromArray(F, g, o + 3 * R), a04 = FloatVector.fromArray(F, g, o + 4 * R), a05 = FloatVector.fromArray(F, g, o + 5 * R),
                a06 = FloatVector.fromArray(F, g, o + 6 * R), a07 = FloatVector.fromArray(F, g, o + 7 * R), a08 = FloatVector.fromArray(F, g, o + 8 * R),
                a09 = FloatVector.fromArray(F, g, o + 9 * R);
        int o1 = o + M * R;
        FloatVector a10 = FloatVector.fromArray(F, g, o1), a11 = FloatVector.fromArray(F, g, o1 + R), a12 = FloatVector.fromArray(F, g, o1 + 2 * R),
                a13 = FloatVector.fromArray(F, g, o1 + 3 * R), a14 = FloatVector.fromArray(F, g, o1 + 4 * R), a15 = FloatVector.fromArray(F, g, o1 + 5 * R),
                a16 = FloatVector.fromArray(F, g, o1 + 6 * R), a17 = FloatVector.fromArray(F, g, o1 + 7 * R), a18 = FloatVector.fromArray(F, g, o1 + 8 * R),
                a19 = FloatVector.fromArray(F, g, o1 + 9 * R);
        for (int k = 3 * from, end = 3 * to; k < end; k += 3) {
            int p = ent[k], q = ent[k + 1], rb = ent[k + 2];
            FloatVector x0 = widen(t, p), x1 = widen(t, p + R), y0 = widen(t, q), y1 = widen(t, q + R);
            FloatVector r0 = FloatVector.fromByteBuffer(F, res, 4 * (rb), java.nio.ByteOrder.LITTLE_ENDIAN), r1 = FloatVector.fromByteBuffer(F, res, 4 * (rb + R), java.nio.ByteOrder.LITTLE_ENDIAN);
            a00 = x1.fma(r1, x0.fma(r0, a00));
            a10 = y1.fma(r1, y0.fma(r0, a10));
            r0 = FloatVector.fromByteBuffer(F, res, 4 * (rb + ROWS), java.nio.ByteOrder.LITTLE_ENDIAN);
            r1 = FloatVector.fromByteBuffer(F, res, 4 * (rb + ROWS + R), java.nio.ByteOrder.LITTLE_ENDIAN);
            a01 = x1.fma(r1, x0.fma(r0, a01));
            a11 = y1.fma(r1, y0.fma(r0, a11));
            r0 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 2 * ROWS), java.nio.ByteOrder.LITTLE_ENDIAN);
            r1 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 2 * ROWS + R), java.nio.ByteOrder.LITTLE_ENDIAN);
            a02 = x1.fma(r1, x0.fma(r0, a02));
            a12 = y1.fma(r1, y0.fma(r0, a12));
            r0 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 3 * ROWS), java.nio.ByteOrder.LITTLE_ENDIAN);
            r1 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 3 * ROWS + R), java.nio.ByteOrder.LITTLE_ENDIAN);
            a03 = x1.fma(r1, x0.fma(r0, a03));
            a13 = y1.fma(r1, y0.fma(r0, a13));
            r0 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 4 * ROWS), java.nio.ByteOrder.LITTLE_ENDIAN);
            r1 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 4 * ROWS + R), java.nio.ByteOrder.LITTLE_ENDIAN);
            a04 = x1.fma(r1, x0.fma(r0, a04));
            a14 = y1.fma(r1, y0.fma(r0, a14));
            r0 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 5 * ROWS), java.nio.ByteOrder.LITTLE_ENDIAN);
            r1 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 5 * ROWS + R), java.nio.ByteOrder.LITTLE_ENDIAN);
            a05 = x1.fma(r1, x0.fma(r0, a05));
            a15 = y1.fma(r1, y0.fma(r0, a15));
            r0 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 6 * ROWS), java.nio.ByteOrder.LITTLE_ENDIAN);
            r1 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 6 * ROWS + R), java.nio.ByteOrder.LITTLE_ENDIAN);
            a06 = x1.fma(r1, x0.fma(r0, a06));
            a16 = y1.fma(r1, y0.fma(r0, a16));
            r0 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 7 * ROWS), java.nio.ByteOrder.LITTLE_ENDIAN);
            r1 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 7 * ROWS + R), java.nio.ByteOrder.LITTLE_ENDIAN);
            a07 = x1.fma(r1, x0.fma(r0, a07));
            a17 = y1.fma(r1, y0.fma(r0, a17));
            r0 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 8 * ROWS), java.nio.ByteOrder.LITTLE_ENDIAN);
            r1 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 8 * ROWS + R), java.nio.ByteOrder.LITTLE_ENDIAN);
            a08 = x1.fma(r1, x0.fma(r0, a08));
            a18 = y1.fma(r1, y0.fma(r0, a18));
            r0 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 9 * ROWS), java.nio.ByteOrder.LITTLE_ENDIAN);
            r1 = FloatVector.fromByteBuffer(F, res, 4 * (rb + 9 * ROWS + R), java.nio.ByteOrder.LITTLE_ENDIAN);
            a09 = x1.fma(r1, x0.fma(r0, a09));
            a19 = y1.fma(r1, y0.fma(r0, a19));
        }
        a00.intoArray(g, o);
        a01.intoArray(g, o + R);
        a02.intoArray(g, o + 2 * R);
        a03.intoArray(g, o + 3 * R);
        a04.intoArray(g, o + 4 * R);
        a05.intoArray(g, o + 5 * R);
        a06.intoArray(g, o + 6 * R);
        a07.intoArray(g, o + 7 * R);
        a08.intoArray(g, o + 8 * R);
        a09.intoArray(g, o + 9 * R);
        a10.intoArray(g, o1);
        a11.intoArray(g, o1 + R);
        a12.intoArray(g, o1 + 2 * R);
        a13.intoArray(g, o1 + 3 * R);
        a14.intoArray(g, o1 + 4 * R);
        a15.intoArray(g, o1 + 5 * R);
        a16.intoArray(g, o1 + 6 * R);
        a17.intoArray(g, o1 + 7 * R);
        a18.intoArray(g, o1 + 8 * R);
        a19.intoArray(g, o1 + 9 * R);
    }

    private static void single(byte[] t, int p, int stride, int tiles, float[] res, int ro, float[] g, int o) {
        FloatVector z = FloatVector.zero(F), a00 = z, a01 = z, a02 = z, a03 = z, a04 = z, a05 = z, a06 = z, a07 = z, a08 = z, a09 = z,
                a10 = z, a11 = z, a12 = z, a13 = z, a14 = z, a15 = z, a16 = z, a17 = z, a18 = z, a19 = z;
        for (int s = 0, rb = ro; s < tiles; s++, p += stride, rb += TILE_RES) {
            FloatVector x0 = widen(t, p), x1 = widen(t, p + R);
            a00 = x0.fma(FloatVector.fromArray(F, res, rb), a00);
            a10 = x1.fma(FloatVector.fromArray(F, res, rb + R), a10);
            a01 = x0.fma(FloatVector.fromArray(F, res, rb + ROWS), a01);
            a11 = x1.fma(FloatVector.fromArray(F, res, rb + ROWS + R), a11);
            a02 = x0.fma(FloatVector.fromArray(F, res, rb + 2 * ROWS), a02);
            a12 = x1.fma(FloatVector.fromArray(F, res, rb + 2 * ROWS + R), a12);
            a03 = x0.fma(FloatVector.fromArray(F, res, rb + 3 * ROWS), a03);
            a13 = x1.fma(FloatVector.fromArray(F, res, rb + 3 * ROWS + R), a13);
            a04 = x0.fma(FloatVector.fromArray(F, res, rb + 4 * ROWS), a04);
            a14 = x1.fma(FloatVector.fromArray(F, res, rb + 4 * ROWS + R), a14);
            a05 = x0.fma(FloatVector.fromArray(F, res, rb + 5 * ROWS), a05);
            a15 = x1.fma(FloatVector.fromArray(F, res, rb + 5 * ROWS + R), a15);
            a06 = x0.fma(FloatVector.fromArray(F, res, rb + 6 * ROWS), a06);
            a16 = x1.fma(FloatVector.fromArray(F, res, rb + 6 * ROWS + R), a16);
            a07 = x0.fma(FloatVector.fromArray(F, res, rb + 7 * ROWS), a07);
            a17 = x1.fma(FloatVector.fromArray(F, res, rb + 7 * ROWS + R), a17);
            a08 = x0.fma(FloatVector.fromArray(F, res, rb + 8 * ROWS), a08);
            a18 = x1.fma(FloatVector.fromArray(F, res, rb + 8 * ROWS + R), a18);
            a09 = x0.fma(FloatVector.fromArray(F, res, rb + 9 * ROWS), a09);
            a19 = x1.fma(FloatVector.fromArray(F, res, rb + 9 * ROWS + R), a19);
        }
        FloatVector.fromArray(F, g, o).add(a00.add(a10)).intoArray(g, o);
        FloatVector.fromArray(F, g, o + R).add(a01.add(a11)).intoArray(g, o + R);
        FloatVector.fromArray(F, g, o + 2 * R).add(a02.add(a12)).intoArray(g, o + 2 * R);
        FloatVector.fromArray(F, g, o + 3 * R).add(a03.add(a13)).intoArray(g, o + 3 * R);
        FloatVector.fromArray(F, g, o + 4 * R).add(a04.add(a14)).intoArray(g, o + 4 * R);
        FloatVector.fromArray(F, g, o + 5 * R).add(a05.add(a15)).intoArray(g, o + 5 * R);
        FloatVector.fromArray(F, g, o + 6 * R).add(a06.add(a16)).intoArray(g, o + 6 * R);
        FloatVector.fromArray(F, g, o + 7 * R).add(a07.add(a17)).intoArray(g, o + 7 * R);
        FloatVector.fromArray(F, g, o + 8 * R).add(a08.add(a18)).intoArray(g, o + 8 * R);
        FloatVector.fromArray(F, g, o + 9 * R).add(a09.add(a19)).intoArray(g, o + 9 * R);
    }

    /**
     * The pair lists of a chunk of the listed copy (tiles q0 .. q0+tiles−1; {@link LanesOverNonzeros.Columns} with
     * lists, zero: the byte offset of an all-zero column): returns the entries' count; pairStart gets d/2 + 1 bounds.
     * pos is scratch of tiles·d ints; ro: the residuals' origin in their array.
     */
    static int lists(LanesOverNonzeros.Columns c, int q0, int tiles, int d, int zero, int ro, int[] pos, int[] ent, int entFrom, int[] pairStart) {
        java.util.Arrays.fill(pos, 0, tiles * d, zero);
        int[] start = c.start();
        short[] js = c.features();
        for (int s = 0; s < tiles; s++)
            for (int k = start[q0 + s]; k < start[q0 + s + 1]; k++) pos[s * d + js[k]] = k * ROWS;
        int e = entFrom;
        for (int j = 0; j < d; j += 2) {
            pairStart[j / 2] = e;
            for (int s = 0; s < tiles; s++) {
                int p = pos[s * d + j], q = pos[s * d + j + 1];
                if (p == zero && q == zero) continue;
                ent[3 * e] = p;
                ent[3 * e + 1] = q;
                ent[3 * e + 2] = ro + s * TILE_RES;
                e++;
            }
        }
        pairStart[d / 2] = e;
        return e - entFrom;
    }

    /** G[c·d + j] += Σ_l g16[go + (j·M + c)·R + l] (double), g16 := 0. */
    static void flush(float[] g16, int go, int d, double[] G) {
        for (int j = 0; j < d; j++)
            for (int c = 0; c < M; c++) {
                int o = go + (j * M + c) * R;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int l = 0; l < R; l += 4) {
                    s0 += g16[o + l];
                    s1 += g16[o + l + 1];
                    s2 += g16[o + l + 2];
                    s3 += g16[o + l + 3];
                }
                G[c * d + j] += (double) ((s0 + s1) + (s2 + s3));
            }
        java.util.Arrays.fill(g16, go, go + d * M * R, 0f);
    }
}
