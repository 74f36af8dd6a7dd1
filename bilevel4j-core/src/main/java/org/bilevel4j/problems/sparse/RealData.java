package org.bilevel4j.problems.sparse;

import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.Sklearn;
import org.bilevel4j.data.Splits;
import org.bilevel4j.data.Standardizer;

/**
 * Least squares on scikit-learn data for sparse-regression: diabetes (its disease-progression target) or breast
 * cancer (the 0/1 label as a regression target), split train/validation/test (40/40/20 as in §3.8, seeded),
 * features standardized and the target centred and scaled by the training set's mean and standard deviation (no
 * intercept is fitted, so centring stands in for one). Inner G₀ = (1/2n_tr) Σ (x_iᵀw − y_i)², a mean.
 */
public record RealData(LeastSquares problem, double[] xTest, double[] yTest) {
    /** @param set "diabetes" or "breast-cancer"; sklearn is fetched on first use and verified ({@link Datasets#load}). */
    public static RealData load(String set, long seed) {
        LabeledData all = Datasets.load("sklearn", System.err, dir -> Sklearn.load(dir, set.equals("breast-cancer") ? "breast_cancer" : set));
        double[] target = all.targets() != null ? all.targets() : toDouble(all.labels());
        int n = all.size(), nTr = (int) Math.round(0.4 * n), nVal = (int) Math.round(0.4 * n);
        int[][] parts = Splits.random(n, seed, nTr, nVal, n - nTr - nVal);
        LabeledData reg = LabeledData.regression(all.x(), target);
        LabeledData tr = reg.subset(parts[0]), val = reg.subset(parts[1]), te = reg.subset(parts[2]);
        Standardizer st = Standardizer.fit(tr.x());
        double[] ty = tr.targets();
        double mean = 0, sq = 0;
        for (double t : ty) mean += t / ty.length;
        for (double t : ty) sq += (t - mean) * (t - mean) / ty.length;
        double sd = sq > 0 ? Math.sqrt(sq) : 1;
        LabeledData trS = scaled(st.apply(tr), mean, sd), valS = scaled(st.apply(val), mean, sd), teS = scaled(st.apply(te), mean, sd);
        LeastSquares ls = LeastSquares.of(trS, valS, 1.0 / trS.size());
        DenseMatrix xt = (DenseMatrix) teS.x();
        return new RealData(ls, toDouble(xt.values()), teS.targets());
    }

    private static LabeledData scaled(LabeledData d, double mean, double sd) {
        double[] y = d.targets().clone();
        for (int i = 0; i < y.length; i++) y[i] = (y[i] - mean) / sd;
        return LabeledData.regression(d.x(), y);
    }

    private static double[] toDouble(int[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }

    private static double[] toDouble(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }

    /** (1/n) Σ (x_iᵀw − y_i)² on the test rows. */
    public static double mse(double[] x, double[] y, double[] w) {
        int d = w.length;
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double r = -y[i];
            for (int j = 0; j < d; j++) r += x[i * d + j] * w[j];
            s += r * r;
        }
        return s / y.length;
    }
}
