package org.bilevel4j.smoothing;

/**
 * The terms of a regularizer with fixed relative coefficients a_k, as a single term: ψ = Σ_k a_k ψ_k. Gives
 * OSCAR one hyper-parameter (ψ = ‖w‖₁ + r Σ max) instead of two.
 */
public final class Tied implements Regularizer {
    private final Regularizer base;
    private final double[] a;

    public Tied(Regularizer base, double[] coefficients) {
        if (coefficients.length != base.terms())
            throw new IllegalArgumentException(base.name() + " has " + base.terms() + " terms but " + coefficients.length + " coefficients were given");
        this.base = base;
        this.a = coefficients.clone();
    }

    private double[] scaled(double[] c) {
        double[] s = a.clone();
        for (int k = 0; k < s.length; k++) s[k] *= c[0];
        return s;
    }

    @Override public String name() { return base.name() + java.util.Arrays.toString(a); }
    @Override public int dim() { return base.dim(); }
    @Override public boolean convex() { return base.convex() && java.util.Arrays.stream(a).allMatch(v -> v >= 0); }
    @Override public double value(double[] w, double[] c) { return base.value(w, scaled(c)); }
    @Override public double smoothValue(double[] w, double mu, double[] c) { return base.smoothValue(w, mu, scaled(c)); }
    @Override public void addSmoothGradient(double[] w, double mu, double[] c, double[] out) { base.addSmoothGradient(w, mu, scaled(c), out); }
    @Override public void addSmoothHvp(double[] w, double mu, double[] c, double[] v, double[] out) { base.addSmoothHvp(w, mu, scaled(c), v, out); }
}
