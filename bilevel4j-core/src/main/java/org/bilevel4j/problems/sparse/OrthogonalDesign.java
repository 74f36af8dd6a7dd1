package org.bilevel4j.problems.sparse;

import java.util.SplittableRandom;

/**
 * Synthetic sparse regression with an orthogonal training design (X_trᵀ X_tr = I, columns orthonormalised by
 * Gram–Schmidt): y_tr = X_tr (w° + e) + σ (I − X_tr X_trᵀ) ε with e_i ~ N(0, σ²) on the support of w° and
 * N(0, σ_off²) off it (σ_off = σ gives the usual y_tr = X_tr w° + σε in distribution), so that z = X_trᵀ y_tr = w° + e;
 * validation rows Gaussian with y_val = X_val w° + σε. The true weights w°
 * have the group structure of consecutive groups: every other group is active, with equal magnitudes inside a
 * group (1 or 2, alternating signs), so group lasso, l_p and OSCAR all have something to find.
 */
public record OrthogonalDesign(int dim, int trainRows, int valRows, int groupSize, double noise, double offSupportNoise, long seed) {
    public OrthogonalDesign {
        if (dim < 1) throw new IllegalArgumentException("dim must be >= 1");
        if (trainRows < dim) throw new IllegalArgumentException("an orthogonal design needs trainSamples >= dim, got " + trainRows + " < " + dim);
        if (valRows < 1) throw new IllegalArgumentException("valSamples must be >= 1");
        if (groupSize < 1) throw new IllegalArgumentException("groupSize must be >= 1");
        if (!(noise >= 0 && offSupportNoise >= 0)) throw new IllegalArgumentException("noise levels must be >= 0");
    }

    public double[] trueWeights() {
        double[] w = new double[dim];
        for (int i = 0; i < dim; i++) {
            int g = i / groupSize;
            if (g % 2 == 0) w[i] = (i % 2 == 0 ? 1 : -1) * (1 + (g / 2) % 2);
        }
        return w;
    }

    public LeastSquares build() {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] wTrue = trueWeights();
        double[] xTr = new double[trainRows * dim];
        for (int i = 0; i < xTr.length; i++) xTr[i] = gaussian(rng);
        for (int j = 0; j < dim; j++) { // Gram–Schmidt twice on column j
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < trainRows; i++) dot += xTr[i * dim + j] * xTr[i * dim + k];
                    for (int i = 0; i < trainRows; i++) xTr[i * dim + j] -= dot * xTr[i * dim + k];
                }
            }
            double n = 0;
            for (int i = 0; i < trainRows; i++) n += xTr[i * dim + j] * xTr[i * dim + j];
            n = Math.sqrt(n);
            for (int i = 0; i < trainRows; i++) xTr[i * dim + j] /= n;
        }
        double[] coef = wTrue.clone();
        for (int j = 0; j < dim; j++) coef[j] += (wTrue[j] != 0 ? noise : offSupportNoise) * gaussian(rng);
        double[] eps = new double[trainRows], xte = new double[dim];
        for (int i = 0; i < trainRows; i++) eps[i] = noise * gaussian(rng);
        for (int i = 0; i < trainRows; i++) for (int j = 0; j < dim; j++) xte[j] += xTr[i * dim + j] * eps[i];
        double[] yTr = new double[trainRows];
        for (int i = 0; i < trainRows; i++) { // X (w° + e) + (I − X Xᵀ) σε
            double s = eps[i];
            for (int j = 0; j < dim; j++) s += xTr[i * dim + j] * (coef[j] - xte[j]);
            yTr[i] = s;
        }
        double[] xVal = new double[valRows * dim];
        for (int i = 0; i < xVal.length; i++) xVal[i] = gaussian(rng);
        double[] yVal = new double[valRows];
        for (int i = 0; i < valRows; i++) {
            double s = noise * gaussian(rng);
            for (int j = 0; j < dim; j++) s += xVal[i * dim + j] * wTrue[j];
            yVal[i] = s;
        }
        return new LeastSquares(dim, xTr, yTr, xVal, yVal, 1.0);
    }

    private static double gaussian(SplittableRandom rng) { // Box–Muller
        double u = 1 - rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
