package org.bilevel4j.tasks.fewshot;

import java.util.function.IntFunction;
import org.bilevel4j.data.DenseMatrix;

/**
 * An episode's samples as matrices: support rows class by class (label n's K samples, then label n+1's), with
 * labels 0..N−1, and the query rows likewise.
 */
public record EpisodeImages(DenseMatrix support, int[] supportLabels, DenseMatrix query, int[] queryLabels) {
    /** images(c) = the rows of the data set's class c (row i = sample i), e.g. {@code glyphs::images}. */
    public static EpisodeImages of(Episode e, IntFunction<DenseMatrix> images) {
        int n = e.ways(), k = e.shots(), q = e.queries();
        DenseMatrix[] x = new DenseMatrix[n];
        for (int c = 0; c < n; c++) x[c] = images.apply(e.classes()[c]);
        int cols = x[0].cols();
        float[] s = new float[n * k * cols], t = new float[n * q * cols];
        int[] sl = new int[n * k], ql = new int[n * q];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < k; i++) {
                System.arraycopy(x[c].values(), e.support()[c][i] * cols, s, (c * k + i) * cols, cols);
                sl[c * k + i] = c;
            }
            for (int i = 0; i < q; i++) {
                System.arraycopy(x[c].values(), e.query()[c][i] * cols, t, (c * q + i) * cols, cols);
                ql[c * q + i] = c;
            }
        }
        return new EpisodeImages(new DenseMatrix(n * k, cols, s), sl, new DenseMatrix(n * q, cols, t), ql);
    }
}
