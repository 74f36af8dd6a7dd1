package org.bilevel4j.model;

/**
 * Per-feature weight decay R(x, w) = ½ Σ_j e^{x_j} ‖w_j‖², w_j = (w[c·stride + j])_c the parameters of feature j
 * across the outputs of a {@link LogisticModel} (the bias is not decayed), with every derivative the bilevel
 * oracles need (ALGORITHMS.md §2.7, "logistic regression with per-feature weight decay"):
 * <pre>
 *   ∇_w R = e^{x_j} w_cj          ∇²_ww R · v = e^{x_j} v_cj          ∇_x R = ½ e^{x_j} ‖w_j‖²
 *   (∇²_xw R · v)_j = e^{x_j} ⟨w_j, v_j⟩                               (∇²_wx R · u)_cj = e^{x_j} u_j w_cj
 * </pre>
 * {@link Per} says which parameters share a decay: one per feature j (above), one per parameter w_cj (benchopt's covtype
 * until 2023, "n_reg=full": d·m hyper-parameters), or one per output c (benchopt's covtype since 2024: ½ Σ_c e^{x_c}
 * ‖w_c‖², m of them); the bias is never decayed, and the formulas are the same with j read as the group of w_cj.
 */
public final class FeatureDecay {
    private final int d, m, stride;
    private final Per per;

    /** Which parameters share one decay. */
    public enum Per { FEATURE, PARAMETER, OUTPUT }

    /** One decay per feature. */
    public FeatureDecay(LogisticModel model) { this(model, Per.FEATURE); }

    public FeatureDecay(LogisticModel model, Per per) {
        this.d = model.features();
        this.m = model.outputs();
        this.stride = model.stride();
        this.per = per;
    }

    /** The number of hyper-parameters: d per feature, d·m per parameter, m per output. */
    public int dim() { return per == Per.FEATURE ? d : per == Per.PARAMETER ? d * m : m; }

    public Per per() { return per; }

    /** The hyper-parameter of parameter w_cj. */
    private int k(int c, int j) { return per == Per.FEATURE ? j : per == Per.PARAMETER ? c * d + j : c; }

    public double value(double[] x, double[] w) {
        double s = 0;
        for (int c = 0; c < m; c++)
            for (int j = 0; j < d; j++) s += Math.exp(x[k(c, j)]) * w[c * stride + j] * w[c * stride + j];
        return 0.5 * s;
    }

    /** g += ∇_w R. */
    public void addGradW(double[] x, double[] w, double[] g) { addScaled(x, w, g); }

    /** out += ∇²_ww R · v. */
    public void addHvp(double[] x, double[] v, double[] out) { addScaled(x, v, out); }

    private void addScaled(double[] x, double[] a, double[] out) {
        for (int c = 0; c < m; c++)
            for (int j = 0; j < d; j++) out[c * stride + j] += Math.exp(x[k(c, j)]) * a[c * stride + j];
    }

    /** ∇_x R, a new array of length {@link #dim}. */
    public double[] gradX(double[] x, double[] w) { return crossXY(x, w, w, 0.5); }

    /** ∇²_xw R · v (v in w-space), a new array of length {@link #dim}. */
    public double[] crossXY(double[] x, double[] w, double[] v) { return crossXY(x, w, v, 1); }

    private double[] crossXY(double[] x, double[] w, double[] v, double scale) {
        double[] out = new double[dim()];
        for (int c = 0; c < m; c++)
            for (int j = 0; j < d; j++) out[k(c, j)] += w[c * stride + j] * v[c * stride + j];
        for (int i = 0; i < out.length; i++) out[i] *= scale * Math.exp(x[i]);
        return out;
    }

    /** out += ∇²_wx R · u (u in x-space). */
    public void addCrossYX(double[] x, double[] w, double[] u, double[] out) {
        for (int c = 0; c < m; c++)
            for (int j = 0; j < d; j++) {
                int i = k(c, j);
                out[c * stride + j] += Math.exp(x[i]) * u[i] * w[c * stride + j];
            }
    }
}
