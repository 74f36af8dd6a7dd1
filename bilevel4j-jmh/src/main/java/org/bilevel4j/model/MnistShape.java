package org.bilevel4j.model;

import java.util.SplittableRandom;

/**
 * The MNIST-shaped data of the breakdown tools: n × d image-like bytes (80% dark pixels, the rest uniform), labels in
 * K classes, the per-feature mean and scale (standard deviation + 1, never 0) and the standardized float32 copy.
 */
record MnistShape(int n, int d, int classes, byte[] bytes, int[] labels, double[] mean, double[] scale, float[] floats) {
    static MnistShape draw(int n, int d, int classes, SplittableRandom rng) {
        byte[] b = new byte[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(classes);
            for (int j = 0; j < d; j++) b[i * d + j] = (byte) (rng.nextInt(5) == 0 ? rng.nextInt(256) : 0);
        }
        double[] mean = new double[d], scale = new double[d];
        for (int j = 0; j < d; j++) {
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++) {
                int v = b[i * d + j] & 0xFF;
                s += v;
                s2 += (double) v * v;
            }
            mean[j] = s / n;
            scale[j] = Math.sqrt(Math.max(0, s2 / n - mean[j] * mean[j])) + 1;
        }
        float[] f = new float[n * d];
        for (int i = 0; i < n * d; i++) f[i] = (float) (((b[i] & 0xFF) - mean[i % d]) / scale[i % d]);
        return new MnistShape(n, d, classes, b, labels, mean, scale, f);
    }

    ByteFeatures byteFeatures() { return new ByteFeatures(n, d, bytes, mean, scale); }
}
