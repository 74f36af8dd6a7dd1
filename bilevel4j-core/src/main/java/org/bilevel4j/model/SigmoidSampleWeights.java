package org.bilevel4j.model;

import java.util.Arrays;

/**
 * A loss with one weight σ(x_i) per training sample (data hyper-cleaning, ALGORITHMS.md §1.10 eq. (31)):
 * <pre>
 *   G(x, w) = (1/|B|) Σ_{i∈B} σ(x_i) ℓ_i(w)
 *   ∂G/∂x_i = σ'(x_i) ℓ_i / |B|            (∇²_xw G · v)_i = σ'(x_i) ⟨∇ℓ_i, v⟩ / |B|      (0 for i ∉ B)
 *   ∇²_wx G · u = (1/|B|) Σ_{i∈B} σ'(x_i) u_i ∇ℓ_i       σ' = σ(1 − σ)
 * </pre>
 * over the rows B of a {@link LogisticModel} (all when null).
 */
public final class SigmoidSampleWeights {
    private final LogisticModel model;

    public SigmoidSampleWeights(LogisticModel model) { this.model = model; }

    public LogisticModel model() { return model; }

    public static double sigmoid(double t) {
        return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    }

    /** The last full σ(x) and the x it came from (a copy): the full passes of one iteration share one x. */
    private record Memo(double[] x, double[] sigma) {}

    private volatile Memo memo;

    /**
     * σ(x_i) for the samples in rows (every sample when null), 0 for the others, which the model does not read: a
     * mini-batch oracle computes |B| sigmoids, not one per sample (on MNIST 20000, more than half of a batch step).
     * The full vector is kept for the next call at the same x. Callers only read the array.
     */
    public double[] weights(double[] x, int[] rows) {
        checkX(x);
        if (rows != null) {
            double[] s = new double[x.length];
            for (int i : rows) s[i] = sigmoid(x[i]);
            return s;
        }
        Memo m = memo;
        if (m != null && Arrays.equals(m.x, x)) return m.sigma;
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) s[i] = sigmoid(x[i]);
        memo = new Memo(x.clone(), s);
        return s;
    }

    /** σ'(x_i) = σ(1 − σ) for the samples in rows (every sample when null), 0 for the others; a new array. */
    public double[] weightSlopes(double[] x, int[] rows) {
        double[] g = weights(x, rows), s = new double[x.length];
        if (rows == null) for (int i = 0; i < s.length; i++) s[i] = g[i] * (1 - g[i]);
        else for (int i : rows) s[i] = g[i] * (1 - g[i]);
        return s;
    }

    public double value(double[] x, double[] w, int[] rows) { return model.value(w, rows, weights(x, rows)); }

    /** Writes ∇_w G into grad and returns G. */
    public double valueGradW(double[] x, double[] w, int[] rows, double[] grad) { return model.valueGrad(w, rows, weights(x, rows), grad); }

    /**
     * G at several points w_k in one sweep (fused oracles): returns G(x, w_k), writes ∇_w G into gradW[k] when it is
     * not null and ℓ_i(w_k) into losses[k] when it is not null (turn them into ∇_x G with {@link #gradXFromLosses}).
     */
    public double[] valuesAt(double[] x, double[][] ws, int[] rows, double[][] gradW, double[][] losses) {
        return model.valuesAt(ws, rows, weights(x, rows), gradW, losses);
    }

    /** ∇_x G from the per-sample losses ℓ_i (i in rows): σ'(x_i) ℓ_i / |B|, a new array. */
    public double[] gradXFromLosses(double[] x, int[] rows, double[] losses) { return scaleBySlopes(x, rows, losses); }

    /** out := ∇²_ww G · v. */
    public void hvp(double[] x, double[] w, int[] rows, double[] v, double[] out) { model.hvp(w, rows, weights(x, rows), v, out); }

    /** ∇_x G, a new array with one entry per sample. */
    public double[] gradX(double[] x, double[] w, int[] rows) {
        double[] out = new double[model.samples()];
        model.sampleLosses(w, rows, out);
        return scaleBySlopes(x, rows, out);
    }

    /** ∇²_xw G · v, a new array with one entry per sample. */
    public double[] crossXY(double[] x, double[] w, int[] rows, double[] v) {
        double[] out = new double[model.samples()];
        model.sampleGradDots(w, rows, v, out);
        return scaleBySlopes(x, rows, out);
    }

    /** out := ∇²_wx G · u (u has one entry per sample). */
    public void crossYX(double[] x, double[] w, int[] rows, double[] u, double[] out) {
        checkX(u);
        double[] s = weightSlopes(x, rows);
        for (int i = 0; i < s.length; i++) s[i] *= u[i]; // read by the model at rows only
        model.valueGrad(w, rows, s, out);
    }

    private double[] scaleBySlopes(double[] x, int[] rows, double[] perSample) {
        double[] s = weightSlopes(x, rows);
        int count = rows == null ? perSample.length : rows.length;
        double[] out = new double[perSample.length];
        if (rows == null) for (int i = 0; i < out.length; i++) out[i] = s[i] * perSample[i] / count;
        else for (int i : rows) out[i] += s[i] * perSample[i] / count; // a repeated index counts twice, as in the loss
        return out;
    }

    private void checkX(double[] x) {
        if (x.length != model.samples())
            throw new IllegalArgumentException("sample-weight vector has length " + x.length + " but the data has " + model.samples() + " rows");
    }
}
