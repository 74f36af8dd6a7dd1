package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Truncated Newton against closed forms: an ill-conditioned quadratic's A⁻¹b, a logistic fit's zero gradient, its pass budget and its stop at round-off. */
class NewtonCgTest {
    /** f(w) = ½ wᵀ A w − bᵀ w with A = Q diag(λ) Qᵀ, λ log-spaced from 1 down to 1e-4 (κ = 10⁴), Q a product of Householder reflections. */
    private static final int N = 40;
    private static final double[][] A = new double[N][N];
    private static final double[] B = new double[N];

    static {
        SplittableRandom r = new SplittableRandom(3);
        double[][] q = new double[N][N];
        for (int i = 0; i < N; i++) q[i][i] = 1;
        for (int h = 0; h < 3; h++) { // Q ← Q (I − 2 u uᵀ)
            double[] u = new double[N];
            double nn = 0;
            for (int i = 0; i < N; i++) nn += (u[i] = r.nextGaussian()) * u[i];
            for (int i = 0; i < N; i++) u[i] /= Math.sqrt(nn);
            for (int i = 0; i < N; i++) {
                double s = 0;
                for (int k = 0; k < N; k++) s += q[i][k] * u[k];
                for (int k = 0; k < N; k++) q[i][k] -= 2 * s * u[k];
            }
        }
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                for (int k = 0; k < N; k++) A[i][j] += q[i][k] * Math.pow(1e-4, k / (N - 1.0)) * q[j][k];
        for (int i = 0; i < N; i++) B[i] = r.nextGaussian();
    }

    private static double quadratic(double[] w, double[] g) {
        double v = 0;
        for (int i = 0; i < N; i++) {
            double aw = 0;
            for (int j = 0; j < N; j++) aw += A[i][j] * w[j];
            g[i] = aw - B[i];
            v += 0.5 * w[i] * aw - B[i] * w[i];
        }
        return v;
    }

