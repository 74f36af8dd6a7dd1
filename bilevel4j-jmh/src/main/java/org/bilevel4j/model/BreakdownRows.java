package org.bilevel4j.model;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.MnistLike;
import org.bilevel4j.data.Standardizer;

/**
 * The rows the breakdown tools time: the first n of a seeded shuffle of a cached data set's training images
 * ("mnist", "fashion-mnist"), or "shape": an MNIST-shaped draw of n × 784 bytes ({@link MnistShape}); with their
 * standardization and its 8-bit features.
 */
record BreakdownRows(DenseMatrix raw, int[] labels, Standardizer standardizer, ByteFeatures bytes) {

    BreakdownRows(DenseMatrix raw, int[] labels) { this(raw, labels, Standardizer.fit(raw)); }

    private BreakdownRows(DenseMatrix raw, int[] labels, Standardizer st) { this(raw, labels, st, ByteFeatures.of(raw, st)); }

    /** The exact double model on the standardized rows, without bias. */
    LogisticModel doubleModel(int k) { return LogisticModel.multinomial((DenseMatrix) standardizer.apply(raw), labels, k, false); }

    static BreakdownRows of(String data, int n, int k, SplittableRandom rng) throws IOException {
        if (data.equals("shape")) {
            MnistShape s = MnistShape.draw(n, 784, k, rng);
            float[] v = new float[s.bytes().length];
            for (int i = 0; i < v.length; i++) v[i] = s.bytes()[i] & 0xFF;
            return new BreakdownRows(new DenseMatrix(n, 784, v), s.labels());
        }
        LabeledData train = MnistLike.part(Datasets.ensure(data, System.err), "train");
        int[] perm = new int[train.size()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        for (int i = perm.length - 1; i > 0; i--) { // Fisher–Yates
            int j = rng.nextInt(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        LabeledData part = train.subset(Arrays.copyOf(perm, n));
        return new BreakdownRows((DenseMatrix) part.x(), part.labels());
    }

    /** ‖a − b‖ / ‖b‖. */
    static double relDiff(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int j = 0; j < a.length; j++) {
            num += (a[j] - b[j]) * (a[j] - b[j]);
            den += b[j] * b[j];
        }
        return Math.sqrt(num / den);
    }
}
