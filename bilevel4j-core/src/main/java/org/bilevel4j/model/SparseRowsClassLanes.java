package org.bilevel4j.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.bilevel4j.data.CsrMatrix;

/**
 * {@link RowKernel} of {@link Precision#FLOAT} over a CSR float matrix for several outputs (multinomial models), with the
 * outputs in the lanes of float32 vectors. The float copies of the parameters are feature-major, the m outputs of feature
 * j side by side and padded with zeros to P = L⌈m/L⌉ lanes (L floats per vector), so one stored entry is read once for
 * all outputs:
 * <pre>
 *   dots: z_r[c] = Σ_k val[k] w[col[k]·P + c]     per entry: col, val, one vector of w per L outputs, one FMA
 *   axpy: g[col[k]·P + c] += a_r[c] val[k]         per entry: col, val, load + FMA + store of one vector of g per L outputs
 * </pre>
 * against m passes over the row's entries (col, val and w per output) in {@link SparseRowsFloat}, which stays the kernel
 * of one or two outputs. The dots keep four partial sums (k ≡ 0, 1, 2, 3 mod 4) per lane, then (s0 + s1) + (s2 + s3), as the
 * scalar kernel per output; the bias is added in double. The float partial gradient is added into the double accumulator
 * as {@link SparseFloatKernel} describes. Reading, streaming and sizing the matrix are the double kernel's.
 * Loaded only through {@link SimdSupport}, since this class cannot be linked without {@code --add-modules
 * jdk.incubator.vector}. No vector crosses a call, and sums carried by a loop are stored as {@code s.lanewise(ADD, −0)}
 * (README, "Vectors across a call").
 */
final class SparseRowsClassLanes extends SparseFloatKernel {
    /** The dense float kernel's species: the same vector classes in the JIT's shared profiles. */
    private static final VectorSpecies<Float> F = DenseRowsFloatSimd.F;
    private static final int L = F.length();
    private static final FloatVector NEG0 = DenseRowsFloatSimd.NEG0;

    SparseRowsClassLanes(CsrMatrix m) { super(m); }

    /**
     * Whether this kernel beats {@link SparseRowsFloat} for that many outputs (measured, README "The CSR kernel with the
     * classes in vector lanes"): at least 3 outputs and a quarter of a vector (2 outputs in 8 lanes, or 3 in 16, ran slower
     * than the scalar kernel's passes per output).
     */
    static boolean suits(int outputs) { return outputs >= 3 && 4 * outputs >= L; }

    @Override public String describe() { return "sparse (CSR) float32, classes in vector lanes"; }

    /** Lanes per feature for m outputs: m rounded up to whole vectors. */
    static int lanes(int m) { return (m + L - 1) / L * L; }

    private final RowBlocks.Idle<Block> idle = new RowBlocks.Idle<>();

    @Override public Tiles tiles(int m, int stride, boolean bias, double[] g) {
        Block b = idle.take(t -> t.fits(m, stride, bias));
        return b != null ? b.reuse(g) : new Block(m, stride, bias, g);
    }

    private final class Block extends FloatBlock<float[]> {
        private final int P;
        private int[] idx;
        /** The float partial gradient, feature-major gl[j·P + c] (pads stay zero; the rows it holds: pending). */
        private float[] gl;
        /** The rows in gl since its last full flush. */
        private ScatteredRows scattered;
        /** One row's outputs (P floats, pads zero): the dots' sums, the axpy's coefficients. */
        private final float[] row;
        /** Stored entries whose dots read w without the float copy in this sweep ({@link SparseFloatKernel#dotsConverting}). */
        private long converted;

        /** Its float copies are feature-major, wl[j·P + c] = (float) w[c·stride + j] for c < m ({@link #copy}). */
        Block(int m, int stride, boolean bias, double[] g) {
            super(m, stride, bias, g);
            this.P = lanes(m);
            this.row = new float[P];
        }

        @Override FloatBlock<float[]> reuse(double[] g) {
            converted = 0;
            return super.reuse(g);
        }

        @Override public void load(int[] idx, int count) {
            this.idx = idx;
            this.count = count;
        }

        /** f[j·P + c] = (float) w[c·stride + j] for c &lt; m; the pads are never written, so zero. */
        @Override float[] copy(double[] w, float[] f) {
            if (f == null) f = new float[d * P];
            for (int j = 0; j < d; j++) for (int c = 0; c < m; c++) f[j * P + c] = (float) w[c * stride + j];
            return f;
        }

