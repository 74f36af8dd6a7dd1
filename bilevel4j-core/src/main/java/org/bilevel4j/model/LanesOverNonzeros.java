package org.bilevel4j.model;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LanesOverRows}' two products over copies of the full tiles without their all-zero bytes (MNIST: 42% of the
 * 32-row feature columns, more than half of the 16-byte row pieces), each a sequential stream with a short index list:
 * <pre>
 *   dots:  zt[c·ROWS + r] = Σ_{k ∈ tile q} b_{r,j_k} wt[j_k·m + c]     only the columns j_k whose ROWS bytes are not all 0
 *   axpy:  gf[c·d + j] += Σ_{k ∈ (q, block)} af[r_k·m + c] b_{r_k,j}    only the rows r_k whose R bytes of the block are not all 0
 * </pre>
 * The skipped terms are b·w = 0, and a + 0 = a: for finite weights and coefficients the sums are the dense kernel's,
 * bit for bit (same terms, same order; only the sign of an exactly zero float sum could differ, when a product rounds to
 * −0). A non-finite weight w_cj or coefficient a_rc gives 0·∞ = NaN in the dense kernel where the skipping kernel adds
 * nothing; the results are non-finite either way, through the folded standardization: the offsets o_c = Σ_j (m_j/s_j) w_cj
 * and the sums Σ_r a_rc enter every logit and every gradient entry of output c (the solvers stop on non-finite iterates).
 * A copy is made without zeros when skipping is on (system property {@code bilevel4j.skipZeros}, default true) and it
 * leaves out at least a fraction {@link #DOTS_FROM} of the columns or {@link #AXPY_FROM} of the row pieces (property
 * {@code bilevel4j.skipZerosFrom}: both); else the dense copy of {@link LanesOverRows}. Loaded only through the SIMD kernels.
 */
