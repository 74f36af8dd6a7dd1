package org.bilevel4j.tasks.nonsmooth;

/**
 * The poisoned points' part of the inner loss of {@link Poison}: P points a_j ∈ R^d (the outer variable, stacked) with
 * fixed labels t_j, a multinomial linear model W ∈ R^{K×d} (class-major, no bias), scaled by 1/N:
 * <pre>
 *   z = W a, p = softmax(z), e = p − e_t, H = diag(p) − p pᵀ,   ℓ = logsumexp(z) − z_t
 *   ∇_W ℓ = e aᵀ            ∇_a ℓ = Wᵀ e            ∇²_WW ℓ · V = (H V a) aᵀ
 *   ∇²_aW ℓ · V = Vᵀ e + Wᵀ H V a        (x-space)      ∇²_Wa ℓ · u = (H W u) aᵀ + e uᵀ   (W-space)
 * </pre>
 */
final class PoisonPoints {
    private final int p, d, k;
    private final int[] labels;
    private final double scale; // 1/N

    PoisonPoints(int[] labels, int d, int k, double scale) {
        this.p = labels.length;
        this.d = d;
        this.k = k;
        this.labels = labels.clone();
        this.scale = scale;
    }

    int points() { return p; }

    /** Logits z = W a_j into z, softmax into prob; returns ℓ_j. */
    private double forward(double[] w, double[] x, int j, double[] z, double[] prob) {
        int off = j * d;
        double m = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int f = 0; f < d; f++) s += w[c * d + f] * x[off + f];
            z[c] = s;
            m = Math.max(m, s);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) sum += prob[c] = Math.exp(z[c] - m);
        for (int c = 0; c < k; c++) prob[c] /= sum;
        return m + Math.log(sum) - z[labels[j]];
    }

    /** h = H s = p∘s − p (pᵀs). */
    private static double[] curvature(double[] prob, double[] s) {
        double ps = 0;
        for (int c = 0; c < prob.length; c++) ps += prob[c] * s[c];
        double[] h = new double[prob.length];
        for (int c = 0; c < prob.length; c++) h[c] = prob[c] * (s[c] - ps);
        return h;
    }

    /** W·u_j (K entries) for a point-space vector u. */
    private double[] times(double[] w, double[] u, int j) {
        double[] s = new double[k];
        int off = j * d;
        for (int c = 0; c < k; c++) {
            double t = 0;
            for (int f = 0; f < d; f++) t += w[c * d + f] * u[off + f];
            s[c] = t;
        }
        return s;
    }

    double value(double[] w, double[] x) {
        double[] z = new double[k], prob = new double[k];
        double s = 0;
        for (int j = 0; j < p; j++) s += forward(w, x, j, z, prob);
        return scale * s;
    }

    /** out_W += scale Σ_j e_j a_jᵀ. */
    void addGradW(double[] w, double[] x, double[] out) {
        double[] z = new double[k], prob = new double[k];
        for (int j = 0; j < p; j++) {
            forward(w, x, j, z, prob);
            prob[labels[j]] -= 1;
            for (int c = 0; c < k; c++) for (int f = 0; f < d; f++) out[c * d + f] += scale * prob[c] * x[j * d + f];
        }
    }

    /** ∇_x: scale Wᵀ e_j per point. */
    double[] gradX(double[] w, double[] x) {
        double[] z = new double[k], prob = new double[k], out = new double[p * d];
        for (int j = 0; j < p; j++) {
            forward(w, x, j, z, prob);
            prob[labels[j]] -= 1;
            for (int c = 0; c < k; c++) for (int f = 0; f < d; f++) out[j * d + f] += scale * prob[c] * w[c * d + f];
        }
        return out;
    }

    /** out_W += scale Σ_j (H_j V a_j) a_jᵀ. */
    void addHvp(double[] w, double[] x, double[] v, double[] out) {
        double[] z = new double[k], prob = new double[k];
        for (int j = 0; j < p; j++) {
            forward(w, x, j, z, prob);
            double[] h = curvature(prob, times(v, x, j));
            for (int c = 0; c < k; c++) for (int f = 0; f < d; f++) out[c * d + f] += scale * h[c] * x[j * d + f];
        }
    }

    /** ∇²_xW · V (x-space): scale (Vᵀ e_j + Wᵀ H_j V a_j) per point. */
    double[] crossXY(double[] w, double[] x, double[] v) {
        double[] z = new double[k], prob = new double[k], out = new double[p * d];
        for (int j = 0; j < p; j++) {
            forward(w, x, j, z, prob);
            double[] h = curvature(prob, times(v, x, j));
            prob[labels[j]] -= 1;
            for (int c = 0; c < k; c++)
                for (int f = 0; f < d; f++) out[j * d + f] += scale * (prob[c] * v[c * d + f] + h[c] * w[c * d + f]);
        }
        return out;
    }

    /** out_W += ∇²_Wx · u: scale Σ_j ((H_j W u_j) a_jᵀ + e_j u_jᵀ). */
    void addCrossYX(double[] w, double[] x, double[] u, double[] out) {
        double[] z = new double[k], prob = new double[k];
        for (int j = 0; j < p; j++) {
            forward(w, x, j, z, prob);
            double[] h = curvature(prob, times(w, u, j));
            prob[labels[j]] -= 1;
            for (int c = 0; c < k; c++)
                for (int f = 0; f < d; f++) out[c * d + f] += scale * (h[c] * x[j * d + f] + prob[c] * u[j * d + f]);
        }
    }
}
