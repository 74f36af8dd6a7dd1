package org.bilevel4j.problems.sparse;

import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.Sklearn;
import org.bilevel4j.data.Splits;
import org.bilevel4j.data.Standardizer;

/**
 * Least squares on real data for sparse-regression: scikit-learn's diabetes (its disease-progression target) or breast
 * cancer (the 0/1 label as a regression target), or the user's own LIBSVM file (its labels as targets), split
 * train/validation/test (40/40/20 as in §3.8, seeded) unless files give the parts, features standardized and the
 * target centred and scaled by the training set's mean and standard deviation (no intercept is fitted, so centring
 * stands in for one). Inner G₀ = (1/2n_tr) Σ (x_iᵀw − y_i)², a mean. The rows are stored dense (with d × d Gram
 * matrices): a file too wide or too long for the heap is refused before anything is densified.
 */
public record RealData(LeastSquares problem, double[] xTest, double[] yTest) {
    /** @param set "diabetes" or "breast-cancer"; sklearn is fetched on first use and verified ({@link Datasets#load}). */
    public static RealData load(String set, long seed) {
        LabeledData all = Datasets.load("sklearn", System.err, dir -> Sklearn.load(dir, set.equals("breast-cancer") ? "breast_cancer" : set));
        double[] target = all.targets() != null ? all.targets() : toDouble(all.labels());
        LabeledData[] parts = split(LabeledData.regression(all.x(), target), seed, true);
        return of(parts[0], parts[1], parts[2]);
    }

    /**
     * The user's LIBSVM files (plain or gzip): {@code file} alone is split 40/40/20; with {@code valFile} it is the
     * training part and valFile the validation part; a {@code testFile} is the test part (then a lone file is split
     * 50/50). Without a test part there is no testMse. {@code features}: 0 for the training file's largest index.
     */
    public static RealData libsvm(java.nio.file.Path file, java.nio.file.Path valFile, java.nio.file.Path testFile, int features, long seed) {
        org.bilevel4j.data.LibSvm.Data train = org.bilevel4j.data.LibSvm.readUserFile(file, features, "file");
        int d = train.x().cols();
        org.bilevel4j.data.LibSvm.Data val = valFile == null ? null : org.bilevel4j.data.LibSvm.readUserFile(valFile, d, "valFile");
        org.bilevel4j.data.LibSvm.Data test = testFile == null ? null : org.bilevel4j.data.LibSvm.readUserFile(testFile, d, "testFile");
        long rows = (long) train.y().length + (val == null ? 0 : val.y().length) + (test == null ? 0 : test.y().length);
        String what = "sparse-regression on " + file + " (" + rows + " rows × " + d + " features, stored dense, with two " + d + " × " + d + " Gram matrices)";
        org.bilevel4j.vec.Heap.entries(what, rows, d);
        org.bilevel4j.vec.Heap.entries(what, d, d);
        org.bilevel4j.vec.Heap.require(what, 16.0 * rows * d + 16.0 * d * d);
        LabeledData all = org.bilevel4j.data.LibSvm.regression(train).dense();
        if (val == null) {
            LabeledData[] parts = split(all, seed, test == null);
            return of(parts[0], parts[1], test == null ? parts[2] : org.bilevel4j.data.LibSvm.regression(test).dense());
        }
        return of(all, org.bilevel4j.data.LibSvm.regression(val).dense(), test == null ? null : org.bilevel4j.data.LibSvm.regression(test).dense());
    }

    /** Seeded parts: 40/40/20 train / validation / test, or 50/50 train / validation (third part null) without a test part. */
    private static LabeledData[] split(LabeledData all, long seed, boolean withTest) {
        int n = all.size();
        if (n < (withTest ? 3 : 2))
            throw new IllegalArgumentException("sparse-regression needs at least " + (withTest ? 3 : 2) + " rows to split into train, validation"
                    + (withTest ? " and test" : "") + " parts; the data have " + n);
        int nTr = withTest ? Math.max(1, (int) Math.round(0.4 * n)) : n / 2, nVal = withTest ? Math.max(1, (int) Math.round(0.4 * n)) : n - n / 2;
        if (withTest && nTr + nVal >= n) nVal = n - nTr - 1;
        int[][] parts = withTest ? Splits.random(n, seed, nTr, nVal, n - nTr - nVal) : Splits.random(n, seed, nTr, nVal);
        return new LabeledData[] {all.subset(parts[0]), all.subset(parts[1]), withTest ? all.subset(parts[2]) : null};
    }

    /** Standardized and centred by the training part (te may be null: no test rows). */
    private static RealData of(LabeledData tr, LabeledData val, LabeledData te) {
        Standardizer st = Standardizer.fit(tr.x());
        double[] ty = tr.targets();
        double mean = 0, sq = 0;
        for (double t : ty) mean += t / ty.length;
        for (double t : ty) sq += (t - mean) * (t - mean) / ty.length;
        double sd = sq > 0 ? Math.sqrt(sq) : 1;
        LabeledData trS = scaled(st.apply(tr), mean, sd), valS = scaled(st.apply(val), mean, sd);
        LeastSquares ls = LeastSquares.of(trS, valS, 1.0 / trS.size());
        if (te == null) return new RealData(ls, null, null);
        LabeledData teS = scaled(st.apply(te), mean, sd);
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
