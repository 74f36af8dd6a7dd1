package org.bilevel4j.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A trial layout of the 8-bit multinomial gradient pass for {@link ClassLanesBreakdown}: <b>classes in lanes over the
 * nonzero bytes</b>. With W'_j = (w_cj / s_j)_c the folded weights of feature j, one 16-lane vector per feature
 * (classes 0..K−1, K ≤ 16, the other lanes 0), and b_ij the bytes,
 * <pre>
 *   logits:   z_i = Σ_{j: b_ij ≠ 0} b_ij W'_j − o           (CSR copy of the nonzero bytes; o_c = Σ_j (m_j / s_j) w_cj)
 *   softmax:  p_i = softmax(z_i) on the K lanes,  ℓ_i = logsumexp(z_i) − z_{i,y_i},  r_i = a_i (p_i − e_{y_i})
 *   gradient: G'_j = Σ_{i: b_ij ≠ 0} b_ij r_i,  g_cj = (G'_jc − m_j Σ_i r_ic) / s_j
 * </pre>
 * The gradient's product reads a CSC copy in blocks of {@link #BLOCK} rows (8-bit row index, the block's residuals,
 * 16 KB, in L1), each column's sum in registers; the float sums G' are added into double every {@link #FLUSH_BLOCKS}
 * blocks. Variants: {@link #gradScatter} (the same product as a scatter from the CSR copy, fused into the rows' loop:
 * one read of the CSR copy) and {@link #gradColumns} (one CSC block of all rows, 16-bit row index); the products alone
 * from the compact copies ({@link #logits}, {@link #gradBlocks}) and from copies with 32-bit offsets and float values
 * ({@link #logitsWide}, {@link #gradBlocksWide}: fewer instructions a nonzero). Not used by the library; a measurement
 * (README, "Classes in lanes over the nonzero bytes": 1.6-1.9× today's pass on MNIST, so not integrated).
 */
final class ClassLanes {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final int L = 16;
    /** Rows per CSC block: an 8-bit row index, and the block's residuals (16 KB) stay in L1. */
    static final int BLOCK = 256;
    /** CSC blocks between flushes of the float sums G' into double (2048 rows, as the lanes-over-rows kernel). */
    static final int FLUSH_BLOCKS = 8;
    /** The float of each byte value (broadcast from here), or a conversion when {@code -Dclasslanes.convert=true}. */
    private static final float[] BYTE = new float[256];
    private static final boolean CONVERT = Boolean.getBoolean("classlanes.convert");

    static {
        for (int v = 0; v < 256; v++) BYTE[v] = v;
    }

    final int n, d, k;
    final double[] mean, scale;
    final int[] labels;
    /** CSR: row i's nonzeros at [rowPtr[i], rowPtr[i+1]), feature index and byte. */
    final int[] rowPtr;
    final char[] rowCol;
    final byte[] rowVal;
    /** CSC per block of BLOCK rows: block q's column j at [colPtr[q(d+1)+j], colPtr[q(d+1)+j+1]), row in block and byte. */
    final int[] colPtr;
    final byte[] colRow, colVal;
    /** CSC over all rows (one block), 16-bit row index. */
    final int[] colPtr16;
    final char[] colRow16;
    final byte[] colVal16;
    final int blocks;
    /** The same copies with 32-bit offsets into wf (16 j) and R (16 i) and float values: 8 bytes a nonzero, fewer instructions. */
    final int[] rowOff, colOff;
    final float[] rowF, colF;
    /** Rows per block of the wide CSC copy ({@code -Dclasslanes.wideBlock}, default {@link #BLOCK}), its blocks and column pointers. */
    static final int WIDE_BLOCK = Integer.getInteger("classlanes.wideBlock", BLOCK);
    final int blocksW;
    final int[] colPtrW;
    private final VectorMask<Float> classes;

    ClassLanes(ByteFeatures f, int[] labels, int k) {
        this.n = f.rows();
        this.d = f.cols();
        this.k = k;
        this.mean = f.mean();
        this.scale = f.scale();
        this.labels = labels;
        if (k > L || n > 65536 || d > 65536) throw new IllegalArgumentException("shape");
        classes = VectorMask.fromLong(S, (1L << k) - 1);
        byte[] b = f.values();
        int nnz = 0;
        for (byte v : b) if (v != 0) nnz++;
        rowPtr = new int[n + 1];
        rowCol = new char[nnz];
        rowVal = new byte[nnz];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                byte v = b[i * d + j];
                if (v != 0) {
                    rowCol[p] = (char) j;
                    rowVal[p++] = v;
                }
            }
            rowPtr[i + 1] = p;
        }
        blocks = (n + BLOCK - 1) / BLOCK;
        colPtr = new int[blocks * (d + 1)];
        colRow = new byte[nnz];
        colVal = new byte[nnz];
        p = 0;
        for (int q = 0; q < blocks; q++) {
            int lo = q * BLOCK, hi = Math.min(n, lo + BLOCK);
            for (int j = 0; j < d; j++) {
                colPtr[q * (d + 1) + j] = p;
                for (int i = lo; i < hi; i++) {
                    byte v = b[i * d + j];
                    if (v != 0) {
                        colRow[p] = (byte) (i - lo);
                        colVal[p++] = v;
                    }
                }
            }
            colPtr[q * (d + 1) + d] = p;
        }
        colPtr16 = new int[d + 1];
        colRow16 = new char[nnz];
        colVal16 = new byte[nnz];
        p = 0;
        for (int j = 0; j < d; j++) {
            colPtr16[j] = p;
            for (int i = 0; i < n; i++) {
                byte v = b[i * d + j];
                if (v != 0) {
                    colRow16[p] = (char) i;
                    colVal16[p++] = v;
                }
            }
        }
        colPtr16[d] = p;
        rowOff = new int[nnz];
        rowF = new float[nnz];
        colOff = new int[nnz];
        colF = new float[nnz];
        for (int t = 0; t < nnz; t++) {
            rowOff[t] = rowCol[t] << 4;
            rowF[t] = rowVal[t] & 0xFF;
        }
        blocksW = (n + WIDE_BLOCK - 1) / WIDE_BLOCK;
        colPtrW = new int[blocksW * (d + 1)];
        p = 0;
        for (int q = 0; q < blocksW; q++) {
            int lo = q * WIDE_BLOCK, hi = Math.min(n, lo + WIDE_BLOCK);
            for (int j = 0; j < d; j++) {
                colPtrW[q * (d + 1) + j] = p;
                for (int i = lo; i < hi; i++) {
                    byte v = b[i * d + j];
                    if (v != 0) {
                        colOff[p] = i << 4;
                        colF[p++] = v & 0xFF;
                    }
                }
            }
            colPtrW[q * (d + 1) + d] = p;
        }
    }

    int nonzeros() { return rowPtr[n]; }

    private static float byteValue(byte v) { return CONVERT ? (float) (v & 0xFF) : BYTE[v & 0xFF]; }

    /** wf[j·16 + c] = w_cj / s_j (float), w class-major w[c·d + j]. */
    float[] fold(double[] w) {
        float[] wf = new float[d * L];
        for (int c = 0; c < k; c++) for (int j = 0; j < d; j++) wf[j * L + c] = (float) (w[c * d + j] / scale[j]);
        return wf;
    }

    /** o_c = Σ_j (m_j / s_j) w_cj, 16 lanes. */
    float[] offsets(double[] w) {
        float[] o = new float[L];
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += mean[j] / scale[j] * w[c * d + j];
            o[c] = (float) s;
        }
        return o;
    }

    /** One thread's share of a pass over rows [lo, hi): the rows' loss sum and their residuals' sums per class. */
    static final class RowsOut {
        double loss;
        final double[] rsum = new double[L];
    }

    /**
     * Logits, softmax, loss and residuals r_i (into R[i·16 ..], a_i = 1/n) of rows [lo, hi); with scatter != null also
     * G' += b_ij r_i over the rows' nonzeros (the fused CSR scatter), flushed into gd every 2048 rows.
     */
    void rows(float[] wf, float[] off, int lo, int hi, float[] R, RowsOut out, float[] scatter, double[] gd) {
        FloatVector o = FloatVector.fromArray(S, off, 0), rs = FloatVector.zero(S);
        float a = 1f / n;
        float[] zs = new float[L];
        double loss = 0;
        for (int i = lo; i < hi; i++) {
            int q = rowPtr[i], e = rowPtr[i + 1];
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int e4 = e - 3; q < e4; q += 4) {
                a0 = FloatVector.fromArray(S, wf, rowCol[q] << 4).fma(FloatVector.broadcast(S, byteValue(rowVal[q])), a0);
                a1 = FloatVector.fromArray(S, wf, rowCol[q + 1] << 4).fma(FloatVector.broadcast(S, byteValue(rowVal[q + 1])), a1);
                a2 = FloatVector.fromArray(S, wf, rowCol[q + 2] << 4).fma(FloatVector.broadcast(S, byteValue(rowVal[q + 2])), a2);
                a3 = FloatVector.fromArray(S, wf, rowCol[q + 3] << 4).fma(FloatVector.broadcast(S, byteValue(rowVal[q + 3])), a3);
            }
            for (; q < e; q++) a0 = FloatVector.fromArray(S, wf, rowCol[q] << 4).fma(FloatVector.broadcast(S, byteValue(rowVal[q])), a0);
            FloatVector z = a0.add(a1).add(a2.add(a3)).sub(o);
            z.intoArray(zs, 0);
            float mx = z.reduceLanes(VectorOperators.MAX, classes);
            FloatVector ez = exp(z.sub(mx)).blend(0f, classes.not());
            float s = ez.reduceLanes(VectorOperators.ADD);
            loss += mx + Math.log(s) - zs[labels[i]];
            FloatVector r = ez.mul(a / s);
            r.intoArray(R, i << 4);
            R[(i << 4) + labels[i]] -= a;
            rs = rs.add(r);
            if (scatter != null) {
                r = FloatVector.fromArray(S, R, i << 4);
                for (int p = rowPtr[i]; p < e; p++) {
                    int j = rowCol[p] << 4;
                    FloatVector.fromArray(S, scatter, j).add(r.mul(byteValue(rowVal[p]))).intoArray(scatter, j);
                }
                if (((i + 1 - lo) & 2047) == 0) flush(scatter, gd, 0, d);
            }
            if (((i + 1 - lo) & 255) == 0) {
                rs.intoArray(zs, 0);
                for (int c = 0; c < L; c++) out.rsum[c] += zs[c];
                rs = FloatVector.zero(S);
            }
            out.rsum[labels[i]] -= a; // r_i's −a e_{y_i}, in R but not in rs
        }
        rs.intoArray(zs, 0);
        for (int c = 0; c < L; c++) out.rsum[c] += zs[c];
        if (scatter != null) flush(scatter, gd, 0, d);
        out.loss += loss;
    }

    /** The logits' product alone over rows [lo, hi) (the loop of {@link #rows}, no softmax): a checksum of the z_i. */
    float logits(float[] wf, int lo, int hi) {
        FloatVector sum = FloatVector.zero(S);
        for (int i = lo; i < hi; i++) {
            int q = rowPtr[i], e = rowPtr[i + 1];
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int e4 = e - 3; q < e4; q += 4) {
                a0 = FloatVector.fromArray(S, wf, rowCol[q] << 4).fma(FloatVector.broadcast(S, byteValue(rowVal[q])), a0);
                a1 = FloatVector.fromArray(S, wf, rowCol[q + 1] << 4).fma(FloatVector.broadcast(S, byteValue(rowVal[q + 1])), a1);
                a2 = FloatVector.fromArray(S, wf, rowCol[q + 2] << 4).fma(FloatVector.broadcast(S, byteValue(rowVal[q + 2])), a2);
                a3 = FloatVector.fromArray(S, wf, rowCol[q + 3] << 4).fma(FloatVector.broadcast(S, byteValue(rowVal[q + 3])), a3);
            }
            for (; q < e; q++) a0 = FloatVector.fromArray(S, wf, rowCol[q] << 4).fma(FloatVector.broadcast(S, byteValue(rowVal[q])), a0);
            sum = sum.add(a0.add(a1).add(a2.add(a3)));
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    /** {@link #logits} from 32-bit offsets (rowOff, or shifted copies of it for other alignments of wf) and float values. */
    float logitsWide(float[] wf, int[] rowOff, int lo, int hi) {
        FloatVector sum = FloatVector.zero(S);
        for (int i = lo; i < hi; i++) {
            int q = rowPtr[i], e = rowPtr[i + 1];
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int e4 = e - 3; q < e4; q += 4) {
                a0 = FloatVector.fromArray(S, wf, rowOff[q]).fma(FloatVector.broadcast(S, rowF[q]), a0);
                a1 = FloatVector.fromArray(S, wf, rowOff[q + 1]).fma(FloatVector.broadcast(S, rowF[q + 1]), a1);
                a2 = FloatVector.fromArray(S, wf, rowOff[q + 2]).fma(FloatVector.broadcast(S, rowF[q + 2]), a2);
                a3 = FloatVector.fromArray(S, wf, rowOff[q + 3]).fma(FloatVector.broadcast(S, rowF[q + 3]), a3);
            }
            for (; q < e; q++) a0 = FloatVector.fromArray(S, wf, rowOff[q]).fma(FloatVector.broadcast(S, rowF[q]), a0);
            sum = sum.add(a0.add(a1).add(a2.add(a3)));
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    /** {@link #gradBlocks} from 32-bit offsets (colOff, or shifted copies) and float values, in blocks of {@link #WIDE_BLOCK} rows. */
    void gradBlocksWide(float[] R, int[] colOff, int j0, int j1, float[] gf, double[] gd) {
        int flushEvery = Math.max(1, 2048 / WIDE_BLOCK);
        for (int b = 0; b < blocksW; b++) {
            int cp = b * (d + 1);
            for (int j = j0; j < j1; j++) {
                int q = colPtrW[cp + j], e = colPtrW[cp + j + 1];
                if (q == e) continue;
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                for (int e4 = e - 3; q < e4; q += 4) {
                    a0 = FloatVector.fromArray(S, R, colOff[q]).fma(FloatVector.broadcast(S, colF[q]), a0);
                    a1 = FloatVector.fromArray(S, R, colOff[q + 1]).fma(FloatVector.broadcast(S, colF[q + 1]), a1);
                    a2 = FloatVector.fromArray(S, R, colOff[q + 2]).fma(FloatVector.broadcast(S, colF[q + 2]), a2);
                    a3 = FloatVector.fromArray(S, R, colOff[q + 3]).fma(FloatVector.broadcast(S, colF[q + 3]), a3);
                }
                for (; q < e; q++) a0 = FloatVector.fromArray(S, R, colOff[q]).fma(FloatVector.broadcast(S, colF[q]), a0);
                FloatVector.fromArray(S, gf, j << 4).add(a0.add(a1).add(a2.add(a3))).intoArray(gf, j << 4);
            }
            if ((b + 1) % flushEvery == 0 || b == blocksW - 1) flush(gf, gd, j0, j1);
        }
    }

    /** gd[j·16 + c] += gf[j·16 + c] and gf := 0 for features [j0, j1). */
    static void flush(float[] gf, double[] gd, int j0, int j1) {
        for (int t = j0 * L; t < j1 * L; t++) {
            gd[t] += gf[t];
            gf[t] = 0;
        }
    }

    /** G'_j (into gd, double) for features [j0, j1) from the CSC blocks, each column's sum over a block in registers. */
    void gradBlocks(float[] R, int j0, int j1, float[] gf, double[] gd) {
        for (int b = 0; b < blocks; b++) {
            int base = b * BLOCK << 4, cp = b * (d + 1);
            for (int j = j0; j < j1; j++) {
                int q = colPtr[cp + j], e = colPtr[cp + j + 1];
                if (q == e) continue;
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                for (int e4 = e - 3; q < e4; q += 4) {
                    a0 = FloatVector.fromArray(S, R, base + ((colRow[q] & 0xFF) << 4)).fma(FloatVector.broadcast(S, byteValue(colVal[q])), a0);
                    a1 = FloatVector.fromArray(S, R, base + ((colRow[q + 1] & 0xFF) << 4)).fma(FloatVector.broadcast(S, byteValue(colVal[q + 1])), a1);
                    a2 = FloatVector.fromArray(S, R, base + ((colRow[q + 2] & 0xFF) << 4)).fma(FloatVector.broadcast(S, byteValue(colVal[q + 2])), a2);
                    a3 = FloatVector.fromArray(S, R, base + ((colRow[q + 3] & 0xFF) << 4)).fma(FloatVector.broadcast(S, byteValue(colVal[q + 3])), a3);
                }
                for (; q < e; q++) a0 = FloatVector.fromArray(S, R, base + ((colRow[q] & 0xFF) << 4)).fma(FloatVector.broadcast(S, byteValue(colVal[q])), a0);
                FloatVector.fromArray(S, gf, j << 4).add(a0.add(a1).add(a2.add(a3))).intoArray(gf, j << 4);
            }
            if ((b + 1) % FLUSH_BLOCKS == 0 || b == blocks - 1) flush(gf, gd, j0, j1);
        }
    }

    /** G'_j for features [j0, j1) from the one-block CSC copy (16-bit row index), each column's sum in registers. */
    void gradColumns(float[] R, int j0, int j1, double[] gd) {
        float[] t = new float[L];
        for (int j = j0; j < j1; j++) {
            int q = colPtr16[j], e = colPtr16[j + 1];
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int e4 = e - 3; q < e4; q += 4) {
                a0 = FloatVector.fromArray(S, R, colRow16[q] << 4).fma(FloatVector.broadcast(S, byteValue(colVal16[q])), a0);
                a1 = FloatVector.fromArray(S, R, colRow16[q + 1] << 4).fma(FloatVector.broadcast(S, byteValue(colVal16[q + 1])), a1);
                a2 = FloatVector.fromArray(S, R, colRow16[q + 2] << 4).fma(FloatVector.broadcast(S, byteValue(colVal16[q + 2])), a2);
                a3 = FloatVector.fromArray(S, R, colRow16[q + 3] << 4).fma(FloatVector.broadcast(S, byteValue(colVal16[q + 3])), a3);
            }
            for (; q < e; q++) a0 = FloatVector.fromArray(S, R, colRow16[q] << 4).fma(FloatVector.broadcast(S, byteValue(colVal16[q])), a0);
            a0.add(a1).add(a2.add(a3)).intoArray(t, 0);
            for (int c = 0; c < L; c++) gd[j * L + c] += t[c];
        }
    }

    /** g[c·d + j] = (G'_jc − m_j Σ_i r_ic) / s_j. */
    void gradient(double[] gd, double[] rsum, double[] g) {
        for (int c = 0; c < k; c++) for (int j = 0; j < d; j++) g[c * d + j] = (gd[j * L + c] - mean[j] * rsum[c]) / scale[j];
    }

    /** e^x for x ≤ 0 (float, Cody–Waite and a degree-7 Taylor polynomial; about 1e-7 relative; x below −87 gives about 2^−126). */
    static FloatVector exp(FloatVector x) {
        x = x.max(-87f);
        FloatVector t = x.mul(1.442695f).add(12582912f); // 1.5·2^23: rounds to an integer in the low bits
        FloatVector nf = t.sub(12582912f);
        FloatVector r = nf.mul(-0.693145751953125f).add(x); // ln 2 in two parts
        r = nf.mul(-1.428606765330187e-6f).add(r);
        FloatVector p = FloatVector.broadcast(S, 1f / 5040);
        p = p.fma(r, FloatVector.broadcast(S, 1f / 720)).fma(r, FloatVector.broadcast(S, 1f / 120)).fma(r, FloatVector.broadcast(S, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 6)).fma(r, FloatVector.broadcast(S, 0.5f)).fma(r, FloatVector.broadcast(S, 1f)).fma(r, FloatVector.broadcast(S, 1f));
        IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(0x4B400000).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }
}
