package org.bilevel4j.data;

import java.util.random.RandomGenerator;

/**
 * A random smooth displacement field on an n×n grid for elastic distortions (Simard et al. 2003, §2): each
 * component is uniform noise in [−1, 1], smoothed by a Gaussian of standard deviation sigma (grid units, zero
 * outside the grid) and scaled so that the field's root-mean-square length is rms.
 */
final class ElasticField {
    private ElasticField() {}

    /** {dx, dy}, each n·n values in row-major order. */
    static double[][] draw(int n, double sigma, double rms, RandomGenerator rng) {
        double[] dx = new double[n * n], dy = new double[n * n];
        for (int i = 0; i < n * n; i++) { dx[i] = 2 * rng.nextDouble() - 1; dy[i] = 2 * rng.nextDouble() - 1; }
        double[] kernel = gaussian(sigma);
        dx = blur(blur(dx, n, kernel, true), n, kernel, false);
        dy = blur(blur(dy, n, kernel, true), n, kernel, false);
        double ss = 0;
        for (int i = 0; i < n * n; i++) ss += dx[i] * dx[i] + dy[i] * dy[i];
        double scale = ss > 0 ? rms / Math.sqrt(ss / (n * n)) : 0;
        for (int i = 0; i < n * n; i++) { dx[i] *= scale; dy[i] *= scale; }
        return new double[][]{dx, dy};
    }

    /** exp(−t²/2σ²) for t = −r..r with r = ⌈3σ⌉, summing to 1. */
    static double[] gaussian(double sigma) {
        if (!(sigma > 0)) throw new IllegalArgumentException("elastic sigma must be positive, got " + sigma);
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int t = -r; t <= r; t++) sum += k[t + r] = Math.exp(-t * t / (2 * sigma * sigma));
        for (int t = 0; t < k.length; t++) k[t] /= sum;
        return k;
    }

    /** One 1-D pass of the kernel along rows (alongRows) or columns, zero outside the grid. */
    static double[] blur(double[] a, int n, double[] k, boolean alongRows) {
        int r = k.length / 2;
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    int jj = j + t;
                    if (jj < 0 || jj >= n) continue;
                    s += k[t + r] * (alongRows ? a[i * n + jj] : a[jj * n + i]);
                }
                if (alongRows) out[i * n + j] = s; else out[j * n + i] = s;
            }
        return out;
    }
}
