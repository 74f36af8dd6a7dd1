package org.bilevel4j.problems.sparse;

import java.util.Arrays;

/**
 * Exact proximal maps prox_{tψ}(z) = argmin_w ½‖w − z‖² + t ψ(w) of the non-smooth regularizers: the inner
 * solution of least squares with an orthogonal design (XᵀX = I) is prox at z = Xᵀy. Non-convex l_p^p returns
 * the global minimizer per coordinate.
 */
public final class Shrinkage {
    private Shrinkage() {}

    /** Soft threshold sign(z) max(|z| − t, 0). */
    public static double[] l1(double[] z, double t) {
        double[] w = new double[z.length];
        for (int i = 0; i < z.length; i++) w[i] = Math.signum(z[i]) * Math.max(Math.abs(z[i]) - t, 0);
        return w;
    }

    /** Block soft threshold max(1 − t/‖z_g‖, 0) z_g per group; groups must be disjoint. */
    public static double[] groupLasso(double[] z, double t, int[][] groups) {
        double[] w = z.clone();
        boolean[] seen = new boolean[z.length];
        for (int[] g : groups) {
            double n = 0;
            for (int i : g) {
                if (seen[i]) throw new IllegalArgumentException("the group-lasso closed form needs disjoint groups; index " + i + " repeats");
                seen[i] = true;
                n += z[i] * z[i];
            }
            n = Math.sqrt(n);
            double f = n > t ? 1 - t / n : 0;
            for (int i : g) w[i] = f * z[i];
        }
        return w;
    }

    /** Per coordinate global argmin of ½(w − z)² + t|w|^p, 0 < p ≤ 1. */
    public static double[] lp(double[] z, double t, double p) {
        double[] w = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double a = Math.abs(z[i]), r = lpRoot(a, t, p);
            boolean keep = !Double.isNaN(r) && 0.5 * (r - a) * (r - a) + t * Math.pow(r, p) < 0.5 * a * a;
            w[i] = keep ? Math.signum(z[i]) * r : 0;
        }
        return w;
    }

    /**
     * The larger positive stationary point of ½(w − a)² + t w^p (a ≥ 0), i.e. the root of φ(w) = w + t p w^{p−1} = a
     * on [w̄, a] where w̄ = (t p (1 − p))^{1/(2−p)} minimises the convex φ; NaN when φ(w̄) > a (only w = 0 is a
     * minimizer). For p = 1 this is a − t when positive.
     */
    public static double lpRoot(double a, double t, double p) {
        if (p == 1) return a > t ? a - t : Double.NaN;
        double wbar = Math.pow(t * p * (1 - p), 1 / (2 - p));
        if (wbar + t * p * Math.pow(wbar, p - 1) > a) return Double.NaN;
        double lo = wbar, hi = a; // φ(lo) <= a < φ(hi), φ increasing on [lo, hi]
        for (int it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, hi); it++) {
            double mid = 0.5 * (lo + hi);
            if (mid + t * p * Math.pow(mid, p - 1) > a) hi = mid; else lo = mid;
        }
        return 0.5 * (lo + hi);
    }

    /**
     * OSCAR: argmin ½‖w − z‖² + t₁‖w‖₁ + t₂ Σ_{j<k} max(|w_j|, |w_k|). This is the sorted-ℓ1 (OWL) prox with weights
     * t₁ + t₂ (d − i) on the i-th largest |w| (1-based): sort |z| decreasingly, subtract the weights, project onto
     * non-increasing sequences (pool adjacent violators), clip at 0, undo the sort and restore the signs.
     */
    public static double[] oscar(double[] z, double t1, double t2) {
        int d = z.length;
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(z[b]), Math.abs(z[a])));
        double[] v = new double[d];
        for (int i = 0; i < d; i++) v[i] = Math.abs(z[order[i]]) - (t1 + t2 * (d - 1 - i));
        double[] fit = nonIncreasing(v);
        double[] w = new double[d];
        for (int i = 0; i < d; i++) w[order[i]] = Math.signum(z[order[i]]) * Math.max(fit[i], 0);
        return w;
    }

    /** Least-squares projection onto non-increasing sequences (pool adjacent violators). */
    static double[] nonIncreasing(double[] v) {
        int n = v.length, top = 0;
        double[] sum = new double[n];
        int[] cnt = new int[n];
        for (double x : v) {
            sum[top] = x;
            cnt[top] = 1;
            top++;
            while (top > 1 && sum[top - 2] / cnt[top - 2] <= sum[top - 1] / cnt[top - 1]) {
                sum[top - 2] += sum[top - 1];
                cnt[top - 2] += cnt[top - 1];
                top--;
            }
        }
        double[] out = new double[n];
        int k = 0;
        for (int b = 0; b < top; b++) for (int j = 0; j < cnt[b]; j++) out[k++] = sum[b] / cnt[b];
        return out;
    }
}
