package org.bilevel4j.smoothing;

/**
 * ψ(w) = ‖w‖₁ = Σ|w_i|, smoothed as ψ̃(w, μ) = Σ √(w_i² + μ²) (ALGORITHMS.md §3.2; 0 ≤ ψ̃ − ψ ≤ dμ).
 * ∇ψ̃_i = w_i / s_i, ∇²ψ̃ = diag(μ² / s_i³), s_i = √(w_i² + μ²).
 */
public final class L1 implements Regularizer {
    @Override public boolean convex() { return true; } // √(w² + μ²)

    @Override public String name() { return "l1"; }

    @Override public double value(double[] w, double[] c) {
        double s = 0;
        for (double wi : w) s += Math.abs(wi);
        return c[0] * s;
    }

    @Override public double smoothValue(double[] w, double mu, double[] c) {
        Regularizer.requireMu(mu);
        double s = 0;
        for (double wi : w) s += Math.sqrt(wi * wi + mu * mu);
        return c[0] * s;
    }

    @Override public void addSmoothGradient(double[] w, double mu, double[] c, double[] out) {
        Regularizer.requireMu(mu);
        for (int i = 0; i < w.length; i++) out[i] += c[0] * w[i] / Math.sqrt(w[i] * w[i] + mu * mu);
    }

    @Override public void addSmoothHvp(double[] w, double mu, double[] c, double[] v, double[] out) {
        Regularizer.requireMu(mu);
        double mu2 = mu * mu;
        for (int i = 0; i < w.length; i++) {
            double s = Math.sqrt(w[i] * w[i] + mu * mu);
            out[i] += c[0] * mu2 / (s * s * s) * v[i];
        }
    }
}
