package org.bilevel4j.model;

/**
 * Per-feature weight decay R(x, w) = ½ Σ_j e^{x_j} ‖w_j‖², w_j = (w[c·stride + j])_c the parameters of feature j
 * across the outputs of a {@link LogisticModel} (the bias is not decayed), with every derivative the bilevel
 * oracles need (ALGORITHMS.md §2.7, "logistic regression with per-feature weight decay"):
 * <pre>
 *   ∇_w R = e^{x_j} w_cj          ∇²_ww R · v = e^{x_j} v_cj          ∇_x R = ½ e^{x_j} ‖w_j‖²
 *   (∇²_xw R · v)_j = e^{x_j} ⟨w_j, v_j⟩                               (∇²_wx R · u)_cj = e^{x_j} u_j w_cj
 * </pre>
 */
public final class FeatureDecay {
    private final int d, m, stride;

    public FeatureDecay(LogisticModel model) {
        this.d = model.features();
        this.m = model.outputs();
        this.stride = model.stride();
    }

    /** The number of hyper-parameters (features). */
    public int dim() { return d; }

    public double value(double[] x, double[] w) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double sq = 0;
            for (int c = 0; c < m; c++) sq += w[c * stride + j] * w[c * stride + j];
            s += Math.exp(x[j]) * sq;
        }
        return 0.5 * s;
    }

    /** g += ∇_w R. */
    public void addGradW(double[] x, double[] w, double[] g) { addScaled(x, w, g); }

    /** out += ∇²_ww R · v. */
    public void addHvp(double[] x, double[] v, double[] out) { addScaled(x, v, out); }

    private void addScaled(double[] x, double[] a, double[] out) {
        for (int j = 0; j < d; j++) {
            double e = Math.exp(x[j]);
            for (int c = 0; c < m; c++) out[c * stride + j] += e * a[c * stride + j];
        }
    }

    /** ∇_x R, a new array of length d. */
    public double[] gradX(double[] x, double[] w) { return crossXY(x, w, w, 0.5); }

    /** ∇²_xw R · v (v in w-space), a new array of length d. */
    public double[] crossXY(double[] x, double[] w, double[] v) { return crossXY(x, w, v, 1); }

    private double[] crossXY(double[] x, double[] w, double[] v, double scale) {
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int c = 0; c < m; c++) s += w[c * stride + j] * v[c * stride + j];
            out[j] = scale * Math.exp(x[j]) * s;
        }
        return out;
    }

    /** out += ∇²_wx R · u (u in x-space). */
    public void addCrossYX(double[] x, double[] w, double[] u, double[] out) {
        for (int j = 0; j < d; j++) {
            double e = Math.exp(x[j]) * u[j];
            for (int c = 0; c < m; c++) out[c * stride + j] += e * w[c * stride + j];
        }
    }
}
