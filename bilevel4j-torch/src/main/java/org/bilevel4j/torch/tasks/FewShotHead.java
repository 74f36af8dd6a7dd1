package org.bilevel4j.torch.tasks;

/**
 * The evaluation head of few-shot learning, fitted on a fixed embedding in plain Java: multinomial logistic regression
 * on the support features with an L2 penalty on the weights (not the bias), the same loss as the inner problem of
 * {@link FewShotProblem}:
 * <pre>  h(W, b) = (1/n) Σ_i CE(W φ_i + b, c_i) + (λ/2) ‖W‖²</pre>
 * minimized to convergence by Nesterov's accelerated gradient with step 1/L, L = ½·(1/n) Σ_i (‖φ_i‖² + 1) + λ (the
 * softmax Hessian is at most ½ I), momentum (√L − √λ)/(√L + √λ). A head is N·(d + 1) numbers: W row by row, then b.
 */
public final class FewShotHead {
    private FewShotHead() {}

    /** The fitted head of the n support rows feats[i] (length d) with labels in 0..ways−1, after {@code steps} steps. */
    public static double[] fit(double[][] feats, int[] labels, int ways, double l2, int steps) {
        int d = feats[0].length, size = ways * (d + 1);
        double norms = 0;
        for (double[] f : feats) {
            double s = 1;
            for (double v : f) s += v * v;
            norms += s;
        }
        double lip = 0.5 * norms / feats.length + l2;
        double mom = (Math.sqrt(lip) - Math.sqrt(l2)) / (Math.sqrt(lip) + Math.sqrt(l2));
        double[] w = new double[size], prev = new double[size], look = new double[size], g = new double[size];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < size; j++) look[j] = w[j] + mom * (w[j] - prev[j]);
            gradient(feats, labels, ways, l2, look, g);
            System.arraycopy(w, 0, prev, 0, size);
            for (int j = 0; j < size; j++) w[j] = look[j] - g[j] / lip;
        }
        return w;
    }

    /** h(head) and its gradient into {@code g}. */
    public static double gradient(double[][] feats, int[] labels, int ways, double l2, double[] head, double[] g) {
        int d = feats[0].length, n = feats.length;
        java.util.Arrays.fill(g, 0);
        double loss = 0;
        double[] p = new double[ways];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < ways; c++) {
                p[c] = logit(feats[i], head, c, d, ways);
                max = Math.max(max, p[c]);
            }
            double z = 0;
            for (int c = 0; c < ways; c++) z += Math.exp(p[c] - max);
            loss += max + Math.log(z) - p[labels[i]];
            for (int c = 0; c < ways; c++) {
                double r = (Math.exp(p[c] - max) / z - (c == labels[i] ? 1 : 0)) / n;
                for (int k = 0; k < d; k++) g[c * d + k] += r * feats[i][k];
                g[ways * d + c] += r;
            }
        }
        loss /= n;
        for (int j = 0; j < ways * d; j++) {
            loss += 0.5 * l2 * head[j] * head[j];
            g[j] += l2 * head[j];
        }
        return loss;
    }

    /** The fraction of rows whose largest logit is their label (ties to the lower class). */
    public static double accuracy(double[][] feats, int[] labels, int ways, double[] head) {
        int d = feats[0].length, right = 0;
        for (int i = 0; i < feats.length; i++) {
            int best = 0;
            double bestV = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < ways; c++) {
                double v = logit(feats[i], head, c, d, ways);
                if (v > bestV) { bestV = v; best = c; }
            }
            if (best == labels[i]) right++;
        }
        return right / (double) feats.length;
    }

    private static double logit(double[] f, double[] head, int c, int d, int ways) {
        double s = head[ways * d + c];
        for (int k = 0; k < d; k++) s += head[c * d + k] * f[k];
        return s;
    }
}
