package org.bilevel4j.data;

/**
 * Per-feature standardization fitted on one set (the training set) and applied to others: dense features
 * become (x − mean) / std; sparse (CSR) features are only divided by std, as scikit-learn's
 * StandardScaler(with_mean=False), since centering would fill them in. std is the population standard deviation;
 * a constant feature keeps scale 1.
 */
public record Standardizer(double[] mean, double[] scale, boolean center) {
    public static Standardizer fit(Features x) {
        int n = x.rows(), d = x.cols();
        double[] sum = new double[d], sq = new double[d];
        if (x instanceof DenseMatrix m) {
            float[] v = m.values();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) sum[j] += v[i * d + j];
            for (int j = 0; j < d; j++) sum[j] /= Math.max(n, 1);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) { double t = v[i * d + j] - sum[j]; sq[j] += t * t; }
        } else {
            CsrMatrix m = (CsrMatrix) x;
            int[] nz = new int[d];
            for (int k = 0; k < m.nnz(); k++) { sum[m.colIdx()[k]] += m.values()[k]; nz[m.colIdx()[k]]++; }
            for (int j = 0; j < d; j++) sum[j] /= Math.max(n, 1);
            for (int k = 0; k < m.nnz(); k++) { double t = m.values()[k] - sum[m.colIdx()[k]]; sq[m.colIdx()[k]] += t * t; }
            for (int j = 0; j < d; j++) sq[j] += (double) (n - nz[j]) * sum[j] * sum[j]; // the implicit zeros
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(sq[j] / Math.max(n, 1));
            scale[j] = s > 1e-12 * (1 + Math.abs(sum[j])) ? s : 1.0;
        }
        boolean dense = x instanceof DenseMatrix;
        return new Standardizer(dense ? sum : new double[d], scale, dense);
    }

    /** A new matrix with the fitted transform applied. */
    public Features apply(Features x) {
        if (x.cols() != scale.length) throw new IllegalArgumentException("fitted on " + scale.length + " features, got " + x.cols());
        if (x instanceof DenseMatrix m) {
            int d = m.cols();
            float[] v = m.values().clone();
            for (int i = 0; i < m.rows(); i++)
                for (int j = 0; j < d; j++) v[i * d + j] = (float) ((v[i * d + j] - (center ? mean[j] : 0)) / scale[j]);
            return new DenseMatrix(m.rows(), d, v);
        }
        CsrMatrix m = (CsrMatrix) x;
        float[] v = m.values().clone();
        for (int k = 0; k < v.length; k++) v[k] = (float) (v[k] / scale[m.colIdx()[k]]);
        return new CsrMatrix(m.rows(), m.cols(), m.rowPtr(), m.colIdx(), v);
    }

    /** The data with standardized features (labels and targets kept). */
    public LabeledData apply(LabeledData data) {
        return new LabeledData(apply(data.x()), data.labels(), data.numClasses(), data.targets());
    }
}