    private static void quadraticHvp(double[] w, double[] v, double[] out) {
        for (int i = 0; i < N; i++) {
            out[i] = 0;
            for (int j = 0; j < N; j++) out[i] += A[i][j] * v[j];
        }
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double x : a) s += x * x;
        return Math.sqrt(s);
    }

    @Test void solvesAnIllConditionedQuadraticWhereAcceleratedGradientCannotInTheSamePasses() {
        double[] w = new double[N];
        int passes = NewtonCg.minimize(NewtonCgTest::quadratic, NewtonCgTest::quadraticHvp, w, 1000, 1e-10);
        double[] g = new double[N];
        quadratic(w, g);
        assertTrue(norm(g) <= 1e-10, "gradient " + norm(g));
        // A w = b: the residual is the gradient; the error is at most ‖g‖ / λ_min = 1e-6
        double[] r = new double[N];
        quadraticHvp(null, w, r);
        for (int i = 0; i < N; i++) assertEquals(B[i], r[i], 1e-9);
        assertTrue(passes < 1000, passes + " passes"); // accelerated gradient needs about √κ log(1/ε), over 2000
        double[] agd = new double[N];
        AcceleratedGradient.minimize(NewtonCgTest::quadratic, agd, 1, passes, 1e-10);
        quadratic(agd, g);
        assertTrue(norm(g) > 1e-6, "accelerated gradient in " + passes + " passes: gradient " + norm(g));
    }

    /** Binary logistic regression with a ridge: converges to a zero gradient from far away (t < 1 needed) and respects the pass budget. */
    @Test void fitsALogisticRegressionAndKeepsToItsBudget() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 200, d = 5;
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i][j] = r.nextGaussian();
            y[i] = x[i][0] - 2 * x[i][1] + 0.5 * r.nextGaussian() > 0 ? 1 : 0;
        }
        double lambda = 1e-3;
        AcceleratedGradient.Objective f = (w, g) -> {
            double v = 0;
            for (int j = 0; j < d; j++) g[j] = lambda * w[j];
            for (int i = 0; i < n; i++) {
                double z = 0;
                for (int j = 0; j < d; j++) z += x[i][j] * w[j];
                double p = 1 / (1 + Math.exp(-z));
                v += (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y[i] * z) / n;
                for (int j = 0; j < d; j++) g[j] += (p - y[i]) * x[i][j] / n;
            }
            for (int j = 0; j < d; j++) v += 0.5 * lambda * w[j] * w[j];
            return v;
        };
        NewtonCg.Hessian h = (w, v, out) -> {
            for (int j = 0; j < d; j++) out[j] = lambda * v[j];
            for (int i = 0; i < n; i++) {
                double z = 0, xv = 0;
                for (int j = 0; j < d; j++) {
                    z += x[i][j] * w[j];
                    xv += x[i][j] * v[j];
                }
                double p = 1 / (1 + Math.exp(-z));
                for (int j = 0; j < d; j++) out[j] += p * (1 - p) * xv * x[i][j] / n;
            }
        };
        double[] w = {40, -40, 40, -40, 40}; // far out: the full Newton step overshoots, backtracking is needed
        int passes = NewtonCg.minimize(f, h, w, 500, 1e-12);
        double[] g = new double[d];
        f.valueGrad(w, g);
        assertTrue(norm(g) <= 1e-12, "gradient " + norm(g) + " after " + passes + " passes");
        assertTrue(w[0] > 0 && w[1] < 0, java.util.Arrays.toString(w));
        double[] start = {40, -40, 40, -40, 40};
        assertEquals(3, NewtonCg.minimize(f, h, start, 3, 1e-12), "a budget of 3 passes is 3 passes");
    }

    /**
     * Values with round-off noise (1e-9 relative, moving with w) hide the last decreases from Armijo's test, where the
     * solve stopped at ‖∇f‖ = 1.3e-6; full steps that halve the exact gradient still reach 1e-10.
     */
    @Test void reachesTheToleranceWhenTheValuesAreAtTheirRoundOff() {
        AcceleratedGradient.Objective noisy = (w, g) -> {
            double v = quadratic(w, g);
            long bits = java.util.Arrays.hashCode(w) * 0x9E3779B97F4A7C15L;
            return v + 1e-9 * Math.abs(v) * ((bits >>> 11) * 0x1p-53 - 0.5);
        };
        double[] w = new double[N];
        int passes = NewtonCg.minimize(noisy, NewtonCgTest::quadraticHvp, w, 5000, 1e-10);
        double[] g = new double[N];
        quadratic(w, g);
        assertTrue(norm(g) <= 1e-10, "gradient " + norm(g) + " after " + passes + " passes");
    }

    /**
     * A = D^½ C D^½ with C well conditioned (1 on the diagonal, 0.2 off it for neighbours) and D spanning 1e-6 to 1, as the
     * curvatures of rare features and of tiny decays do: Jacobi preconditioning (m = diag A) solves it in a few dozen
     * products where plain CG needs hundreds; both reach A⁻¹b.
     */
    @Test void aDiagonalPreconditionerSolvesBadlyScaledCurvatureInFewPasses() {
        int n = 60;
        double[] dd = new double[n], b = new double[n];
        for (int i = 0; i < n; i++) {
            dd[i] = Math.pow(1e-6, (i * 7 % n) / (n - 1.0));
            b[i] = Math.sqrt(dd[i]) * (1 + i % 3);
        }
        NewtonCg.Hessian h = (w, v, out) -> {
            for (int i = 0; i < n; i++) {
                double c = v[i] * Math.sqrt(dd[i]);
                if (i > 0) c += 0.2 * v[i - 1] * Math.sqrt(dd[i - 1]);
                if (i < n - 1) c += 0.2 * v[i + 1] * Math.sqrt(dd[i + 1]);
                out[i] = Math.sqrt(dd[i]) * c;
            }
        };
        AcceleratedGradient.Objective f = (w, g) -> {
            h.hvp(w, w, g);
            double v = 0;
            for (int i = 0; i < n; i++) {
                v += 0.5 * w[i] * g[i] - b[i] * w[i];
                g[i] -= b[i];
            }
            return v;
        };
        double[] plain = new double[n], pre = new double[n];
        int plainPasses = NewtonCg.minimize(f, h, null, plain, 5000, 1e-12);
        int prePasses = NewtonCg.minimize(f, h, dd.clone(), pre, 5000, 1e-12);
        double[] g = new double[n];
        f.valueGrad(pre, g);
        assertTrue(norm(g) <= 1e-12, "preconditioned: gradient " + norm(g));
        for (int i = 0; i < n; i++) assertEquals(plain[i], pre[i], 1e-5 * (1 + Math.abs(plain[i])), "w_" + i);
        assertTrue(prePasses < 60 && plainPasses > 3 * prePasses, prePasses + " passes preconditioned, " + plainPasses + " plain");
    }
}
