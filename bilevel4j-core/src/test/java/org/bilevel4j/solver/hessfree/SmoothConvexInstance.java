package org.bilevel4j.solver.hessfree;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * A smooth non-quadratic test instance, x ∈ R², y ∈ R³, with G convex in y (so the barrier's domain is convex and
 * the y-problem of (13) has a unique minimiser) and F strongly convex in y:
 * <pre>
 *   G(x,y) = Σ_j softplus(P_j·y + Q_j·x) + ½ e^{0.3 x_0} ‖y‖²
 *   F(x,y) = ½‖y − t‖² + 0.1 Σ_i cos y_i + x_0 y_1 + sin(x_1) y_2 + 0.1 ‖x‖²
 * </pre>
 */
final class SmoothConvexInstance implements BilevelProblem {
    static final double[][] P = {{1.0, -0.5, 0.3}, {0.2, 0.8, -1.1}, {-0.7, 0.4, 0.9}, {0.5, 0.5, 0.5}};
    static final double[][] Q = {{0.6, -0.2}, {-0.3, 0.9}, {1.2, 0.1}, {0.0, -0.8}};
    static final double[] T = {0.5, -1.0, 2.0};

    @Override public String name() { return "smooth-convex"; }
    @Override public int dimX() { return 2; }
    @Override public int dimY() { return 3; }

    static double s(double[] x, double[] y, int j) { return P[j][0] * y[0] + P[j][1] * y[1] + P[j][2] * y[2] + Q[j][0] * x[0] + Q[j][1] * x[1]; }

    static double softplus(double v) { return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v)); }

    static double logistic(double v) { return 1 / (1 + Math.exp(-v)); }

    @Override public double innerValue(Vec xv, Vec yv) {
        double[] x = Vec.array(xv), y = Vec.array(yv);
        double v = 0.5 * Math.exp(0.3 * x[0]) * yv.normSquared();
        for (int j = 0; j < P.length; j++) v += softplus(s(x, y, j));
        return v;
    }

    @Override public Vec innerGradY(Vec xv, Vec yv) {
        double[] x = Vec.array(xv), y = Vec.array(yv), g = new double[3];
        double e = Math.exp(0.3 * x[0]);
        for (int i = 0; i < 3; i++) g[i] = e * y[i];
        for (int j = 0; j < P.length; j++) {
            double w = logistic(s(x, y, j));
            for (int i = 0; i < 3; i++) g[i] += w * P[j][i];
        }
        return Vec.of(g);
    }

    @Override public Vec innerGradX(Vec xv, Vec yv) {
        double[] x = Vec.array(xv), y = Vec.array(yv), g = new double[2];
        g[0] = 0.15 * Math.exp(0.3 * x[0]) * yv.normSquared();
        for (int j = 0; j < P.length; j++) {
            double w = logistic(s(x, y, j));
            g[0] += w * Q[j][0];
            g[1] += w * Q[j][1];
        }
        return Vec.of(g);
    }

    @Override public double outerValue(Vec xv, Vec yv) {
        double[] x = Vec.array(xv), y = Vec.array(yv);
        double v = 0.1 * (x[0] * x[0] + x[1] * x[1]) + x[0] * y[1] + Math.sin(x[1]) * y[2];
        for (int i = 0; i < 3; i++) v += 0.5 * (y[i] - T[i]) * (y[i] - T[i]) + 0.1 * Math.cos(y[i]);
        return v;
    }

    @Override public Vec outerGradY(Vec xv, Vec yv) {
        double[] x = Vec.array(xv), y = Vec.array(yv), g = new double[3];
        for (int i = 0; i < 3; i++) g[i] = y[i] - T[i] - 0.1 * Math.sin(y[i]);
        g[1] += x[0];
        g[2] += Math.sin(x[1]);
        return Vec.of(g);
    }

    @Override public Vec outerGradX(Vec xv, Vec yv) {
        double[] x = Vec.array(xv), y = Vec.array(yv);
        return Vec.of(0.2 * x[0] + y[1], 0.2 * x[1] + Math.cos(x[1]) * y[2]);
    }
}
