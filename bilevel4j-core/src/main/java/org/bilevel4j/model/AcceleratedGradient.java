package org.bilevel4j.model;

/**
 * Nesterov's accelerated gradient descent with step 1/L and adaptive restart (O'Donoghue & Candès 2015:
 * momentum is reset when the step goes uphill, ⟨∇f(y_k), w_{k+1} − w_k⟩ > 0). Used to train reference models
 * to convergence; L must bound the curvature (a too-small L is caught by the restart only approximately).
 */
public final class AcceleratedGradient {
    private AcceleratedGradient() {}

    /** f(w), writing ∇f(w) into g. */
    @FunctionalInterface
    public interface Objective { double valueGrad(double[] w, double[] g); }

    /** Minimises f from w (in place) until ‖∇f‖ ≤ tolerance or maxIterations; returns the iterations run. */
    public static int minimize(Objective f, double[] w, double lipschitz, int maxIterations, double tolerance) {
        if (!(lipschitz > 0) || !Double.isFinite(lipschitz)) throw new IllegalArgumentException("step needs a finite L > 0, got " + lipschitz);
        int n = w.length;
        double[] y = w.clone(), g = new double[n], prev = w.clone();
        double t = 1, step = 1 / lipschitz;
        for (int k = 0; k < maxIterations; k++) {
            f.valueGrad(y, g);
            double norm = 0;
            for (double a : g) norm += a * a;
            if (Math.sqrt(norm) <= tolerance) { System.arraycopy(y, 0, w, 0, n); return k; }
            System.arraycopy(w, 0, prev, 0, n);
            double uphill = 0;
            for (int j = 0; j < n; j++) {
                w[j] = y[j] - step * g[j];
                uphill += g[j] * (w[j] - prev[j]);
            }
            if (uphill > 0) { // restart: forget the momentum
                t = 1;
                System.arraycopy(w, 0, y, 0, n);
                continue;
            }
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2, beta = (t - 1) / tNext;
            for (int j = 0; j < n; j++) y[j] = w[j] + beta * (w[j] - prev[j]);
            t = tNext;
        }
        return maxIterations;
    }
}
