package org.bilevel4j.smoothing;

import java.util.Arrays;

/**
 * OSCAR (Bondell and Reich 2008; ALGORITHMS.md §3.2): two terms, ψ₁ = ‖w‖₁ and ψ₂ = Σ_{j<k} max(|w_j|, |w_k|).
 * Smoothing (§3.2 note c): |w_i| is replaced by the C¹ surrogate a_i = √(w_i² + μ²), and
 * max(a, b) = (a + b + |a − b|)/2 exactly, with |a − b| smoothed as √((a − b)² + μ²):
 * <pre>  ψ̃₁ = Σ a_i,   ψ̃₂ = f Σ_{j<k} (a_j + a_k + √((a_j − a_k)² + μ²)),   f = ½ </pre>
 * {@code halve = false} gives the decoded variant without the ½ (f = 1; then ψ₂ is read as 2 Σ max, so that the
 * smoothing still converges to the exact value).
 * Cost: the exact ψ₂ uses the sorted-order formula Σ_i i·|w|_(i) (ascending, 0-based), O(d log d); the smoothed
 * ψ̃₂, its gradient and its Hessian-vector product are naive O(d²) pair loops (the smoothed pair term has no
 * sorted form), meant for moderate d.
 */
public final class Oscar implements Regularizer {
    private final double f;

    public Oscar(boolean halve) { this.f = halve ? 0.5 : 1.0; }

    public Oscar() { this(true); }

    /** a_i = √(w_i² + μ²) is convex, and (a + b + √((a − b)² + μ²)) is convex and nondecreasing in (a, b). */
    @Override public boolean convex() { return true; }

    @Override public String name() { return f == 0.5 ? "oscar" : "oscar-unhalved"; }

    @Override public int terms() { return 2; }

    @Override public double value(double[] w, double[] c) {
        double[] a = new double[w.length];
        double l1 = 0;
        for (int i = 0; i < w.length; i++) { a[i] = Math.abs(w[i]); l1 += a[i]; }
        Arrays.sort(a);
        double pair = 0; // the i-th smallest is the max of i pairs
        for (int i = 0; i < a.length; i++) pair += i * a[i];
        return c[0] * l1 + c[1] * 2 * f * pair;
    }

    @Override public double smoothValue(double[] w, double mu, double[] c) {
        Regularizer.requireMu(mu);
        int d = w.length;
        double[] a = surrogate(w, mu);
        double sum = 0, pair = 0, mu2 = mu * mu;
        for (int j = 0; j < d; j++) {
            sum += a[j];
            for (int k = j + 1; k < d; k++) {
                double u = a[j] - a[k];
                pair += Math.sqrt(u * u + mu2);
            }
        }
        return c[0] * sum + c[1] * f * ((d - 1) * sum + pair);
    }

    /** ∂ψ̃₂/∂a_j = f ((d − 1) + Σ_{k≠j} (a_j − a_k)/r_jk). */
    private double[] pairGradA(double[] a, double mu) {
        int d = a.length;
        double[] g = new double[d];
        double mu2 = mu * mu;
        for (int j = 0; j < d; j++) {
            for (int k = j + 1; k < d; k++) {
                double u = a[j] - a[k], t = u / Math.sqrt(u * u + mu2);
                g[j] += t;
                g[k] -= t;
            }
        }
        for (int j = 0; j < d; j++) g[j] = f * (d - 1 + g[j]);
        return g;
    }

    @Override public void addSmoothGradient(double[] w, double mu, double[] c, double[] out) {
        Regularizer.requireMu(mu);
        double[] a = surrogate(w, mu), ga = pairGradA(a, mu);
        for (int j = 0; j < w.length; j++) out[j] += (c[0] + c[1] * ga[j]) * w[j] / a[j]; // ∂a_j/∂w_j = w_j / a_j
    }

    /**
     * H v = J (∇²_a ψ̃) J v + diag(∂ψ̃/∂a_j · μ²/a_j³) v with J = diag(w_j/a_j), and
     * (∇²_a ψ̃₂ z)_j = f Σ_{k≠j} μ²/r_jk³ (z_j − z_k).
     */
    @Override public void addSmoothHvp(double[] w, double mu, double[] c, double[] v, double[] out) {
        Regularizer.requireMu(mu);
        int d = w.length;
        double[] a = surrogate(w, mu), ga = pairGradA(a, mu), z = new double[d], hz = new double[d];
        double mu2 = mu * mu;
        for (int j = 0; j < d; j++) z[j] = w[j] / a[j] * v[j];
        for (int j = 0; j < d; j++) {
            for (int k = j + 1; k < d; k++) {
                double u = a[j] - a[k], r = Math.sqrt(u * u + mu2), t = mu2 / (r * r * r) * (z[j] - z[k]);
                hz[j] += t;
                hz[k] -= t;
            }
        }
        for (int j = 0; j < d; j++) {
            double curv = mu2 / (a[j] * a[j] * a[j]);
            out[j] += c[1] * f * w[j] / a[j] * hz[j] + (c[0] + c[1] * ga[j]) * curv * v[j];
        }
    }

    private static double[] surrogate(double[] w, double mu) {
        double[] a = new double[w.length];
        for (int i = 0; i < w.length; i++) a[i] = Math.sqrt(w[i] * w[i] + mu * mu);
        return a;
    }
}
