package org.bilevel4j.tasks.nonsmooth;

import org.bilevel4j.model.LogisticModel;

/**
 * Per-sample weights e^{x_i} normalized as a mean (ALGORITHMS.md §3.8 data re-weighting with §3.2 note a's
 * normalization): ω_i = n π_i, π = softmax(x), so that the full-data loss is Σ_i e^{x_i} ℓ_i / Σ_l e^{x_l}. On a row
 * batch B (S, and so π, always over all n samples, which keeps the batch loss unbiased):
 * <pre>
 *   G(x, w) = (1/|B|) Σ_{i∈B} ω_i ℓ_i(w)
 *   ∂G/∂x_l = (1/|B|) Σ_{i∈B, i=l} ω_l ℓ_l − π_l G                      (∂ω_i/∂x_l = ω_i (δ_il − π_l))
 *   ∇²_xw G · v: the same with ℓ_i replaced by ⟨∇ℓ_i, v⟩
 *   ∇²_wx G · u = (1/|B|) Σ_{i∈B} ω_i (u_i − πᵀu) ∇ℓ_i
 * </pre>
 */
final class ExpSampleWeights {
    private final LogisticModel model;

    ExpSampleWeights(LogisticModel model) { this.model = model; }

    /** π = softmax(x), computed stably. */
    double[] pi(double[] x) {
        if (x.length != model.samples())
            throw new IllegalArgumentException("sample-weight vector has length " + x.length + " but the data has " + model.samples() + " rows");
        double m = Double.NEGATIVE_INFINITY, s = 0;
        for (double t : x) m = Math.max(m, t);
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) s += p[i] = Math.exp(x[i] - m);
        for (int i = 0; i < x.length; i++) p[i] /= s;
        return p;
    }

    /** ω = n π. */
    double[] omega(double[] x) {
        double[] p = pi(x);
        for (int i = 0; i < p.length; i++) p[i] *= p.length;
        return p;
    }

    double value(double[] x, double[] w, int[] rows) { return model.value(w, rows, omega(x)); }

    double valueGradW(double[] x, double[] w, int[] rows, double[] g) { return model.valueGrad(w, rows, omega(x), g); }

    void hvp(double[] x, double[] w, int[] rows, double[] v, double[] out) { model.hvp(w, rows, omega(x), v, out); }

    double[] gradX(double[] x, double[] w, int[] rows) {
        double[] per = new double[model.samples()];
        model.sampleLosses(w, rows, per);
        return weighted(x, rows, per);
    }

    double[] crossXY(double[] x, double[] w, int[] rows, double[] v) {
        double[] per = new double[model.samples()];
        model.sampleGradDots(w, rows, v, per);
        return weighted(x, rows, per);
    }

    void crossYX(double[] x, double[] w, int[] rows, double[] u, double[] out) {
        double[] p = pi(x);
        if (u.length != p.length) throw new IllegalArgumentException("direction has length " + u.length + " but the data has " + p.length + " rows");
        double pu = 0;
        for (int i = 0; i < p.length; i++) pu += p[i] * u[i];
        double[] sw = new double[p.length];
        for (int i = 0; i < p.length; i++) sw[i] = p.length * p[i] * (u[i] - pu);
        model.valueGrad(w, rows, sw, out);
    }

    /** out_l = (1/|B|) Σ_{i∈B, i=l} ω_l a_l − π_l (1/|B|) Σ_{i∈B} ω_i a_i. */
    private double[] weighted(double[] x, int[] rows, double[] a) {
        double[] p = pi(x), out = new double[p.length];
        int n = p.length, count = rows == null ? n : rows.length;
        double total = 0;
        if (rows == null) for (int i = 0; i < n; i++) { out[i] = n * p[i] * a[i] / count; total += out[i]; }
        else for (int i : rows) { double t = n * p[i] * a[i] / count; out[i] += t; total += t; }
        for (int l = 0; l < n; l++) out[l] -= p[l] * total;
        return out;
    }
}
