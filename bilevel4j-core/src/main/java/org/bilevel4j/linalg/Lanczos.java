package org.bilevel4j.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bilevel4j.vec.Vec;

/**
 * The extreme eigenvalues of a symmetric operator A by {@code steps} Lanczos iterations with full
 * re-orthogonalization (Golub and Van Loan 10.1): A Q_k = Q_k T_k + β_k q_{k+1} e_kᵀ, then the smallest and
 * largest eigenvalues of the tridiagonal T_k (Ritz values) by Sturm-sequence bisection. Ritz values lie inside
 * [λ_min(A), λ_max(A)] and approach its ends first. One product with A per step.
 */
public final class Lanczos {
    private Lanczos() {}

    /** {smallest, largest} Ritz value after at most {@code steps} steps from the start vector {@code start}. */
    public static double[] extremeEigenvalues(UnaryOperator<Vec> a, Vec start, int steps) {
        List<Vec> q = new ArrayList<>();
        List<Double> alpha = new ArrayList<>(), beta = new ArrayList<>();
        Vec v = start.copy().scale(1 / start.norm());
        for (int k = 0; k < steps; k++) {
            q.add(v);
            Vec w = a.apply(v);
            double al = w.dot(v);
            alpha.add(al);
            for (int pass = 0; pass < 2; pass++) // full re-orthogonalization, twice is enough
                for (Vec u : q) w.axpy(-w.dot(u), u);
            double b = w.norm();
            if (!(b > 1e-12 * Math.abs(al) + 1e-300) || k == steps - 1) break; // invariant subspace found
            beta.add(b);
            v = w.scale(1 / b);
        }
        int n = alpha.size();
        double[] d = new double[n], e = new double[n];
        for (int i = 0; i < n; i++) d[i] = alpha.get(i);
        for (int i = 0; i + 1 < n; i++) e[i] = beta.get(i);
        return new double[] {kth(d, e, 0), kth(d, e, n - 1)};
    }

    /** The k-th smallest eigenvalue (k from 0) of the symmetric tridiagonal (d, e) by bisection on Sturm counts. */
    static double kth(double[] d, double[] e, int k) {
        int n = d.length;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) { // Gershgorin bounds
            double r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i + 1 < n ? Math.abs(e[i]) : 0);
            lo = Math.min(lo, d[i] - r);
            hi = Math.max(hi, d[i] + r);
        }
        double scale = Math.max(Math.abs(lo), Math.abs(hi));
        for (int it = 0; it < 200 && hi - lo > 1e-15 * scale; it++) {
            double mid = 0.5 * (lo + hi);
            if (below(d, e, mid) > k) hi = mid;
            else lo = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** The number of eigenvalues of (d, e) below x (the sign changes of the LDLᵀ pivots). */
    private static int below(double[] d, double[] e, double x) {
        int count = 0;
        double p = 1;
        for (int i = 0; i < d.length; i++) {
            double off = i > 0 ? e[i - 1] * e[i - 1] : 0;
            p = d[i] - x - (i > 0 ? off / p : 0);
            if (p == 0) p = -1e-300;
            if (p < 0) count++;
        }
        return count;
    }
}
