package org.bilevel4j.model;

import org.bilevel4j.data.DenseMatrix;

/**
 * Scalar {@link DoubleKernel} over a dense row-major float matrix (the fallback when {@link DenseRowsSimd} cannot be
 * used): the rows of a tile are widened to double once into scratch (row r at r·cols), then streamed from L1.
 * A full tile is register-blocked: every loaded parameter feeds one fused multiply-add per row of the tile.
 */
final class DenseRows extends DoubleKernel {
    private final float[] x;
    private final int n, d;

    DenseRows(DenseMatrix m) {
        this.x = m.values();
        this.n = m.rows();
        this.d = m.cols();
    }

    @Override public int rows() { return n; }
    @Override public int cols() { return d; }
    @Override public int scratchLength() { return TILE * d; }
    @Override public long work(int i) { return d; }
    @Override public String describe() { return "dense scalar"; }

    @Override public void load(int[] idx, int count, double[] xs) {
        for (int r = 0; r < count; r++) {
            int off = idx[r] * d, to = r * d;
            for (int j = 0; j < d; j++) xs[to + j] = x[off + j];
        }
    }

    @Override public void dots(int[] idx, int count, double[] w, int m, int stride, boolean bias, double[] z, double[] xs) {
        if (count < TILE) {
            for (int r = 0; r < count; r++) dotsRow(r, w, m, stride, bias, z, xs);
            return;
        }
        int d1 = d, d2 = 2 * d, d3 = 3 * d;
        int c = 0;
        // two outputs × four rows: eight independent chains, each loaded x or w feeding several FMAs
        for (; c + 1 < m; c += 2) {
            int o = c * stride, p = o + stride;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
            for (int j = 0; j < d; j++) {
                double x0 = xs[j], x1 = xs[d1 + j], x2 = xs[d2 + j], x3 = xs[d3 + j], wa = w[o + j], wb = w[p + j];
                a0 = Math.fma(x0, wa, a0);
                a1 = Math.fma(x1, wa, a1);
                a2 = Math.fma(x2, wa, a2);
                a3 = Math.fma(x3, wa, a3);
                b0 = Math.fma(x0, wb, b0);
                b1 = Math.fma(x1, wb, b1);
                b2 = Math.fma(x2, wb, b2);
                b3 = Math.fma(x3, wb, b3);
            }
            double ba = bias ? w[o + d] : 0, bb = bias ? w[p + d] : 0;
            z[c] = a0 + ba;
            z[m + c] = a1 + ba;
            z[2 * m + c] = a2 + ba;
            z[3 * m + c] = a3 + ba;
            z[c + 1] = b0 + bb;
            z[m + c + 1] = b1 + bb;
            z[2 * m + c + 1] = b2 + bb;
            z[3 * m + c + 1] = b3 + bb;
        }
        for (; c < m; c++) {
            int o = c * stride;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (int j = 0; j < d; j++) {
                double wa = w[o + j];
                a0 = Math.fma(xs[j], wa, a0);
                a1 = Math.fma(xs[d1 + j], wa, a1);
                a2 = Math.fma(xs[d2 + j], wa, a2);
                a3 = Math.fma(xs[d3 + j], wa, a3);
            }
            double ba = bias ? w[o + d] : 0;
            z[c] = a0 + ba;
            z[m + c] = a1 + ba;
            z[2 * m + c] = a2 + ba;
            z[3 * m + c] = a3 + ba;
        }
    }

