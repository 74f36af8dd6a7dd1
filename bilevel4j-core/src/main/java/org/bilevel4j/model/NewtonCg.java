package org.bilevel4j.model;

/**
 * Truncated Newton for smooth, strongly convex training losses (Nocedal and Wright, Numerical Optimization, §7.1):
 * at w, the direction d solves ∇²f(w) d = ∇f(w) by conjugate gradient to the relative residual
 * η = min(1/2, √‖∇f(w)‖) (their forcing term (7.3), superlinear near w*), then w ← w − t d with t halved from 1
 * until Armijo's condition f(w − t d) ≤ f(w) − 10⁻⁴ t ⟨∇f, d⟩ holds; a full step that halves ‖∇f‖ is taken without it,
 * since near w* the values are at their round-off before the gradients are. The accepted trial's gradient is the next
 * iteration's, so a step costs its CG products plus one pass per trial. Trains reference models where accelerated
 * gradient needs √κ log(1/ε) passes: CG exploits the clustered spectrum of a logistic loss's Hessian (on
 * news20.binary-shaped rows with decays e^-10, 1000 accelerated steps ended at ‖∇f‖ = 1e-3; here 46 passes reach 6e-9).
 * The CG is this layer's own (problems sit below the linear solvers, DESIGN.md's layers).
 */
public final class NewtonCg {
    private NewtonCg() {}

    /** out := ∇²f(w) v. */
    @FunctionalInterface
    public interface Hessian { void hvp(double[] w, double[] v, double[] out); }

    /**
     * Minimises f from w (in place) until ‖∇f‖ ≤ tolerance, or until passes over the data (gradients and Hessian
     * products) reach maxPasses, or until no step along d lowers f (round-off); returns the passes made.
     */
    public static int minimize(AcceleratedGradient.Objective f, Hessian h, double[] w, int maxPasses, double tolerance) {
        return minimize(f, h, null, w, maxPasses, tolerance);
    }

    /**
     * The same with CG preconditioned by a positive diagonal m ≈ diag ∇²f (Jacobi; null: none): on sparse rows the
     * curvature of rare features and of features whose decay has gone to e^-20 differs by orders of magnitude.
     */
    public static int minimize(AcceleratedGradient.Objective f, Hessian h, double[] m, double[] w, int maxPasses, double tolerance) {
        int n = w.length, passes = 1;
        double[] g = new double[n], trialG = new double[n], trial = new double[n], d = new double[n], r = new double[n], p = new double[n], hp = new double[n],
                z = new double[n];
        double value = f.valueGrad(w, g);
        while (passes < maxPasses) {
            double gg = dot(g, g);
            if (Math.sqrt(gg) <= tolerance || !Double.isFinite(gg)) return passes;
            // (preconditioned) CG on ∇²f d = g from d = 0, to ‖r‖ ≤ η ‖g‖; z = M⁻¹ r
            double eta = Math.min(0.5, Math.sqrt(Math.sqrt(gg))), rr = gg;
            java.util.Arrays.fill(d, 0);
            System.arraycopy(g, 0, r, 0, n);
            for (int j = 0; j < n; j++) p[j] = m == null ? r[j] : r[j] / m[j];
            double rz = dot(r, p);
            while (rr > eta * eta * gg && passes < maxPasses - 1) {
                h.hvp(w, p, hp);
                passes++;
                double php = dot(p, hp);
                if (!(php > 0)) break; // no positive curvature along p: keep d (or take g below)
                double a = rz / php;
                for (int j = 0; j < n; j++) {
                    d[j] += a * p[j];
                    r[j] -= a * hp[j];
                    z[j] = m == null ? r[j] : r[j] / m[j];
                }
                rr = dot(r, r);
                double rzNew = dot(r, z);
                for (int j = 0; j < n; j++) p[j] = z[j] + rzNew / rz * p[j];
                rz = rzNew;
            }
            double slope = dot(g, d);
            if (!(slope > 0)) { // CG made no step: fall back to the gradient
                System.arraycopy(g, 0, d, 0, n);
                slope = gg;
            }
            // backtracking from the full Newton step
            boolean moved = false;
            for (double t = 1; t > 1e-10 && passes < maxPasses; t /= 2) {
                for (int j = 0; j < n; j++) trial[j] = w[j] - t * d[j];
                double v = f.valueGrad(trial, trialG);
                passes++;
                if (v <= value - 1e-4 * t * slope || t == 1 && dot(trialG, trialG) <= 0.25 * gg) { // or a full step that halves ‖∇f‖ (values may be at round-off)
                    System.arraycopy(trial, 0, w, 0, n);
                    double[] swap = g;
                    g = trialG;
                    trialG = swap;
                    value = v;
                    moved = true;
                    break;
                }
            }
            if (!moved) return passes; // f no longer falls along d: its values are at their round-off
        }
        return passes;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += a[j] * b[j];
        return s;
    }
}
