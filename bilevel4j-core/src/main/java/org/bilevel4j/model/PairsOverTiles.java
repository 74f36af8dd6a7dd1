package org.bilevel4j.model;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gradient's product of {@link LanesOverRows} tiles from the dots' column-major copy ({@link LanesOverNonzeros.Columns}),
 * for M = 10 outputs and an even number d of features: over a chunk of {@link #CHUNK} consecutive tiles aligned to the
 * tile index, residuals res[(s·M + c)·ROWS + r] of tile s of the chunk (class-major floats, in L1),
 * <pre>
 *   g16[(j·M + c)·R + l] += Σ_s Σ_{h&lt;2} b_{s, h·R + l, j} res[(s·M + c)·ROWS + h·R + l]      per feature pair (j, j+1)
 * </pre>
 * with the 2·M sums of a pair kept in registers across the chunk's tiles (16-lane vectors over rows), each residual
 * vector loaded once per tile for two FMAs; the lanes are summed into double only when the caller flushes
 * ({@link #lanes}). On a copy without its all-zero columns a pair skips the tiles where both its columns are all zero
 * (the terms are b·r = 0); a chunk only partly buffered (a row block starts or ends inside it) is run over the range of
 * its tiles that are. Measured in bilevel4j-jmh
 * ({@code FeaturePairs}, {@code FeaturePairsBreakdown}; README, "Gradient from the dots' copy, feature pairs over tiles").
 */
final class PairsOverTiles {
    private PairsOverTiles() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final int R = F.length(), ROWS = LanesOverRows.ROWS, M = 10, TILE_RES = M * ROWS;
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(R * 8));
    /** Tiles per chunk: 16 tiles of residuals are 20 KB (in L1); 32 and 64 pushed them out (2.1-2.5× the time). */
    static final int CHUNK = 16;

    /**
     * The entries of every chunk k and pair i = j/2, k·pairs + i indexing start: entries e in [start[k·pairs + i],
     * start[k·pairs + i + 1]), ent[3e] and ent[3e + 1] the byte offsets of columns j and j + 1 of one tile of the chunk in
     * the copy (an all-zero column where a feature is left out), ent[3e + 2] that tile's residual offset s·TILE_RES;
     * pairTiles: pairs × tiles, skipped: those with both columns all zero, left out on a copy without its zero columns.
     */
    record Lists(int[] ent, int[] start, int pairs, long pairTiles, long skipped) {
        long indexBytes() { return 4L * ent.length + 4L * start.length; }
    }

    /** The lists of the full tiles of rows × d (d even) over the dots' copy c. */
    static Lists lists(LanesOverNonzeros.Columns c, int rows, int d) {
        int tiles = rows / ROWS, pairs = d / 2, chunks = (tiles + CHUNK - 1) / CHUNK;
        int zero = c.skips() ? c.bytes().length - ROWS : -1; // the listed copy ends with an all-zero column
        int[] pos = new int[CHUNK * d], start = new int[chunks * pairs + 1];
        long entries = 0;
        for (int k = 0; k < chunks; k++) {
            int tiles0 = Math.min(CHUNK, tiles - k * CHUNK);
            positions(c, k * CHUNK, tiles0, d, zero, pos);
            for (int j = 0; j < d; j += 2)
                for (int s = 0; s < tiles0; s++) if (pos[s * d + j] != zero || pos[s * d + j + 1] != zero) entries++;
        }
        int[] ent = new int[Math.toIntExact(3 * entries)];
        int e = 0;
        for (int k = 0; k < chunks; k++) {
            int tiles0 = Math.min(CHUNK, tiles - k * CHUNK);
            positions(c, k * CHUNK, tiles0, d, zero, pos);
            for (int j = 0; j < d; j += 2) {
                start[k * pairs + j / 2] = e;
                for (int s = 0; s < tiles0; s++) {
                    int p = pos[s * d + j], q = pos[s * d + j + 1];
                    if (p == zero && q == zero) continue;
                    ent[3 * e] = p;
                    ent[3 * e + 1] = q;
                    ent[3 * e + 2] = s * TILE_RES;
                    e++;
                }
            }
        }
        start[chunks * pairs] = e;
        long pairTiles = (long) tiles * pairs;
        return new Lists(ent, start, pairs, pairTiles, pairTiles - e);
    }

    /** pos[s·d + j] := the byte offset of column j of tile q0 + s in the copy (zero where it is left out), s &lt; tiles. */
    private static void positions(LanesOverNonzeros.Columns c, int q0, int tiles, int d, int zero, int[] pos) {
        if (!c.skips()) {
            for (int s = 0; s < tiles; s++) for (int j = 0; j < d; j++) pos[s * d + j] = ((q0 + s) * d + j) * ROWS;
            return;
        }
        java.util.Arrays.fill(pos, 0, tiles * d, zero);
        int[] start = c.start();
        short[] js = c.features();
        for (int s = 0; s < tiles; s++)
            for (int k = start[q0 + s]; k < start[q0 + s + 1]; k++) pos[s * d + js[k]] = k * ROWS;
    }

    /**
     * Every pair over tiles s0 .. s1−1 of chunk k of the copy's bytes cols: g16 += their sums (above), res from ro their
     * residuals. A pair's entries are in the order of their tiles, so those of the range are consecutive.
     */
    static void chunk(byte[] cols, Lists l, int k, int s0, int s1, float[] res, int ro, float[] g16) {
        int[] start = l.start(), ent = l.ent();
        int b = k * l.pairs(), lo = s0 * TILE_RES, hi = s1 * TILE_RES;
        boolean whole = s0 == 0 && s1 == CHUNK;
        for (int i = 0; i < l.pairs(); i++) {
            int from = start[b + i], to = start[b + i + 1];
            if (!whole) {
                while (from < to && ent[3 * from + 2] < lo) from++;
                while (to > from && ent[3 * (to - 1) + 2] >= hi) to--;
            }
            if (from < to) pair(cols, ent, from, to, res, ro, g16, 2 * i * M * R);
        }
    }

    /**
     * The residual buffers of one kernel's blocks, each CHUNK·TILE_RES floats, in one array that G1 places at the start of
     * a heap region (an array of at least half a region is humongous: placed there and never moved), from an origin at
     * which they start on 64-byte lines: Java's arrays start 16 bytes into a line (compressed class pointers), so every
     * 64-byte vector load of an ordinary array's residuals is split across two lines unless the array happens to lie
     * right (README, "Gradient from the dots' copy, feature pairs over tiles": aligned residuals 0.81× today's products,
     * none 0.84×; in passes the JVMs whose arrays lay right ran the pairs' passes 0.80-0.89× today's, the others 0.95-1.03×).
     * Where the collector is not G1 or the class pointers are not compressed, an ordinary array (origin 0).
     */
    static final class Residuals {
        private final float[] all;
        private final int origin, slots;
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

        /** Room for the given number of blocks' buffers; the others get their own arrays ({@link #take}). */
        Residuals(int slots) {
            this.slots = slots;
            long region = humongousRegion();
            int need = slots * CHUNK * TILE_RES + 16;
            if (region > 0) {
                origin = 12; // 16 bytes of header + 48 = 64
                all = new float[(int) Math.max(need, region / 8 + 16)]; // 4·length ≥ region / 2: humongous
            } else {
                origin = 0;
                all = new float[need];
            }
        }

        /** A block's buffer: {@link #array}() from {@link #origin}(k), k = take() ≥ 0, or its own array where k &lt; 0. */
        int take() {
            int k = next.getAndIncrement();
            return k < slots ? k : -1;
        }

        float[] array() { return all; }

        int origin(int k) { return origin + k * CHUNK * TILE_RES; }

        /** G1's region size when this JVM runs G1 with compressed class pointers (float arrays' data 16 bytes in), else 0. */
        private static long humongousRegion() {
            try {
                com.sun.management.HotSpotDiagnosticMXBean vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
                if (!Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue()) || !Boolean.parseBoolean(vm.getVMOption("UseCompressedClassPointers").getValue())) return 0;
                long region = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
                return region > 0 && region <= 64L << 20 ? region : 0;
            } catch (RuntimeException | LinkageError e) {
                return 0;
            }
        }
    }

    /** Σ_l g16[o + l] for l &lt; R, in double (four chains). */
    static double lanes(float[] g16, int o) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int l = 0; l < R; l += 4) {
            s0 += g16[o + l];
            s1 += g16[o + l + 1];
            s2 += g16[o + l + 2];
            s3 += g16[o + l + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Entries from .. to of one pair: its 2·M sums at g[o ..) (feature j) and g[o + M·R ..) (feature j + 1). */
    static void pair(byte[] t, int[] ent, int from, int to, float[] res, int ro, float[] g, int o) {
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
            int p = ent[k], q = ent[k + 1], rb = ent[k + 2] + ro;
            // the 16 bytes from p, p + R, q and q + R as floats, written out here: a helper taking or returning a vector that C2
            // does not inline (it decides by the profile at compile time) boxes every vector, about 4× slower for the JVM's
            // life (README, "Vectors across a call")
            FloatVector x0 = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
            FloatVector x1 = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, p + R).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
            FloatVector y0 = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, q).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
            FloatVector y1 = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, q + R).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
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
}
