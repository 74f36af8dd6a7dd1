package org.bilevel4j.model;

import java.util.Arrays;

/**
 * A loss with one weight σ(x_i) per training sample (data hyper-cleaning, ALGORITHMS.md §1.10 eq. (31)):
 * <pre>
 *   G(x, w) = (1/|B|) Σ_{i∈B} σ(x_i) ℓ_i(w)
 *   ∂G/∂x_i = σ'(x_i) ℓ_i / |B|            (∇²_xw G · v)_i = σ'(x_i) ⟨∇ℓ_i, v⟩ / |B|      (0 for i ∉ B)
 *   ∇²_wx G · u = (1/|B|) Σ_{i∈B} σ'(x_i) u_i ∇ℓ_i       σ' = σ(1 − σ)
 * </pre>
 * over the rows B of a {@link LogisticModel} (all when null).
 */
public final class SigmoidSampleWeights {
    private final LogisticModel model;

    public SigmoidSampleWeights(LogisticModel model) { this.model = model; }

    public LogisticModel model() { return model; }

    public static double sigmoid(double t) {
        return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    }

    /** The last full σ(x) and the x it came from (a copy): the full passes of one iteration share one x. */
    private record Memo(double[] x, double[] sigma) {}

    private volatile Memo memo;

    /**
     * σ(x_i) for the samples in rows (every sample when null), 0 for the others, which the model does not read: a
     * mini-batch oracle computes |B| sigmoids, not one per sample (on MNIST 20000, more than half of a batch step).
     * The full vector is kept for the next call at the same x. Callers only read the array.
     */
    public double[] weights(double[] x, int[] rows) {
        checkX(x);
        if (rows != null) {
            double[] s = new double[x.length];
            for (int i : rows) s[i] = sigmoid(x[i]);
            return s;
        }
        Memo m = memo;
        if (m != null && Arrays.equals(m.x, x)) return m.sigma;
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) s[i] = sigmoid(x[i]);
        memo = new Memo(x.clone(), s);
        return s;
    }

    /** σ'(x_i) = σ(1 − σ) for the samples in rows (every sample when null), 0 for the others; a new array. */
    public double[] weightSlopes(double[] x, int[] rows) {
        double[] g = weights(x, rows), s = new double[x.length];
        if (rows == null) for (int i = 0; i < s.length; i++) s[i] = g[i] * (1 - g[i]);
        else for (int i : rows) s[i] = g[i] * (1 - g[i]);
        return s;
    }

    public double value(double[] x, double[] w, int[] rows) {
        double[] s = take(x, rows);
        try {
            return model.value(w, rows, s);
        } finally {
            release(s, rows);
        }
    }

    /** Writes ∇_w G into grad and returns G. */
    public double valueGradW(double[] x, double[] w, int[] rows, double[] grad) {
        double[] s = take(x, rows);
        try {
            return model.valueGrad(w, rows, s, grad);
        } finally {
            release(s, rows);
        }
    }

    /**
     * G at several points w_k in one sweep (fused oracles): returns G(x, w_k), writes ∇_w G into gradW[k] when it is
     * not null and ℓ_i(w_k) into losses[k] when it is not null (turn them into ∇_x G with {@link #gradXFromLosses}).
     */
    public double[] valuesAt(double[] x, double[][] ws, int[] rows, double[][] gradW, double[][] losses) {
        double[] s = take(x, rows);
        try {
            return model.valuesAt(ws, rows, s, gradW, losses);
        } finally {
            release(s, rows);
        }
    }

    /** ∇_x G from the per-sample losses ℓ_i (i in rows): σ'(x_i) ℓ_i / |B|, a new array. */
    public double[] gradXFromLosses(double[] x, int[] rows, double[] losses) { return scaleBySlopes(x, rows, losses); }

    /** out := ∇²_ww G · v. */
    public void hvp(double[] x, double[] w, int[] rows, double[] v, double[] out) {
        double[] s = take(x, rows);
        try {
            model.hvp(w, rows, s, v, out);
        } finally {
            release(s, rows);
        }
    }

    /** ∇_x G, a new array with one entry per sample. */
    public double[] gradX(double[] x, double[] w, int[] rows) {
        double[] losses = rows == null ? new double[model.samples()] : zeros(); // written at rows only
        try {
            model.sampleLosses(w, rows, losses);
            return scaleBySlopes(x, rows, losses);
        } finally {
            release(losses, rows);
        }
    }

    /** ∇²_xw G · v, a new array with one entry per sample. */
    public double[] crossXY(double[] x, double[] w, int[] rows, double[] v) {
        double[] dots = rows == null ? new double[model.samples()] : zeros(); // written at rows only
        try {
            model.sampleGradDots(w, rows, v, dots);
            return scaleBySlopes(x, rows, dots);
        } finally {
            release(dots, rows);
        }
    }

    /** out := ∇²_wx G · u (u has one entry per sample). */
    public void crossYX(double[] x, double[] w, int[] rows, double[] u, double[] out) {
        checkX(u);
        if (rows == null) {
            double[] s = weightSlopes(x, null);
            for (int i = 0; i < s.length; i++) s[i] *= u[i];
            model.valueGrad(w, null, s, out);
            return;
        }
        checkX(x);
        double[] s = zeros();
        try {
            for (int i : rows) s[i] = slope(x[i]) * u[i]; // read by the model at rows only
            model.valueGrad(w, rows, s, out);
        } finally {
            release(s, rows);
        }
    }

    private double[] scaleBySlopes(double[] x, int[] rows, double[] perSample) {
        int count = rows == null ? perSample.length : rows.length;
        double[] out = new double[perSample.length];
        if (rows == null) {
            double[] s = weightSlopes(x, null);
            for (int i = 0; i < out.length; i++) out[i] = s[i] * perSample[i] / count;
        } else {
            checkX(x);
            for (int i : rows) out[i] += slope(x[i]) * perSample[i] / count; // a repeated index counts twice, as in the loss
        }
        return out;
    }

    /** σ'(t) = σ(t)(1 − σ(t)), as {@link #weightSlopes} computes it. */
    private static double slope(double t) {
        double g = sigmoid(t);
        return g * (1 - g);
    }

    /**
     * Zero arrays of one entry per sample that mini-batch oracles fill at their rows and hand to the model, which reads
     * them at those rows only: a batch of 64 on MNIST then writes 64 entries instead of allocating and clearing 20000.
     */
    private final RowBlocks.Idle<double[]> idle = new RowBlocks.Idle<>();

    private double[] zeros() {
        double[] s = idle.take(a -> true);
        return s != null ? s : new double[model.samples()];
    }

    /** σ(x_i) at rows in a zero array (the full vector when rows is null, kept as {@link #weights} keeps it). */
    private double[] take(double[] x, int[] rows) {
        if (rows == null) return weights(x, null);
        checkX(x);
        double[] s = zeros();
        for (int i : rows) s[i] = sigmoid(x[i]);
        return s;
    }

    /** Gives a {@link #take}n array back, zero again. */
    private void release(double[] s, int[] rows) {
        if (rows == null) return;
        for (int i : rows) s[i] = 0;
        idle.give(s);
    }

    private void checkX(double[] x) {
        if (x.length != model.samples())
            throw new IllegalArgumentException("sample-weight vector has length " + x.length + " but the data has " + model.samples() + " rows");
    }
}