final class LanesOverNonzeros {
    private LanesOverNonzeros() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int R = F.length(), ROWS = LanesOverRows.ROWS;
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(R * 8));

    /**
     * The smallest fraction of all-zero columns at which the dots use lists: with none, the listed dots took 4% more CPU
     * time than the dense ones (MnistShape's rows); a fraction f saves about f (MNIST, 42%: 0.5-0.6 of the time, the copy
     * being smaller too).
     */
    static final double DOTS_FROM = 0.05;

    /**
     * The smallest fraction of row pieces left out at which the axpy uses lists: a listed row costs more than a dense one
     * (Fashion-MNIST, 10% left out: 0-10% slower; MNIST, 39%: 0.70-0.80 of the time).
     */
    static final double AXPY_FROM = 0.2;

    /**
     * The zero fraction from which a product skips zeros, read now: the system property {@code bilevel4j.skipZerosFrom}
     * (both products), else fallback; +∞ (never) with {@code bilevel4j.skipZeros=false}.
     */
    static double skipFrom(double fallback) {
        if (!Boolean.parseBoolean(System.getProperty("bilevel4j.skipZeros", "true"))) return Double.POSITIVE_INFINITY;
        String p = System.getProperty("bilevel4j.skipZerosFrom");
        return p == null ? fallback : Double.parseDouble(p);
    }

    /**
     * The dots' copy of the full tiles: dense (features null, {@link LanesOverRows#columnTiles}), or only the columns that
     * are not all zero, bytes[k·ROWS + r] = b_{q·ROWS + r, features[k]} for k in [start[q], start[q + 1]), followed by
     * one all-zero column (where {@link PairsOverTiles} reads a feature left out); zeros: the all-zero columns of the full
     * tiles, skipped or not, of columns = tiles · d.
     */
    record Columns(byte[] bytes, int[] start, short[] features, long zeros, long columns) {
        boolean skips() { return features != null; }

        /** Bytes of the index lists. */
        long indexBytes() { return skips() ? 4L * start.length + 2L * features.length : 0; }
    }

    /**
     * The axpy's copy of the full tiles: dense (rows null, {@link LanesOverRows#blockTiles}), or per tile q and block
     * b &lt; up / R the rows whose R bytes of the block are not all zero, counts[q·(up/R) + b] of them, or all ROWS rows
     * where at least {@link #DENSE_ROWS} are not, bytes[k·R + i] = b_{q·ROWS + rows[k], b·R + i}, k counted from start[q];
     * zeros: the all-zero pieces of pieces (rows of R bytes), skipped: those left out.
     */
    record Blocks(byte[] bytes, int[] start, byte[] counts, byte[] rows, long zeros, long skipped, long pieces) {
        boolean skips() { return rows != null; }

        long indexBytes() { return skips() ? 4L * start.length + counts.length + rows.length : 0; }
    }

    /** The dots' copy of the bytes v (rows × d, row-major), without the zero columns when their fraction is at least from. */
    static Columns columns(byte[] v, int rows, int d, double from) {
        int tiles = rows / ROWS;
        boolean[] nonzero = new boolean[d];
        long zeros = 0;
        for (int q = 0; q < tiles; q++) zeros += d - nonzeroColumns(v, q, d, nonzero);
        long columns = (long) tiles * d;
        if (zeros < from * columns || d > Short.MAX_VALUE) return new Columns(LanesOverRows.columnTiles(v, rows, d), null, null, zeros, columns);
        int kept = (int) (columns - zeros);
        byte[] t = new byte[(kept + 1) * ROWS];
        short[] js = new short[kept];
        int[] start = new int[tiles + 1];
        int k = 0;
        for (int q = 0; q < tiles; q++) {
            start[q] = k;
            nonzeroColumns(v, q, d, nonzero);
            for (int j = 0; j < d; j++) {
                if (!nonzero[j]) continue;
                js[k] = (short) j;
                for (int r = 0; r < ROWS; r++) t[k * ROWS + r] = v[(q * ROWS + r) * d + j];
                k++;
            }
        }
        start[tiles] = k;
        return new Columns(t, start, js, zeros, columns);
    }

    /** nonzero[j] := whether column j of tile q has a nonzero byte; returns how many have. */
    private static int nonzeroColumns(byte[] v, int q, int d, boolean[] nonzero) {
        java.util.Arrays.fill(nonzero, false);
        for (int r = 0; r < ROWS; r++)
            for (int j = 0, src = (q * ROWS + r) * d; j < d; j++) nonzero[j] |= v[src + j] != 0;
        int count = 0;
        for (boolean nz : nonzero) if (nz) count++;
        return count;
    }

    /**
     * Blocks with at least this many rows not all zero are kept whole and swept as in the dense kernel: a listed row took
     * about 1.3 times a dense one (the index, the bounds checks, the loop's varying length).
     */
    static final int DENSE_ROWS = ROWS * 3 / 4;

    /** The axpy's copy of the bytes v (features j &lt; up), without the zero row pieces when those left out are at least a fraction from. */
    static Blocks blocks(byte[] v, int rows, int d, int up, double from) {
        int tiles = rows / ROWS, per = up / R;
        long zeros = 0, kept = 0;
        for (int q = 0; q < tiles; q++)
            for (int b = 0; b < per; b++) {
                int nonzero = nonzeroRows(v, q, b, d);
                zeros += ROWS - nonzero;
                kept += nonzero >= DENSE_ROWS ? ROWS : nonzero;
            }
        long pieces = (long) tiles * ROWS * per;
        if (pieces - kept < from * pieces) return new Blocks(LanesOverRows.blockTiles(v, rows, d, up), null, null, null, zeros, 0, pieces);
        byte[] t = new byte[(int) kept * R], rs = new byte[(int) kept], counts = new byte[tiles * per];
        int[] start = new int[tiles + 1];
        int k = 0;
        for (int q = 0; q < tiles; q++) {
            start[q] = k;
            for (int b = 0; b < per; b++) {
                boolean whole = nonzeroRows(v, q, b, d) >= DENSE_ROWS;
                for (int r = 0; r < ROWS; r++) {
                    int src = (q * ROWS + r) * d + b * R;
                    if (!whole && zeroPiece(v, src)) continue;
                    rs[k] = (byte) r;
                    counts[q * per + b]++;
                    System.arraycopy(v, src, t, k * R, R);
                    k++;
                }
            }
        }
        start[tiles] = k;
        return new Blocks(t, start, counts, rs, zeros, pieces - kept, pieces);
    }

    /** The rows of block b of tile q whose R bytes are not all zero. */
    private static int nonzeroRows(byte[] v, int q, int b, int d) {
        int count = 0;
        for (int r = 0; r < ROWS; r++) if (!zeroPiece(v, (q * ROWS + r) * d + b * R)) count++;
        return count;
    }

    private static boolean zeroPiece(byte[] v, int from) {
        for (int i = from; i < from + R; i++) if (v[i] != 0) return false;
        return true;
    }

    /** {@link LanesOverRows#dots} of tile q (d features), over its listed columns when the copy has lists. */
    static void dots(Columns t, int q, int d, float[] wt, int m, float[] zt) {
        if (!t.skips()) {
            LanesOverRows.dots(t.bytes(), q * ROWS * d, d, wt, m, zt);
            return;
        }
        LanesOverRows.dots(t.bytes(), t.features(), 0, t.start()[q], t.start()[q + 1], wt, m, zt);
    }

    /** {@link LanesOverRows#axpy} of tile q (features j &lt; up of d), over its listed rows when the copy has lists. */
    static void axpy(Blocks t, int q, int d, int up, float[] af, int m, float[] gf) {
        if (!t.skips()) {
            LanesOverRows.axpy(t.bytes(), q * ROWS * up, d, up, af, m, gf);
            return;
        }
        byte[] b = t.bytes(), rs = t.rows(), counts = t.counts();
        int per = up / R, cb = q * per, k = t.start()[q];
        int c = 0;
        for (; c + 10 <= m; c += 10) axpy10(b, rs, counts, cb, per, k, d, af, m, c, gf);
        for (; c + 5 <= m; c += 5) axpy5(b, rs, counts, cb, per, k, d, af, m, c, gf);
        for (; c < m; c++) axpy1(b, rs, counts, cb, per, k, d, af, m, c, gf);
    }

    /**
     * Outputs c..c+9 over the blocks of tile q. Not shared with {@link LanesOverRows#axpy}: routing the dense blocks
     * through this kernel (counts null: every block whole) made the dense axpy 4-10% slower in one JVM (Fashion-MNIST,
     * ZeroSkipBreakdown; a counted loop for whole blocks did not help), so each keeps its own register-blocked loop.
     */
    private static void axpy10(byte[] t, byte[] rs, byte[] counts, int cb, int per, int k, int d, float[] af, int m, int c, float[] gf) {
        int o = c * d;
        for (int b = 0, j = 0; b < per; b++, j += R) {
            int rows = counts[cb + b], end = k + rows;
            if (rows == 0) continue; // a block of zeros adds nothing
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
            if (rows == ROWS) // a whole block, as the dense kernel sweeps it
                for (int q = c; k < end; k++, q += m) {
                    FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, k * R).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
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
            else
                for (; k < end; k++) {
                    int q = rs[k] * m + c;
                    FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, k * R).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
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

    private static void axpy5(byte[] t, byte[] rs, byte[] counts, int cb, int per, int k, int d, float[] af, int m, int c, float[] gf) {
        int o = c * d;
        for (int b = 0, j = 0; b < per; b++, j += R) {
            int rows = counts[cb + b], end = k + rows;
            if (rows == 0) continue;
            FloatVector g0 = FloatVector.fromArray(F, gf, o + j);
            FloatVector g1 = FloatVector.fromArray(F, gf, o + 1 * d + j);
            FloatVector g2 = FloatVector.fromArray(F, gf, o + 2 * d + j);
            FloatVector g3 = FloatVector.fromArray(F, gf, o + 3 * d + j);
            FloatVector g4 = FloatVector.fromArray(F, gf, o + 4 * d + j);
            if (rows == ROWS)
                for (int q = c; k < end; k++, q += m) {
                    FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, k * R).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
                    g0 = x.fma(FloatVector.broadcast(F, af[q]), g0);
                    g1 = x.fma(FloatVector.broadcast(F, af[q + 1]), g1);
                    g2 = x.fma(FloatVector.broadcast(F, af[q + 2]), g2);
                    g3 = x.fma(FloatVector.broadcast(F, af[q + 3]), g3);
                    g4 = x.fma(FloatVector.broadcast(F, af[q + 4]), g4);
                }
            else
                for (; k < end; k++) {
                    int q = rs[k] * m + c;
                    FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, k * R).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
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

    private static void axpy1(byte[] t, byte[] rs, byte[] counts, int cb, int per, int k, int d, float[] af, int m, int c, float[] gf) {
        int o = c * d;
        for (int b = 0, j = 0; b < per; b++, j += R) {
            int rows = counts[cb + b], end = k + rows;
            if (rows == 0) continue;
            FloatVector g0 = FloatVector.fromArray(F, gf, o + j);
            if (rows == ROWS)
                for (int q = c; k < end; k++, q += m) {
                    FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, k * R).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
                    g0 = x.fma(FloatVector.broadcast(F, af[q]), g0);
                }
            else
                for (; k < end; k++) {
                    FloatVector x = (FloatVector) ((IntVector) ByteVector.fromArray(B, t, k * R).convertShape(VectorOperators.B2I, I, 0)).and(0xFF).convertShape(VectorOperators.I2F, F, 0);
                    g0 = x.fma(FloatVector.broadcast(F, af[rs[k] * m + c]), g0);
                }
            g0.intoArray(gf, o + j);
        }
    }

    /**
     * For reports: the zeros each copy skips (of the products over the full tiles) and the fraction of a full pass's
     * 4·n·d·m FLOPs they are, "" before a copy is made.
     */
    static String describe(Columns ct, Blocks bt, int n, int d) { return describe(ct, bt, null, n, d); }

    /** As above, the gradient's product run as {@link PairsOverTiles} over the dots' copy where pl is not null. */
    static String describe(Columns ct, Blocks bt, PairsOverTiles.Lists pl, int n, int d) {
        if (ct == null && bt == null) return "";
        StringBuilder s = new StringBuilder(", zero bytes skipped:");
        if (ct != null) s.append(String.format(java.util.Locale.ROOT, " %.1f%% of the dots' tile columns", ct.skips() ? 100.0 * ct.zeros() / ct.columns() : 0));
        if (bt != null) s.append(String.format(java.util.Locale.ROOT, "%s %.1f%% of the axpy's row pieces", ct != null ? "," : "", 100.0 * bt.skipped() / bt.pieces()));
        if (pl != null) s.append(String.format(java.util.Locale.ROOT, ", %.1f%% of the feature pairs' tiles (gradient over the dots' copy)", 100.0 * pl.skipped() / Math.max(1, pl.pairTiles())));
        if (ct != null && (bt != null || pl != null)) s.append(String.format(java.util.Locale.ROOT, ", %.2f%% of a full pass's FLOPs", 100 * skippedFlops(ct, bt, pl, n, d)));
        return s.toString();
    }

    /**
     * The fraction of a full pass's FLOPs 4·n·d·m skipped: 2·ROWS·m per zero column of the dots, 2·R·m per piece the axpy
     * leaves out, or 4·ROWS·m per pair of columns the feature pairs leave out (pl not null).
     */
    static double skippedFlops(Columns ct, Blocks bt, int n, int d) { return skippedFlops(ct, bt, null, n, d); }

    static double skippedFlops(Columns ct, Blocks bt, PairsOverTiles.Lists pl, int n, int d) {
        double skipped = (ct.skips() ? (double) ROWS * ct.zeros() : 0) + (bt != null ? (double) R * bt.skipped() : 0)
                + (pl != null ? 2.0 * ROWS * pl.skipped() : 0);
        return skipped / (2.0 * n * d);
    }
}
