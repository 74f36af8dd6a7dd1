package org.bilevel4j.smoothing;

/**
 * A non-smooth regularizer ψ(w) = Σ_k c_k ψ_k(w) with its smoothing function ψ̃(w, μ) (ALGORITHMS.md §3.2,
 * Definition 1): exact value, and value, gradient and Hessian-vector product of ψ̃. Most regularizers have one
 * term; OSCAR has two (ℓ1 and the pairwise max), each weighted by its own hyper-parameter in §3.1's problem.
 * The coefficients c (length {@link #terms()}) are given by the caller, so a wrapper can put e^{x_k} on term k.
 * Smoothed methods need μ > 0.
 */
public interface Regularizer {
    String name();

    /**
     * Whether every smoothed term ψ̃_k(·, μ) is convex in w for every μ > 0 (so Σ_k c_k ψ̃_k is, for c ≥ 0). False
     * unless a regularizer says so: l_p^p with p < 1 is not (its smoothing has a well at 0 of width ~μ).
     */
    default boolean convex() { return false; }

    /** Separately weighted terms ψ_k (1 for most, 2 for OSCAR). */
    default int terms() { return 1; }

    /** The dimension of w this regularizer needs, or -1 when any dimension works. */
    default int dim() { return -1; }

    /** Σ_k c_k ψ_k(w), the exact (non-smooth) value. */
    double value(double[] w, double[] c);

    /** Σ_k c_k ψ̃_k(w, μ). */
    double smoothValue(double[] w, double mu, double[] c);

    /** out += Σ_k c_k ∇ψ̃_k(w, μ). */
    void addSmoothGradient(double[] w, double mu, double[] c, double[] out);

    /** out += Σ_k c_k ∇²ψ̃_k(w, μ) v. */
    void addSmoothHvp(double[] w, double mu, double[] c, double[] v, double[] out);

    // ---- conveniences with every coefficient 1 ----------------------------------------------------------

    default double value(double[] w) { return value(w, ones(terms())); }

    default double smoothValue(double[] w, double mu) { return smoothValue(w, mu, ones(terms())); }

    default double[] smoothGradient(double[] w, double mu) {
        double[] g = new double[w.length];
        addSmoothGradient(w, mu, ones(terms()), g);
        return g;
    }

    default double[] smoothHvp(double[] w, double mu, double[] v) {
        double[] h = new double[w.length];
        addSmoothHvp(w, mu, ones(terms()), v, h);
        return h;
    }

    static double[] ones(int n) {
        double[] c = new double[n];
        java.util.Arrays.fill(c, 1);
        return c;
    }

    /** Throws unless μ > 0 (the smoothing functions are C¹ only for μ > 0). */
    static void requireMu(double mu) {
        if (!(mu > 0) || Double.isInfinite(mu)) throw new IllegalArgumentException("smoothing parameter mu must be > 0 and finite, got " + mu);
    }

    /** The terms of r with fixed relative coefficients, as one term (one hyper-parameter for all). */
    static Regularizer tied(Regularizer r, double... coefficients) { return new Tied(r, coefficients); }
}
