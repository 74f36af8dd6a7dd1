package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.bilevel4j.data.CsrMatrix;
import org.junit.jupiter.api.Test;

/**
 * The CSR kernel's sums, pinned bit for bit to their documented order: a row's dot product in four partial sums over the
 * entries k ≡ 0, 1, 2, 3 (mod 4) of its largest multiple of four, the rest added to the first, then (s0 + s1) + (s2 + s3);
 * the gradient scattered row by row, each row in storage order. A binary gradient pass over the CSR rows equals that
 * arithmetic written out here, with StrictMath.log1p in the loss: the oracles are the ones before issue 15's kernel work.
 */
class SparseKernelOrderTest {
    /** Rows of every length 0..11 (every remainder mod 4, and rows shorter than four), random distinct columns. */
    static CsrMatrix rows(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ptr = new int[n + 1];
        int[] col = new int[n * 12];
        float[] val = new float[n * 12];
        int nnz = 0;
        for (int i = 0; i < n; i++) {
            int len = i % 12, start = nnz;
            for (int c = 0; c < d && nnz - start < len; c++)
                if (r.nextInt(d - c) < len - (nnz - start)) { // a uniformly random sorted subset of len columns
                    col[nnz] = c;
                    val[nnz++] = (float) (2 * r.nextDouble() - 1);
                }
            ptr[i + 1] = nnz;
        }
        return new CsrMatrix(n, d, ptr, java.util.Arrays.copyOf(col, nnz), java.util.Arrays.copyOf(val, nnz));
    }

    static double dot(CsrMatrix x, int i, double[] w, int o) {
        int a = x.rowPtr()[i], b = x.rowPtr()[i + 1], end = a + (b - a) / 4 * 4;
        double[] s = new double[4];
        for (int k = a; k < end; k++) s[(k - a) % 4] += x.values()[k] * w[o + x.colIdx()[k]];
        for (int k = end; k < b; k++) s[0] += x.values()[k] * w[o + x.colIdx()[k]];
        return (s[0] + s[1]) + (s[2] + s[3]);
    }

    @Test void dotsAndAxpyFollowTheDocumentedOrder() {
        CsrMatrix x = rows(37, 50, 1);
        SparseRows k = new SparseRows(x);
        int m = 3, stride = x.cols() + 1;
        double[] w = ModelData.random(m * stride, 1, 2), z = new double[RowKernel.TILE * m], a = ModelData.random(RowKernel.TILE * m, 1, 3);
        double[] g = new double[m * stride], want = new double[m * stride];
        int[] idx = {5, 11, 11, 36}; // lengths 5, 11, 11, 0; a row twice
        k.dots(idx, idx.length, w, m, stride, true, z, new double[k.scratchLength()]);
        k.axpy(idx, idx.length, a, m, stride, true, g, new double[k.scratchLength()]);
        for (int r = 0; r < idx.length; r++)
            for (int c = 0; c < m; c++) {
                assertEquals(Double.doubleToLongBits(dot(x, idx[r], w, c * stride) + w[c * stride + x.cols()]), Double.doubleToLongBits(z[r * m + c]), "row " + idx[r]);
                for (int q = x.rowPtr()[idx[r]]; q < x.rowPtr()[idx[r] + 1]; q++) want[c * stride + x.colIdx()[q]] += a[r * m + c] * x.values()[q];
                want[c * stride + x.cols()] += a[r * m + c];
            }
        assertArrayEquals(want, g, 0);
    }

    @Test void binaryGradientPassEqualsItsArithmeticWrittenOut() {
        CsrMatrix x = rows(301, 40, 4); // one row block: far below RowBlocks.MIN_WORK
        int n = x.rows();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = (i * 7) % 3 == 0 ? 1 : 0;
        double[] sw = ModelData.random(n, 1, 5);
        for (int i = 0; i < n; i++) sw[i] = Math.abs(sw[i]);
        LogisticModel model = LogisticModel.binary(x, labels, false);
        double[] w = ModelData.random(model.dim(), 3, 6), g = new double[model.dim()], want = new double[model.dim()];
        double value = model.valueGrad(w, null, sw, g), wantValue = 0, inv = 1.0 / n;
        for (int i = 0; i < n; i++) {
            double z = dot(x, i, w, 0), e = Math.exp(-Math.abs(z)), p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
            wantValue += sw[i] * (Math.max(z, 0) + StrictMath.log1p(e) - labels[i] * z) * inv;
            double r = sw[i] * inv * (p - labels[i]);
            for (int q = x.rowPtr()[i]; q < x.rowPtr()[i + 1]; q++) want[x.colIdx()[q]] += r * x.values()[q];
        }
        assertEquals(Double.doubleToLongBits(wantValue), Double.doubleToLongBits(value), "value " + value + " vs " + wantValue);
        assertArrayEquals(want, g, 0);
        assertEquals(Double.doubleToLongBits(wantValue), Double.doubleToLongBits(model.value(w, null, sw)));
    }
}