    /** z[r·m + c] for one row of the tile: two outputs at a time, four partial sums each. */
    private void dotsRow(int r, double[] w, int m, int stride, boolean bias, double[] z, double[] xs) {
        int xo = r * d, zo = r * m, c = 0;
        for (; c + 1 < m; c += 2) {
            int o = c * stride, p = o + stride, j = 0;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
            for (; j + 3 < d; j += 4) {
                double x0 = xs[xo + j], x1 = xs[xo + j + 1], x2 = xs[xo + j + 2], x3 = xs[xo + j + 3];
                a0 = Math.fma(x0, w[o + j], a0);
                a1 = Math.fma(x1, w[o + j + 1], a1);
                a2 = Math.fma(x2, w[o + j + 2], a2);
                a3 = Math.fma(x3, w[o + j + 3], a3);
                b0 = Math.fma(x0, w[p + j], b0);
                b1 = Math.fma(x1, w[p + j + 1], b1);
                b2 = Math.fma(x2, w[p + j + 2], b2);
                b3 = Math.fma(x3, w[p + j + 3], b3);
            }
            for (; j < d; j++) {
                a0 = Math.fma(xs[xo + j], w[o + j], a0);
                b0 = Math.fma(xs[xo + j], w[p + j], b0);
            }
            double sa = (a0 + a1) + (a2 + a3), sb = (b0 + b1) + (b2 + b3);
            z[zo + c] = bias ? sa + w[o + d] : sa;
            z[zo + c + 1] = bias ? sb + w[p + d] : sb;
        }
        for (; c < m; c++) {
            int o = c * stride, j = 0;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (; j + 3 < d; j += 4) {
                a0 = Math.fma(xs[xo + j], w[o + j], a0);
                a1 = Math.fma(xs[xo + j + 1], w[o + j + 1], a1);
                a2 = Math.fma(xs[xo + j + 2], w[o + j + 2], a2);
                a3 = Math.fma(xs[xo + j + 3], w[o + j + 3], a3);
            }
            for (; j < d; j++) a0 = Math.fma(xs[xo + j], w[o + j], a0);
            double sa = (a0 + a1) + (a2 + a3);
            z[zo + c] = bias ? sa + w[o + d] : sa;
        }
    }

    @Override public void axpy(int[] idx, int count, double[] a, int m, int stride, boolean bias, double[] g, double[] xs) {
        if (count < TILE) {
            for (int r = 0; r < count; r++) axpyRow(r, a, m, stride, bias, g, xs);
            return;
        }
        // four rows × two outputs: each loaded x feeds two FMAs, each g entry is read and written once per tile
        // (C2 of JDK 17 does not vectorise these loops: it cannot rule out that g and xs are one array)
        int d1 = d, d2 = 2 * d, d3 = 3 * d, c = 0;
        for (; c + 1 < m; c += 2) {
            double a0 = a[c], a1 = a[m + c], a2 = a[2 * m + c], a3 = a[3 * m + c];
            double b0 = a[c + 1], b1 = a[m + c + 1], b2 = a[2 * m + c + 1], b3 = a[3 * m + c + 1];
            int o = c * stride, p = o + stride;
            for (int j = 0; j < d; j++) {
                double x0 = xs[j], x1 = xs[d1 + j], x2 = xs[d2 + j], x3 = xs[d3 + j];
                g[o + j] = Math.fma(a3, x3, Math.fma(a2, x2, Math.fma(a1, x1, Math.fma(a0, x0, g[o + j]))));
                g[p + j] = Math.fma(b3, x3, Math.fma(b2, x2, Math.fma(b1, x1, Math.fma(b0, x0, g[p + j]))));
            }
            if (bias) {
                g[o + d] += a0 + a1 + a2 + a3;
                g[p + d] += b0 + b1 + b2 + b3;
            }
        }
        for (; c < m; c++) {
            double a0 = a[c], a1 = a[m + c], a2 = a[2 * m + c], a3 = a[3 * m + c];
            int o = c * stride;
            for (int j = 0; j < d; j++) g[o + j] = Math.fma(a3, xs[d3 + j], Math.fma(a2, xs[d2 + j], Math.fma(a1, xs[d1 + j], Math.fma(a0, xs[j], g[o + j]))));
            if (bias) g[o + d] += a0 + a1 + a2 + a3;
        }
    }

    /** g_c += a[r·m + c] x_r for one row of the tile. */
    private void axpyRow(int r, double[] a, int m, int stride, boolean bias, double[] g, double[] xs) {
        int xo = r * d, ao = r * m, c = 0;
        for (; c + 1 < m; c += 2) {
            double ra = a[ao + c], rb = a[ao + c + 1];
            int o = c * stride, p = o + stride;
            for (int j = 0; j < d; j++) {
                double xj = xs[xo + j];
                g[o + j] += ra * xj;
                g[p + j] += rb * xj;
            }
            if (bias) {
                g[o + d] += ra;
                g[p + d] += rb;
            }
        }
        for (; c < m; c++) {
            double rc = a[ao + c];
            int o = c * stride;
            for (int j = 0; j < d; j++) g[o + j] += rc * xs[xo + j];
            if (bias) g[o + d] += rc;
        }
    }
}