        @Override public void dots(double[] w, double[] z) {
            if (!copies.has(w) && converted + entries(idx, count) <= d / SPARSE_FLUSH) {
                // a mini-batch on wide data: no feature-major copy of all d·m weights (a transposition); per output
                // what its lane does, Math.fma into the same four partial sums, so the bits are the same
                converted += dotsConverting(idx, count, w, m, stride, bias, z, true);
                return;
            }
            float[] wl = copies.of(w);
            for (int r = 0; r < count; r++) {
                int a = ptr[idx[r]], b = ptr[idx[r] + 1], end = a + ((b - a) & ~3);
                for (int q = 0; q < P; q += L) {
                    FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
                    for (int k = a; k < end; k += 4) {
                        s0 = FloatVector.fromArray(F, wl, col[k] * P + q).fma(FloatVector.broadcast(F, val[k]), s0);
                        s1 = FloatVector.fromArray(F, wl, col[k + 1] * P + q).fma(FloatVector.broadcast(F, val[k + 1]), s1);
                        s2 = FloatVector.fromArray(F, wl, col[k + 2] * P + q).fma(FloatVector.broadcast(F, val[k + 2]), s2);
                        s3 = FloatVector.fromArray(F, wl, col[k + 3] * P + q).fma(FloatVector.broadcast(F, val[k + 3]), s3);
                    }
                    for (int k = end; k < b; k++) s0 = FloatVector.fromArray(F, wl, col[k] * P + q).fma(FloatVector.broadcast(F, val[k]), s0);
                    s0.add(s1).add(s2.add(s3)).lanewise(VectorOperators.ADD, NEG0).intoArray(row, q);
                }
                for (int c = 0; c < m; c++) z[r * m + c] = bias ? row[c] + w[c * stride + d] : row[c];
            }
        }

        @Override public void axpy(double[] coef) {
            if (gl == null) {
                gl = new float[d * P];
                scattered = new ScatteredRows(n);
            }
            for (int r = 0; r < count; r++) {
                boolean any = false;
                for (int c = 0; c < m; c++) {
                    double rc = coef[r * m + c];
                    row[c] = (float) rc;
                    any |= rc != 0;
                    if (bias) g[c * stride + d] += rc;
                }
                if (!any) continue;
                int i = idx[r], a = ptr[i], b = ptr[i + 1];
                if (!scattered.add(i, b - a)) { // a repeated row: the rare features' bound needs distinct rows
                    flushAll();
                    scattered.add(i, b - a);
                }
                for (int q = 0; q < P; q += L) {
                    FloatVector ar = FloatVector.fromArray(F, row, q);
                    for (int k = a; k < b; k++) {
                        int o = col[k] * P + q;
                        ar.fma(FloatVector.broadcast(F, val[k]), FloatVector.fromArray(F, gl, o)).intoArray(gl, o);
                    }
                }
            }
            pending += count;
            if (pending >= SparseRowsFloat.FLUSH_ROWS) flushFrequent();
        }

        @Override public void finish() {
            if (scattered != null && scattered.count() > 0) flushAll();
            idle.give(this);
        }

        /** The frequent features' sums into g (the others have had fewer than FLUSH_ROWS terms: distinct rows). */
        private void flushFrequent() {
            for (int j : frequent) {
                int o = j * P;
                for (int c = 0; c < m; c++) {
                    g[c * stride + j] += gl[o + c];
                    gl[o + c] = 0f;
                }
            }
            pending = 0;
        }

        /**
         * g[c·stride + j] += gl[j·P + c], gl := 0 (each float widened exactly to double, then added): over the scattered
         * rows' features when they are few ({@link #sparseFlush}; a feature met again adds +0, which changes no bit as g is
         * never −0), else in one sweep over gl (on wide data, 62061 features and 20 outputs, gl is megabytes, and a separate
         * fill read it twice).
         */
        private void flushAll() {
            if (sparseFlush(scattered)) {
                for (int q = 0; q < scattered.count(); q++) {
                    int i = scattered.row(q);
                    for (int k = ptr[i]; k < ptr[i + 1]; k++) flush(col[k]);
                }
            } else {
                for (int j = 0; j < d; j++) flush(j);
            }
            scattered.clear();
            pending = 0;
        }

        private void flush(int j) {
            int o = j * P;
            for (int c = 0; c < m; c++) {
                g[c * stride + j] += gl[o + c];
                gl[o + c] = 0f;
            }
        }
    }
}
