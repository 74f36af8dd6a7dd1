package org.bilevel4j.smoothing;

/**
 * Several regularizers as the separately weighted terms of one: ψ = Σ_r Σ_k c_{r,k} ψ_{r,k}, the coefficient vector
 * being the concatenation of the parts' coefficients. Gives the sparse group lasso of §3.8's data re-weighting,
 * e^{x_a}‖w‖₁ + e^{x_b} Σ_g ‖w_g‖₂, two hyper-parameters.
 */
public final class Sum implements Regularizer {
    private final Regularizer[] parts;
    private final int terms, dim;

    public Sum(Regularizer... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("a sum of regularizers needs at least one part");
        int t = 0, d = -1;
        for (Regularizer r : parts) {
            t += r.terms();
            if (r.dim() >= 0) {
                if (d >= 0 && d != r.dim()) throw new IllegalArgumentException("regularizers for dimensions " + d + " and " + r.dim() + " cannot be added");
                d = r.dim();
            }
        }
        this.parts = parts.clone();
        this.terms = t;
        this.dim = d;
    }

    @Override public boolean convex() { return java.util.Arrays.stream(parts).allMatch(Regularizer::convex); }

    @Override public String name() {
        StringBuilder b = new StringBuilder();
        for (Regularizer r : parts) b.append(b.length() == 0 ? "" : "+").append(r.name());
        return b.toString();
    }

    @Override public int terms() { return terms; }

    @Override public int dim() { return dim; }

    /** The coefficients of part r. */
    private double[] slice(double[] c, int r) {
        int off = 0;
        for (int i = 0; i < r; i++) off += parts[i].terms();
        return java.util.Arrays.copyOfRange(c, off, off + parts[r].terms());
    }

    @Override public double value(double[] w, double[] c) {
        double s = 0;
        for (int r = 0; r < parts.length; r++) s += parts[r].value(w, slice(c, r));
        return s;
    }

    @Override public double smoothValue(double[] w, double mu, double[] c) {
        double s = 0;
        for (int r = 0; r < parts.length; r++) s += parts[r].smoothValue(w, mu, slice(c, r));
        return s;
    }

    @Override public void addSmoothGradient(double[] w, double mu, double[] c, double[] out) {
        for (int r = 0; r < parts.length; r++) parts[r].addSmoothGradient(w, mu, slice(c, r), out);
    }

    @Override public void addSmoothHvp(double[] w, double mu, double[] c, double[] v, double[] out) {
        for (int r = 0; r < parts.length; r++) parts[r].addSmoothHvp(w, mu, slice(c, r), v, out);
    }
}
