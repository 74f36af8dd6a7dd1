package org.bilevel4j.smoothing;

/**
 * Group lasso ψ(w) = Σ_g ‖w_g‖₂ over index sets g, smoothed as ψ̃₁(w, μ) = Σ_g √(‖w_g‖² + μ²)
 * (ALGORITHMS.md §3.2; 0 ≤ ψ̃ − ψ ≤ Gμ). With r_g = √(‖w_g‖² + μ²):
 * ∇ψ̃ restricted to g = w_g / r_g,  ∇²ψ̃ v restricted to g = v_g / r_g − w_g (w_gᵀ v_g) / r_g³.
 * Groups may overlap (the terms add); indices outside every group are not penalised.
 */
public final class GroupLasso implements Regularizer {
    private final int dim;
    private final int[][] groups;

    public GroupLasso(int dim, int[][] groups) {
        if (groups.length == 0) throw new IllegalArgumentException("group lasso needs at least one group");
        for (int[] g : groups) {
            if (g.length == 0) throw new IllegalArgumentException("group lasso groups must not be empty");
            for (int i : g) if (i < 0 || i >= dim) throw new IllegalArgumentException("group index " + i + " outside 0.." + (dim - 1));
        }
        this.dim = dim;
        this.groups = groups;
    }

    /** Consecutive groups of {@code size} coordinates (the last one shorter when size does not divide dim). */
    public static GroupLasso consecutive(int dim, int size) {
        if (size < 1) throw new IllegalArgumentException("group size must be >= 1, got " + size);
        int n = (dim + size - 1) / size;
        int[][] g = new int[n][];
        for (int k = 0; k < n; k++) {
            int lo = k * size, hi = Math.min(dim, lo + size);
            g[k] = new int[hi - lo];
            for (int i = lo; i < hi; i++) g[k][i - lo] = i;
        }
        return new GroupLasso(dim, g);
    }

    /** One group per parameter group of p (a network's layers, {@link org.bilevel4j.problem.BilevelProblem#parameterGroups}). */
    public static GroupLasso byParameterGroups(org.bilevel4j.problem.BilevelProblem p) {
        int[][] g = p.parameterGroups();
        if (g == null) throw new IllegalArgumentException(p.name() + " has no parameter groups (layers) for a group lasso by layer");
        return new GroupLasso(p.dimY(), g);
    }

    public int[][] groups() { return groups; }

    @Override public boolean convex() { return true; } // √(‖w_g‖² + μ²)

    @Override public String name() { return "group-lasso"; }

    @Override public int dim() { return dim; }

    private static double sq(double[] w, int[] g) {
        double s = 0;
        for (int i : g) s += w[i] * w[i];
        return s;
    }

    @Override public double value(double[] w, double[] c) {
        double s = 0;
        for (int[] g : groups) s += Math.sqrt(sq(w, g));
        return c[0] * s;
    }

    @Override public double smoothValue(double[] w, double mu, double[] c) {
        Regularizer.requireMu(mu);
        double s = 0;
        for (int[] g : groups) s += Math.sqrt(sq(w, g) + mu * mu);
        return c[0] * s;
    }

    @Override public void addSmoothGradient(double[] w, double mu, double[] c, double[] out) {
        Regularizer.requireMu(mu);
        for (int[] g : groups) {
            double r = Math.sqrt(sq(w, g) + mu * mu);
            for (int i : g) out[i] += c[0] * w[i] / r;
        }
    }

    @Override public void addSmoothHvp(double[] w, double mu, double[] c, double[] v, double[] out) {
        Regularizer.requireMu(mu);
        for (int[] g : groups) {
            double r = Math.sqrt(sq(w, g) + mu * mu), wv = 0;
            for (int i : g) wv += w[i] * v[i];
            double a = c[0] / r, b = c[0] * wv / (r * r * r);
            for (int i : g) out[i] += a * v[i] - b * w[i];
        }
    }
}
