package org.bilevel4j.smoothing;

/**
 * ψ(w) = ‖w‖_p^p = Σ|w_i|^p with 0 < p ≤ 1 (non-Lipschitz at 0 for p < 1), smoothed as
 * ψ̃₂(w, μ) = Σ (w_i² + μ²)^{p/2} (ALGORITHMS.md §3.2 and note b: the p-th power, not the p-"norm").
 * 0 ≤ ψ̃ − ψ ≤ d μ^p (t ↦ t^{p/2} is subadditive). With s_i = w_i² + μ²:
 * ∇ψ̃_i = p w_i s_i^{p/2−1},  ∇²ψ̃ = diag(p s_i^{p/2−2} ((p−1) w_i² + μ²)).
 */
public final class Lp implements Regularizer {
    private final double p;

    public Lp(double p) {
        if (!(p > 0 && p <= 1)) throw new IllegalArgumentException("l_p^p regularizer needs 0 < p <= 1, got " + p);
        this.p = p;
    }

    public double p() { return p; }

    @Override public boolean convex() { return p == 1; } // (w² + μ²)^{p/2} is concave for |w| > μ/√(1 − p)

    @Override public String name() { return "lp(p=" + p + ")"; }

    @Override public double value(double[] w, double[] c) {
        double s = 0;
        for (double wi : w) s += wi == 0 ? 0 : Math.pow(Math.abs(wi), p);
        return c[0] * s;
    }

    @Override public double smoothValue(double[] w, double mu, double[] c) {
        Regularizer.requireMu(mu);
        double s = 0;
        for (double wi : w) s += Math.pow(wi * wi + mu * mu, p / 2);
        return c[0] * s;
    }

    @Override public void addSmoothGradient(double[] w, double mu, double[] c, double[] out) {
        Regularizer.requireMu(mu);
        for (int i = 0; i < w.length; i++) out[i] += c[0] * p * w[i] * Math.pow(w[i] * w[i] + mu * mu, p / 2 - 1);
    }

    @Override public void addSmoothHvp(double[] w, double mu, double[] c, double[] v, double[] out) {
        Regularizer.requireMu(mu);
        double mu2 = mu * mu;
        for (int i = 0; i < w.length; i++) {
            double w2 = w[i] * w[i];
            out[i] += c[0] * p * Math.pow(w2 + mu2, p / 2 - 2) * ((p - 1) * w2 + mu2) * v[i];
        }
    }
}
