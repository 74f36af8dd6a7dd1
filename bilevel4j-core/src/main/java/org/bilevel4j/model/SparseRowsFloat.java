package org.bilevel4j.model;

import org.bilevel4j.data.CsrMatrix;

/**
 * {@link RowKernel} of {@link Precision#FLOAT} over a CSR float matrix, in plain Java (no vector module needed): the
 * stored entries of a row against float copies of the parameter vectors it is given (made once per block), the
 * gradient scattered into a float partial gradient that is added into the double accumulator as
 * {@link SparseFloatKernel} describes, so no float sum runs over more than {@link #FLUSH_ROWS} rows:
 * <pre>
 *   dots: z_rc = Σ_k val[k] w_c[col[k]]  in float, four partial sums (k ≡ 0, 1, 2, 3 mod 4), then (s0 + s1) + (s2 + s3)
 *   axpy: g_c[col[k]] += a_rc val[k]     in float, flushed into g (double)
 * </pre>
 * The bias is computed in double. No float-to-double conversion is left in the loops: in the double kernel
 * ({@link SparseRows}) {@code vcvtss2sd} merges into its destination register and, as C2 on JDK 17 allocates them,
 * half of the conversions wait on an unrelated earlier result (in the dots a loop-carried chain). Reading, streaming
 * and sizing the matrix is the double kernel's.
 */
final class SparseRowsFloat extends SparseFloatKernel {
    /**
     * Rows summed in float before the partial gradient is added into the double accumulator (only the features stored in
     * more rows: {@link SparseFloatKernel}). A flush costs all d columns while a row costs only its stored entries: every
     * 256 rows, as the dense kernel, the flushes of spam's 10726 columns were 17% of the entries scattered and the pass was
     * no faster than double.
     */
    static final int FLUSH_ROWS = 2048;

    SparseRowsFloat(CsrMatrix m) { super(m); }

    @Override public String describe() { return "sparse (CSR) float32"; }

    /** Blocks whose sweeps have finished, with their float partial gradient (zero) and weight copies. */
    private final RowBlocks.Idle<Block> idle = new RowBlocks.Idle<>();

    /**
     * An idle block of these sizes, reset to accumulate into g, else a new one (a new block per pass allocated its float
     * partial gradient and weight copies anew: README, "The slow mode caught").
     */
    @Override public Tiles tiles(int m, int stride, boolean bias, double[] g) {
        Block b = idle.take(t -> t.fits(m, stride, bias));
        return b != null ? b.reuse(g) : new Block(m, stride, bias, g);
    }

    /** Float copies f[c][j] of the parameter vectors: one array per output, so that the loops index them by col[k] alone. */
    private final class Block extends FloatBlock<float[][]> {
        private int[] idx;
        /** The float partial gradient, gf[c][j] (rows since the frequent features' last flush: pending). */
        private float[][] gf;
        /** The rows in gf since its last full flush. */
        private ScatteredRows scattered;
        /** Stored entries whose dots read w without a float copy in this sweep ({@link SparseFloatKernel#dotsConverting}). */
        private long converted;

        Block(int m, int stride, boolean bias, double[] g) { super(m, stride, bias, g); }

        @Override FloatBlock<float[][]> reuse(double[] g) {
            converted = 0;
            return super.reuse(g);
        }

        @Override public void load(int[] idx, int count) {
            this.idx = idx;
            this.count = count;
        }

        /** f[c][j] = (float) w[c·stride + j]. */
        @Override float[][] copy(double[] w, float[][] f) {
            if (f == null) f = new float[m][d];
            for (int c = 0; c < m; c++) for (int j = 0; j < d; j++) f[c][j] = (float) w[c * stride + j];
            return f;
        }

        @Override public void dots(double[] w, double[] z) {
            if (!copies.has(w) && converted + entries(idx, count) <= d / SPARSE_FLUSH) {
                // a mini-batch on wide data: no copy of all d weights (news20.binary's shape: 1.35 M conversions
                // against 29 k stored entries in 64 rows); the same numbers as through the copy
                converted += dotsConverting(idx, count, w, m, stride, bias, z, false);
                return;
            }
            float[][] wf = copies.of(w);
            for (int r = 0; r < count; r++) {
                int a = ptr[idx[r]], b = ptr[idx[r] + 1], end = a + ((b - a) & ~3);
                for (int c = 0; c < m; c++) {
                    float[] wc = wf[c];
                    // four partial sums and a counted loop, as the double kernel's dots (SparseRows)
                    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                    for (int k = a; k < end; k += 4) {
                        s0 += val[k] * wc[col[k]];
                        s1 += val[k + 1] * wc[col[k + 1]];
                        s2 += val[k + 2] * wc[col[k + 2]];
                        s3 += val[k + 3] * wc[col[k + 3]];
                    }
                    for (int k = end; k < b; k++) s0 += val[k] * wc[col[k]];
                    double s = (s0 + s1) + (s2 + s3);
                    z[r * m + c] = bias ? s + w[c * stride + d] : s;
                }
            }
        }

        @Override public void axpy(double[] coef) {
            if (gf == null) {
                gf = new float[m][d];
                scattered = new ScatteredRows(n);
            }
            for (int r = 0; r < count; r++) {
                int i = idx[r], a = ptr[i], b = ptr[i + 1];
                boolean added = false;
                for (int c = 0; c < m; c++) {
                    double rc = coef[r * m + c];
                    if (rc == 0) continue;
                    if (!added && !scattered.add(i, b - a)) { // a repeated row: the rare features' bound needs distinct rows
                        flushAll();
                        scattered.add(i, b - a);
                    }
                    added = true;
                    float fc = (float) rc;
                    float[] gc = gf[c];
                    for (int k = a; k < b; k++) gc[col[k]] += fc * val[k];
                    if (bias) g[c * stride + d] += rc;
                }
            }
            pending += count;
            if (pending >= FLUSH_ROWS) flushFrequent();
        }

        /** Flushes, then hands the block back to the kernel's idle ones; the caller no longer uses it. */
        @Override public void finish() {
            if (scattered != null && scattered.count() > 0) flushAll();
            idle.give(this);
        }

        /** The frequent features' sums into g (each float widened exactly to double, then added), zeroed. */
        private void flushFrequent() {
            for (int c = 0; c < m; c++) {
                int o = c * stride;
                float[] gc = gf[c];
                for (int j : frequent) {
                    g[o + j] += gc[j];
                    gc[j] = 0f;
                }
            }
            pending = 0;
        }

        /** g += gf, gf := 0: over the scattered rows' features when they are few ({@link #sparseFlush}), else all d. */
        private void flushAll() {
            if (sparseFlush(scattered)) {
                for (int q = 0; q < scattered.count(); q++) {
                    int i = scattered.row(q);
                    for (int c = 0; c < m; c++) {
                        int o = c * stride;
                        float[] gc = gf[c];
                        for (int k = ptr[i]; k < ptr[i + 1]; k++) { // a feature met again adds +0 (no bit changes: g is never −0)
                            int j = col[k];
                            g[o + j] += gc[j];
                            gc[j] = 0f;
                        }
                    }
                }
            } else {
                for (int c = 0; c < m; c++) {
                    int o = c * stride;
                    float[] gc = gf[c];
                    for (int j = 0; j < d; j++) g[o + j] += gc[j];
                    java.util.Arrays.fill(gc, 0f);
                }
            }
            scattered.clear();
            pending = 0;
        }
    }
}
