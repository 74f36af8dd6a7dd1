package org.bilevel4j.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The softmax of a class-major tile ({@link RowKernel.Tiles#softmaxClassMajor}) with lanes over its rows: per vector of
 * rows the max over the classes (lanewise {@code Math.max}, exact), the shift, then the tile's exponentials in one call
 * of {@link RowKernel.Tiles#exp}, the sums over c = 0..m−1 in order, 1 / sum and the scaling, all lanewise, and
 * lse[q] = max + log(sum) with {@link Math#log} per row: per row the arithmetic of the scalar loops, so the same numbers
 * bit for bit. JDK 17's C2 does not vectorize those loops (a row array and a class block in one loop have different
 * loop invariants, which it takes for possible aliasing). The gradient's and the HVP's residuals over such tiles likewise
 * ({@link #scale}, {@link #hvp}). Loaded only through the SIMD kernels.
 */
final class VectorSoftmax {
    private VectorSoftmax() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** p[c·T + q] = softmax(z_q)_c and lse[q] = logsumexp(z_q) for the T rows of a class-major tile; sum is scratch of T. */
    static void classMajor(RowKernel.Tiles tiles, double[] z, double[] p, int T, int m, double[] lse, double[] sum) {
        int up = D.loopBound(T);
        for (int q = 0; q < up; q += D.length()) {
            DoubleVector max = DoubleVector.fromArray(D, z, q);
            for (int c = 1; c < m; c++) max = max.max(DoubleVector.fromArray(D, z, c * T + q));
            max.intoArray(lse, q);
            for (int c = 0; c < m; c++) DoubleVector.fromArray(D, z, c * T + q).sub(max).intoArray(p, c * T + q);
        }
        for (int q = up; q < T; q++) {
            double max = z[q];
            for (int c = 1; c < m; c++) max = Math.max(max, z[c * T + q]);
            lse[q] = max;
            for (int c = 0; c < m; c++) p[c * T + q] = z[c * T + q] - max;
        }
        tiles.exp(p, T * m);
        for (int q = 0; q < up; q += D.length()) {
            DoubleVector s = DoubleVector.zero(D);
            for (int c = 0; c < m; c++) s = s.add(DoubleVector.fromArray(D, p, c * T + q));
            s.intoArray(sum, q);
            DoubleVector inv = DoubleVector.broadcast(D, 1).div(s);
            for (int c = 0; c < m; c++) DoubleVector.fromArray(D, p, c * T + q).mul(inv).intoArray(p, c * T + q);
        }
        for (int q = up; q < T; q++) {
            double s = 0;
            for (int c = 0; c < m; c++) s += p[c * T + q];
            sum[q] = s;
            double inv = 1 / s;
            for (int c = 0; c < m; c++) p[c * T + q] *= inv;
        }
        for (int q = 0; q < T; q++) lse[q] += Math.log(sum[q]);
    }

    /** r[c·T + q] = a[q] p[c·T + q], lanes over rows ({@link RowKernel.Tiles#scaleClassMajor}; the same products). */
    static void scale(double[] p, double[] a, double[] r, int T, int m) {
        int up = D.loopBound(T);
        for (int q = 0; q < up; q += D.length()) {
            DoubleVector av = DoubleVector.fromArray(D, a, q);
            for (int c = 0; c < m; c++) av.mul(DoubleVector.fromArray(D, p, c * T + q)).intoArray(r, c * T + q);
        }
        for (int q = up; q < T; q++) for (int c = 0; c < m; c++) r[c * T + q] = a[q] * p[c * T + q];
    }

    /**
     * pu[q] = Σ_c p u (c = 0..m−1, a multiply then an add, as the scalar loop), r = a[q] p (u − pu[q]), lanes over rows
     * ({@link RowKernel.Tiles#hvpClassMajor}; the same operations in the same order, so the same bits).
     */
    static void hvp(double[] p, double[] u, double[] a, double[] r, double[] pu, int T, int m) {
        int up = D.loopBound(T);
        for (int q = 0; q < up; q += D.length()) {
            DoubleVector s = DoubleVector.zero(D);
            for (int c = 0; c < m; c++) s = s.add(DoubleVector.fromArray(D, p, c * T + q).mul(DoubleVector.fromArray(D, u, c * T + q)));
            s.intoArray(pu, q);
            DoubleVector av = DoubleVector.fromArray(D, a, q);
            for (int c = 0; c < m; c++) {
                DoubleVector pc = DoubleVector.fromArray(D, p, c * T + q);
                av.mul(pc).mul(DoubleVector.fromArray(D, u, c * T + q).sub(s)).intoArray(r, c * T + q);
            }
        }
        for (int q = up; q < T; q++) {
            double s = 0;
            for (int c = 0; c < m; c++) s += p[c * T + q] * u[c * T + q];
            pu[q] = s;
            for (int c = 0; c < m; c++) r[c * T + q] = a[q] * p[c * T + q] * (u[c * T + q] - s);
        }
    }
}
