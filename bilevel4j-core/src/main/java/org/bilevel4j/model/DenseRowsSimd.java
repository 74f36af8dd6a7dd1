package org.bilevel4j.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.bilevel4j.data.DenseMatrix;

/**
 * {@link DoubleKernel} over a dense row-major float matrix with the JDK's incubating Vector API: the rows of a
 * tile are widened to double once into scratch (row r at r·cols), then a full tile of 4 rows is processed
 * against 5 outputs at a time when their number is a multiple of 5 (10 classes), else 4 (with AVX-512's 32
 * registers; 2 on machines with 256-bit vectors or less, to stay within 16 registers):
 * <pre>
 *   dots: 20 vector accumulators z_rc; per step of L features 4 loads of x, 5 of w, 20 FMAs
 *   axpy: g_c += Σ_r a_rc x_r;          per step 4 loads of x, 5 loads + 5 stores of g, 20 FMAs
 * </pre>
 * so each parameter (or gradient) vector read from L1/L2 serves the 4 rows, and the loop runs at FMA speed.
 * Sums are in double, only their order differs from {@link DenseRows}. Loaded only through {@link SimdSupport},
 * since this class cannot be linked without {@code --add-modules jdk.incubator.vector}.
 */
final class DenseRowsSimd extends DoubleKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final int L = S.length();
    /**
     * Outputs per register block: 4 × 4 accumulators need the 32 registers of AVX-512. The 4 × 4 blocks stay beside the
     * 4 × 5 ones (their written-out stores look alike) because they pay where the classes are not a multiple of 5: with
     * 4 × 5, 4 × 2 and 4 × 1 only, as in the float kernel, a one-thread gradient pass on 20000 × 784 rows took 14.1-15.0
     * against 10.2-11.3 ms for 4 classes and 18.7-19.4 against 15.9-16.8 for 8 (16.3 against 17.5 for 7), the same bits
     * (each output's sums are one expression in every block; 2026-12-03, three JVMs each).
     */
    private static final int GROUP = S.vectorBitSize() >= 512 ? 4 : 2;
    /** −0, the identity of addition: sums are stored as {@code s.lanewise(ADD, NEG0)}, as in {@link DenseRowsFloatSimd#NEG0}. */
    private static final DoubleVector NEG0 = DoubleVector.broadcast(S, -0d);

    private final float[] x;
    private final int n, d, up;

    DenseRowsSimd(DenseMatrix m) {
        this.x = m.values();
        this.n = m.rows();
        this.d = m.cols();
        this.up = S.loopBound(d);
    }

    /** Whether the preferred vector shape holds at least two doubles (else the scalar kernel is as good). */
    static boolean supported() { return L >= 2 && F.length() == L; }

    @Override public int rows() { return n; }
    @Override public int cols() { return d; }
    /** The tile's rows widened to double, then (from {@link #sums()}) the lanes of a register block's 4 × 5 sums. */
    @Override public int scratchLength() { return sums() + TILE * 5 * L; }

    /** Where the lane sums start in the scratch. */
    private int sums() { return TILE * d; }

    /**
     * ((0 + s[o]) + s[o+1]) + … + s[o+L−1]: a vector's lanes, stored at o, summed in lane order, the same on every JVM
     * (later JDKs' C2 sums {@code reduceLanes(ADD)} in another order than the interpreter: README, "Which Java").
     */
    private static double laneSum(double[] s, int o) {
        double t = 0;
        for (int k = 0; k < L; k++) t += s[o + k];
        return t;
    }
    @Override public long work(int i) { return d; }
    @Override public String describe() { return "dense SIMD (jdk.incubator.vector, " + S.vectorBitSize() + "-bit)"; }

    @Override public void load(int[] idx, int count, double[] xs) {
        for (int r = 0; r < count; r++) {
            int off = idx[r] * d, to = r * d, j = 0;
            for (; j < up; j += L) ((DoubleVector) FloatVector.fromArray(F, x, off + j).convertShape(VectorOperators.F2D, S, 0)).intoArray(xs, to + j);
            for (; j < d; j++) xs[to + j] = x[off + j];
        }
    }

    // ---- dots -------------------------------------------------------------------------------------------

    @Override public void dots(int[] idx, int count, double[] w, int m, int stride, boolean bias, double[] z, double[] xs) {
        if (count < TILE) {
            for (int r = 0; r < count; r++) for (int c = 0; c < m; c++) z[r * m + c] = dot1(xs, r * d, w, c * stride) + (bias ? w[c * stride + d] : 0);
            return;
        }
        int c = 0;
        if (GROUP == 4 && m % 5 == 0) for (; c + 4 < m; c += 5) dots4x5(xs, w, c, m, stride, bias, z);
        if (GROUP == 4) for (; c + 3 < m; c += 4) dots4x4(xs, w, c, m, stride, bias, z);
        for (; c + 1 < m; c += 2) dots4x2(xs, w, c, m, stride, bias, z);
        for (; c < m; c++) dots4x1(xs, w, c, m, stride, bias, z);
    }

    /** The remaining features j ≥ up of x_r · w_c, plus the bias. */
    private double tail(double[] xs, int xo, double[] w, int o, boolean bias) {
        double s = bias ? w[o + d] : 0;
        for (int j = up; j < d; j++) s += xs[xo + j] * w[o + j];
        return s;
    }

    private void dots4x5(double[] xs, double[] w, int c, int m, int stride, boolean bias, double[] z) {
        int o0 = c * stride, o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride, o4 = o3 + stride, d1 = d, d2 = 2 * d, d3 = 3 * d;
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a02 = a00, a03 = a00, a04 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00,
                a14 = a00, a20 = a00, a21 = a00, a22 = a00, a23 = a00, a24 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00, a34 = a00;
        for (int j = 0; j < up; j += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, xs, j), x1 = DoubleVector.fromArray(S, xs, d1 + j),
                    x2 = DoubleVector.fromArray(S, xs, d2 + j), x3 = DoubleVector.fromArray(S, xs, d3 + j);
            DoubleVector v = DoubleVector.fromArray(S, w, o0 + j);
            a00 = x0.fma(v, a00); a10 = x1.fma(v, a10); a20 = x2.fma(v, a20); a30 = x3.fma(v, a30);
            v = DoubleVector.fromArray(S, w, o1 + j);
            a01 = x0.fma(v, a01); a11 = x1.fma(v, a11); a21 = x2.fma(v, a21); a31 = x3.fma(v, a31);
            v = DoubleVector.fromArray(S, w, o2 + j);
            a02 = x0.fma(v, a02); a12 = x1.fma(v, a12); a22 = x2.fma(v, a22); a32 = x3.fma(v, a32);
            v = DoubleVector.fromArray(S, w, o3 + j);
            a03 = x0.fma(v, a03); a13 = x1.fma(v, a13); a23 = x2.fma(v, a23); a33 = x3.fma(v, a33);
            v = DoubleVector.fromArray(S, w, o4 + j);
            a04 = x0.fma(v, a04); a14 = x1.fma(v, a14); a24 = x2.fma(v, a24); a34 = x3.fma(v, a34);
        }
        int s = sums();
        a00.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s); a01.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + L);
        a02.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 2 * L); a03.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 3 * L);
        a04.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 4 * L); a10.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 5 * L);
        a11.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 6 * L); a12.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 7 * L);
        a13.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 8 * L); a14.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 9 * L);
        a20.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 10 * L); a21.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 11 * L);
        a22.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 12 * L); a23.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 13 * L);
        a24.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 14 * L); a30.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 15 * L);
        a31.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 16 * L); a32.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 17 * L);
        a33.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 18 * L); a34.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 19 * L);
        for (int r = 0; r < TILE; r++)
            for (int k = 0; k < 5; k++) z[r * m + c + k] = laneSum(xs, s + (5 * r + k) * L) + tail(xs, r * d, w, o0 + k * stride, bias);
    }

    private void dots4x4(double[] xs, double[] w, int c, int m, int stride, boolean bias, double[] z) {
        int o0 = c * stride, o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride, d1 = d, d2 = 2 * d, d3 = 3 * d;
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00,
                a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int j = 0; j < up; j += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, xs, j), x1 = DoubleVector.fromArray(S, xs, d1 + j),
                    x2 = DoubleVector.fromArray(S, xs, d2 + j), x3 = DoubleVector.fromArray(S, xs, d3 + j);
            DoubleVector v = DoubleVector.fromArray(S, w, o0 + j);
            a00 = x0.fma(v, a00); a10 = x1.fma(v, a10); a20 = x2.fma(v, a20); a30 = x3.fma(v, a30);
            v = DoubleVector.fromArray(S, w, o1 + j);
            a01 = x0.fma(v, a01); a11 = x1.fma(v, a11); a21 = x2.fma(v, a21); a31 = x3.fma(v, a31);
            v = DoubleVector.fromArray(S, w, o2 + j);
            a02 = x0.fma(v, a02); a12 = x1.fma(v, a12); a22 = x2.fma(v, a22); a32 = x3.fma(v, a32);
            v = DoubleVector.fromArray(S, w, o3 + j);
            a03 = x0.fma(v, a03); a13 = x1.fma(v, a13); a23 = x2.fma(v, a23); a33 = x3.fma(v, a33);
        }
        int s = sums();
        a00.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s); a01.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + L);
        a02.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 2 * L); a03.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 3 * L);
        a10.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 4 * L); a11.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 5 * L);
        a12.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 6 * L); a13.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 7 * L);
        a20.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 8 * L); a21.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 9 * L);
        a22.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 10 * L); a23.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 11 * L);
        a30.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 12 * L); a31.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 13 * L);
        a32.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 14 * L); a33.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 15 * L);
        for (int r = 0; r < TILE; r++)
            for (int k = 0; k < 4; k++) z[r * m + c + k] = laneSum(xs, s + (4 * r + k) * L) + tail(xs, r * d, w, o0 + k * stride, bias);
    }

    private void dots4x2(double[] xs, double[] w, int c, int m, int stride, boolean bias, double[] z) {
        int o0 = c * stride, o1 = o0 + stride, d1 = d, d2 = 2 * d, d3 = 3 * d;
        DoubleVector a00 = DoubleVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (int j = 0; j < up; j += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, xs, j), x1 = DoubleVector.fromArray(S, xs, d1 + j),
                    x2 = DoubleVector.fromArray(S, xs, d2 + j), x3 = DoubleVector.fromArray(S, xs, d3 + j);
            DoubleVector v = DoubleVector.fromArray(S, w, o0 + j);
            a00 = x0.fma(v, a00); a10 = x1.fma(v, a10); a20 = x2.fma(v, a20); a30 = x3.fma(v, a30);
            v = DoubleVector.fromArray(S, w, o1 + j);
            a01 = x0.fma(v, a01); a11 = x1.fma(v, a11); a21 = x2.fma(v, a21); a31 = x3.fma(v, a31);
        }
        int s = sums();
        a00.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s); a01.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + L);
        a10.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 2 * L); a11.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 3 * L);
        a20.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 4 * L); a21.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 5 * L);
        a30.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 6 * L); a31.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 7 * L);
        for (int r = 0; r < TILE; r++)
            for (int k = 0; k < 2; k++) z[r * m + c + k] = laneSum(xs, s + (2 * r + k) * L) + tail(xs, r * d, w, o0 + k * stride, bias);
    }

    private void dots4x1(double[] xs, double[] w, int c, int m, int stride, boolean bias, double[] z) {
        int o0 = c * stride, d1 = d, d2 = 2 * d, d3 = 3 * d;
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int j = 0; j < up; j += L) {
            DoubleVector v = DoubleVector.fromArray(S, w, o0 + j);
            a0 = DoubleVector.fromArray(S, xs, j).fma(v, a0);
            a1 = DoubleVector.fromArray(S, xs, d1 + j).fma(v, a1);
            a2 = DoubleVector.fromArray(S, xs, d2 + j).fma(v, a2);
            a3 = DoubleVector.fromArray(S, xs, d3 + j).fma(v, a3);
        }
        int s = sums();
        a0.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s);
        a1.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + L);
        a2.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 2 * L);
        a3.lanewise(VectorOperators.ADD, NEG0).intoArray(xs, s + 3 * L);
        for (int r = 0; r < TILE; r++) z[r * m + c] = laneSum(xs, s + r * L) + tail(xs, r * d, w, o0, bias);
    }

    /** x_r · w_c without the bias, for the rows of a partial tile: two accumulators. */
    private double dot1(double[] xs, int xo, double[] w, int o) {
        DoubleVector a = DoubleVector.zero(S), b = a;
        int j = 0;
        for (; j + L < up; j += 2 * L) {
            a = DoubleVector.fromArray(S, xs, xo + j).fma(DoubleVector.fromArray(S, w, o + j), a);
            b = DoubleVector.fromArray(S, xs, xo + j + L).fma(DoubleVector.fromArray(S, w, o + j + L), b);
        }
        for (; j < up; j += L) a = DoubleVector.fromArray(S, xs, xo + j).fma(DoubleVector.fromArray(S, w, o + j), a);
        a.lanewise(VectorOperators.ADD, b).intoArray(xs, sums());
        return laneSum(xs, sums()) + tail(xs, xo, w, o, false);
    }

    // ---- axpy -------------------------------------------------------------------------------------------

    @Override public void axpy(int[] idx, int count, double[] a, int m, int stride, boolean bias, double[] g, double[] xs) {
        if (count < TILE) {
            for (int r = 0; r < count; r++) for (int c = 0; c < m; c++) axpy1(xs, r * d, a[r * m + c], g, c * stride, bias);
            return;
        }
        int c = 0;
        if (GROUP == 4 && m % 5 == 0) for (; c + 4 < m; c += 5) axpy4x5(xs, a, c, m, stride, bias, g);
        if (GROUP == 4) for (; c + 3 < m; c += 4) axpy4x4(xs, a, c, m, stride, bias, g);
        for (; c + 1 < m; c += 2) axpy4x2(xs, a, c, m, stride, bias, g);
        for (; c < m; c++) axpy4x1(xs, a, c, m, stride, bias, g);
    }

    /** g[o + j] += Σ_r a_r x_r[j] for the features j ≥ up, and the bias. */
    private void tailAxpy(double[] xs, double a0, double a1, double a2, double a3, double[] g, int o, boolean bias) {
        int d1 = d, d2 = 2 * d, d3 = 3 * d;
        for (int j = up; j < d; j++) g[o + j] += a0 * xs[j] + a1 * xs[d1 + j] + a2 * xs[d2 + j] + a3 * xs[d3 + j];
        if (bias) g[o + d] += a0 + a1 + a2 + a3;
    }

    private void axpy4x5(double[] xs, double[] a, int c, int m, int stride, boolean bias, double[] g) {
        int o0 = c * stride, d1 = d, d2 = 2 * d, d3 = 3 * d;
        DoubleVector b00 = DoubleVector.broadcast(S, a[c]), b01 = DoubleVector.broadcast(S, a[c + 1]), b02 = DoubleVector.broadcast(S, a[c + 2]),
                b03 = DoubleVector.broadcast(S, a[c + 3]), b04 = DoubleVector.broadcast(S, a[c + 4]);
        DoubleVector b10 = DoubleVector.broadcast(S, a[m + c]), b11 = DoubleVector.broadcast(S, a[m + c + 1]), b12 = DoubleVector.broadcast(S, a[m + c + 2]),
                b13 = DoubleVector.broadcast(S, a[m + c + 3]), b14 = DoubleVector.broadcast(S, a[m + c + 4]);
        DoubleVector b20 = DoubleVector.broadcast(S, a[2 * m + c]), b21 = DoubleVector.broadcast(S, a[2 * m + c + 1]),
                b22 = DoubleVector.broadcast(S, a[2 * m + c + 2]), b23 = DoubleVector.broadcast(S, a[2 * m + c + 3]),
                b24 = DoubleVector.broadcast(S, a[2 * m + c + 4]);
        DoubleVector b30 = DoubleVector.broadcast(S, a[3 * m + c]), b31 = DoubleVector.broadcast(S, a[3 * m + c + 1]),
                b32 = DoubleVector.broadcast(S, a[3 * m + c + 2]), b33 = DoubleVector.broadcast(S, a[3 * m + c + 3]),
                b34 = DoubleVector.broadcast(S, a[3 * m + c + 4]);
        int o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride, o4 = o3 + stride;
        for (int j = 0; j < up; j += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, xs, j), x1 = DoubleVector.fromArray(S, xs, d1 + j),
                    x2 = DoubleVector.fromArray(S, xs, d2 + j), x3 = DoubleVector.fromArray(S, xs, d3 + j);
            x0.fma(b00, x1.fma(b10, x2.fma(b20, x3.fma(b30, DoubleVector.fromArray(S, g, o0 + j))))).intoArray(g, o0 + j);
            x0.fma(b01, x1.fma(b11, x2.fma(b21, x3.fma(b31, DoubleVector.fromArray(S, g, o1 + j))))).intoArray(g, o1 + j);
            x0.fma(b02, x1.fma(b12, x2.fma(b22, x3.fma(b32, DoubleVector.fromArray(S, g, o2 + j))))).intoArray(g, o2 + j);
            x0.fma(b03, x1.fma(b13, x2.fma(b23, x3.fma(b33, DoubleVector.fromArray(S, g, o3 + j))))).intoArray(g, o3 + j);
            x0.fma(b04, x1.fma(b14, x2.fma(b24, x3.fma(b34, DoubleVector.fromArray(S, g, o4 + j))))).intoArray(g, o4 + j);
        }
        if (up < d || bias)
            for (int k = 0; k < 5; k++) tailAxpy(xs, a[c + k], a[m + c + k], a[2 * m + c + k], a[3 * m + c + k], g, o0 + k * stride, bias);
    }

    private void axpy4x4(double[] xs, double[] a, int c, int m, int stride, boolean bias, double[] g) {
        int o0 = c * stride, o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride, d1 = d, d2 = 2 * d, d3 = 3 * d;
        double s00 = a[c], s01 = a[c + 1], s02 = a[c + 2], s03 = a[c + 3], s10 = a[m + c], s11 = a[m + c + 1], s12 = a[m + c + 2],
                s13 = a[m + c + 3], s20 = a[2 * m + c], s21 = a[2 * m + c + 1], s22 = a[2 * m + c + 2], s23 = a[2 * m + c + 3],
                s30 = a[3 * m + c], s31 = a[3 * m + c + 1], s32 = a[3 * m + c + 2], s33 = a[3 * m + c + 3];
        DoubleVector b00 = DoubleVector.broadcast(S, s00), b01 = DoubleVector.broadcast(S, s01), b02 = DoubleVector.broadcast(S, s02),
                b03 = DoubleVector.broadcast(S, s03), b10 = DoubleVector.broadcast(S, s10), b11 = DoubleVector.broadcast(S, s11),
                b12 = DoubleVector.broadcast(S, s12), b13 = DoubleVector.broadcast(S, s13), b20 = DoubleVector.broadcast(S, s20),
                b21 = DoubleVector.broadcast(S, s21), b22 = DoubleVector.broadcast(S, s22), b23 = DoubleVector.broadcast(S, s23),
                b30 = DoubleVector.broadcast(S, s30), b31 = DoubleVector.broadcast(S, s31), b32 = DoubleVector.broadcast(S, s32),
                b33 = DoubleVector.broadcast(S, s33);
        for (int j = 0; j < up; j += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, xs, j), x1 = DoubleVector.fromArray(S, xs, d1 + j),
                    x2 = DoubleVector.fromArray(S, xs, d2 + j), x3 = DoubleVector.fromArray(S, xs, d3 + j);
            x0.fma(b00, x1.fma(b10, x2.fma(b20, x3.fma(b30, DoubleVector.fromArray(S, g, o0 + j))))).intoArray(g, o0 + j);
            x0.fma(b01, x1.fma(b11, x2.fma(b21, x3.fma(b31, DoubleVector.fromArray(S, g, o1 + j))))).intoArray(g, o1 + j);
            x0.fma(b02, x1.fma(b12, x2.fma(b22, x3.fma(b32, DoubleVector.fromArray(S, g, o2 + j))))).intoArray(g, o2 + j);
            x0.fma(b03, x1.fma(b13, x2.fma(b23, x3.fma(b33, DoubleVector.fromArray(S, g, o3 + j))))).intoArray(g, o3 + j);
        }
        if (up < d || bias) {
            tailAxpy(xs, s00, s10, s20, s30, g, o0, bias);
            tailAxpy(xs, s01, s11, s21, s31, g, o1, bias);
            tailAxpy(xs, s02, s12, s22, s32, g, o2, bias);
            tailAxpy(xs, s03, s13, s23, s33, g, o3, bias);
        }
    }

    private void axpy4x2(double[] xs, double[] a, int c, int m, int stride, boolean bias, double[] g) {
        int o0 = c * stride, o1 = o0 + stride, d1 = d, d2 = 2 * d, d3 = 3 * d;
        double s00 = a[c], s01 = a[c + 1], s10 = a[m + c], s11 = a[m + c + 1], s20 = a[2 * m + c], s21 = a[2 * m + c + 1],
                s30 = a[3 * m + c], s31 = a[3 * m + c + 1];
        DoubleVector b00 = DoubleVector.broadcast(S, s00), b01 = DoubleVector.broadcast(S, s01), b10 = DoubleVector.broadcast(S, s10),
                b11 = DoubleVector.broadcast(S, s11), b20 = DoubleVector.broadcast(S, s20), b21 = DoubleVector.broadcast(S, s21),
                b30 = DoubleVector.broadcast(S, s30), b31 = DoubleVector.broadcast(S, s31);
        for (int j = 0; j < up; j += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, xs, j), x1 = DoubleVector.fromArray(S, xs, d1 + j),
                    x2 = DoubleVector.fromArray(S, xs, d2 + j), x3 = DoubleVector.fromArray(S, xs, d3 + j);
            x0.fma(b00, x1.fma(b10, x2.fma(b20, x3.fma(b30, DoubleVector.fromArray(S, g, o0 + j))))).intoArray(g, o0 + j);
            x0.fma(b01, x1.fma(b11, x2.fma(b21, x3.fma(b31, DoubleVector.fromArray(S, g, o1 + j))))).intoArray(g, o1 + j);
        }
        if (up < d || bias) {
            tailAxpy(xs, s00, s10, s20, s30, g, o0, bias);
            tailAxpy(xs, s01, s11, s21, s31, g, o1, bias);
        }
    }

    private void axpy4x1(double[] xs, double[] a, int c, int m, int stride, boolean bias, double[] g) {
        int o0 = c * stride, d1 = d, d2 = 2 * d, d3 = 3 * d;
        double s0 = a[c], s1 = a[m + c], s2 = a[2 * m + c], s3 = a[3 * m + c];
        DoubleVector b0 = DoubleVector.broadcast(S, s0), b1 = DoubleVector.broadcast(S, s1), b2 = DoubleVector.broadcast(S, s2),
                b3 = DoubleVector.broadcast(S, s3);
        for (int j = 0; j < up; j += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, xs, j), x1 = DoubleVector.fromArray(S, xs, d1 + j),
                    x2 = DoubleVector.fromArray(S, xs, d2 + j), x3 = DoubleVector.fromArray(S, xs, d3 + j);
            x0.fma(b0, x1.fma(b1, x2.fma(b2, x3.fma(b3, DoubleVector.fromArray(S, g, o0 + j))))).intoArray(g, o0 + j);
        }
        if (up < d || bias) tailAxpy(xs, s0, s1, s2, s3, g, o0, bias);
    }

    /** g[o ..] += a x_r, for the rows of a partial tile. */
    private void axpy1(double[] xs, int xo, double a, double[] g, int o, boolean bias) {
        DoubleVector b = DoubleVector.broadcast(S, a);
        int j = 0;
        for (; j < up; j += L) DoubleVector.fromArray(S, xs, xo + j).fma(b, DoubleVector.fromArray(S, g, o + j)).intoArray(g, o + j);
        for (; j < d; j++) g[o + j] += a * xs[xo + j];
        if (bias) g[o + d] += a;
    }
}
