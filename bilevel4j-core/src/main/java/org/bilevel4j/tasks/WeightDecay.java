package org.bilevel4j.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.model.AcceleratedGradient;
import org.bilevel4j.model.FeatureDecay;
import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.model.NewtonCg;
import org.bilevel4j.model.Precision;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.problem.Request;
import org.bilevel4j.vec.Vec;

/**
 * Logistic regression with one weight-decay hyper-parameter per feature (ALGORITHMS.md §2.7; Grazzi et al. 2020,
 * hypertorch; stocBiO's 20 Newsgroups):
 * <pre>
 *   inner  G(x, w) = (1/n) Σ_i CE_i(w) + ½ Σ_j e^{x_j} ‖w_j‖²    (w_j: feature j across the outputs; no decay on the bias)
 *   outer  F(x, w) = (1/m) Σ_j CE_j(w)   on the validation set
 * </pre>
 * Binary (one output) for two classes, multinomial otherwise; dense or sparse features. x is kept in the box
 * [{@code minLogDecay}, {@code maxLogDecay}] so that the inner Lipschitz bound, curvature + e^{maxLogDecay}, holds
 * for every admissible x (the mean-or-sum choice of §2.7 is UNVERIFIED; we use the mean CE). Metrics: validation loss
 * on the full validation set, and test accuracy when a test set is given.
 */
public final class WeightDecay implements ValidationOuter {
    private static final class Shared {
        final LogisticModel train, val, test;
        final FeatureDecay decay;
        final double x0, minLog, maxLog;
        double lipschitz = Double.NaN;
        Parts parts;

        Shared(LogisticModel train, LogisticModel val, LogisticModel test, double x0, double minLog, double maxLog, FeatureDecay.Per per) {
            this.train = train;
            this.val = val;
            this.test = test;
            this.decay = new FeatureDecay(train, per);
            this.x0 = x0;
            this.minLog = minLog;
            this.maxLog = maxLog;
        }
    }

    private final Shared s;
    private final int[] innerIdx, outerIdx;

    /**
     * @param test         test data for the accuracy metric, or null
     * @param initialLogDecay  x_0, the same for every feature
     * @param minLogDecay  lower bound of x
     * @param maxLogDecay  upper bound of x (decides the inner Lipschitz bound and so the default inner step)
     */
    public WeightDecay(LabeledData train, LabeledData val, LabeledData test, boolean bias, double initialLogDecay,
                       double minLogDecay, double maxLogDecay) {
        this(train, val, test, bias, initialLogDecay, minLogDecay, maxLogDecay, FeatureDecay.Per.FEATURE);
    }

    /** The same, with the decays shared {@code per} feature, parameter or output ({@link FeatureDecay.Per}). */
    public WeightDecay(LabeledData train, LabeledData val, LabeledData test, boolean bias, double initialLogDecay,
                       double minLogDecay, double maxLogDecay, FeatureDecay.Per per) {
        if (val.numClasses() != train.numClasses() || (test != null && test.numClasses() != train.numClasses()))
            throw new IllegalArgumentException("train, validation and test must have the same number of classes");
        if (val.x().cols() != train.x().cols() || (test != null && test.x().cols() != train.x().cols()))
            throw new IllegalArgumentException("train, validation and test must have the same number of features");
        if (!(minLogDecay <= initialLogDecay && initialLogDecay <= maxLogDecay))
            throw new IllegalArgumentException("need minLogDecay <= initialLogDecay <= maxLogDecay, got " + minLogDecay + ", "
                    + initialLogDecay + ", " + maxLogDecay);
        this.s = new Shared(LogisticModel.of(train, bias), LogisticModel.of(val, bias), test == null ? null : LogisticModel.of(test, bias),
                initialLogDecay, minLogDecay, maxLogDecay, per);
        this.s.parts = new Parts(train, val, test, bias, initialLogDecay, minLogDecay, maxLogDecay);
        this.innerIdx = null;
        this.outerIdx = null;
    }

    /**
     * One labeled data set (e.g. sparse tf-idf) split into a training and a validation half by {@link #halves};
     * no bias, x_0 = 0, x in [−20, 2].
     */
    public WeightDecay(LabeledData data, LabeledData test, long seed) {
        this(halves(data, seed), test);
    }

    private WeightDecay(LabeledData[] halves, LabeledData test) {
        this(halves[0], halves[1], test, false, 0, -20, 2);
    }

    private WeightDecay(Shared s, int[] outerIdx, int[] innerIdx) {
        this.s = s;
        this.outerIdx = outerIdx;
        this.innerIdx = innerIdx;
    }

    /**
     * The same problem (same data, nothing copied) with the model sweeps in precision p ({@link Precision#FLOAT}: the
     * float32 SIMD kernel on dense data, the float32 CSR kernel on sparse data).
     */
    public WeightDecay withPrecision(Precision p) {
        if (p == s.train.precision()) return this;
        Shared t = new Shared(s.train.withPrecision(p), s.val.withPrecision(p), s.test == null ? null : s.test.withPrecision(p), s.x0,
                s.minLog, s.maxLog, s.decay.per());
        t.parts = s.parts; // the same data (engines that ship the rows elsewhere read them from here)
        return new WeightDecay(t, outerIdx, innerIdx);
    }

    /** The row kernel of the training sweeps (for reports). */
    public String kernel() { return s.train.kernel(); }

    /** Splits {@code data} into a training and a validation half (alternate rows after a seeded shuffle). */
    public static LabeledData[] halves(LabeledData data, long seed) {
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int half = n / 2;
        return new LabeledData[] {data.subset(java.util.Arrays.copyOfRange(order, 0, half)),
                data.subset(java.util.Arrays.copyOfRange(order, half, n))};
    }

    /** The data and settings the problem was built from (for other backends of the same task; nothing copied). */
    public record Parts(LabeledData train, LabeledData val, LabeledData test, boolean bias, double initialLogDecay, double minLogDecay,
                        double maxLogDecay) {}

    public Parts parts() {
        // the parts describe a per-feature decay only: other backends must not rebuild a per-parameter or per-class one as per-feature
        if (s.decay.per() != FeatureDecay.Per.FEATURE)
            throw new IllegalArgumentException("weightdecay with decay=" + s.decay.per().name().toLowerCase(java.util.Locale.ROOT)
                    + " runs on the analytic backend only (other backends rebuild a per-feature decay)");
        return s.parts;
    }

    /** The model over the training data (for engines that ship the data elsewhere, e.g. Spark). */
    public LogisticModel trainingModel() { return s.train; }

    /** The decay term R(x, w) of the inner loss (per feature or per parameter; other backends must use this one). */
    public FeatureDecay decay() { return s.decay; }

    @Override public String name() { return "weightdecay"; }
    @Override public int dimX() { return s.decay.dim(); }
    @Override public int dimY() { return s.train.dim(); }
    @Override public int innerSamples() { return s.train.samples(); }
    @Override public int outerSamples() { return s.val.samples(); }
    @Override public Vec initialX() { return Vec.constant(dimX(), s.x0); }
    @Override public Box bounds() { return Box.uniform(dimX(), s.minLog, s.maxLog); }

    @Override public BilevelProblem batch(int[] outer, int[] inner) {
        Batches.check(outer, outerSamples(), "outer");
        Batches.check(inner, innerSamples(), "inner");
        return new WeightDecay(s, outer, inner);
    }

    // ---- inner ---------------------------------------------------------------------------------------------

    @Override public double innerValue(Vec x, Vec y) {
        double[] w = Vec.array(y);
        return s.train.value(w, innerIdx, null) + s.decay.value(Vec.array(x), w);
    }

    @Override public Vec innerGradY(Vec x, Vec y) {
        double[] w = Vec.array(y), g = new double[w.length];
        s.train.valueGrad(w, innerIdx, null, g);
        s.decay.addGradW(Vec.array(x), w, g);
        return Vec.of(g);
    }

    @Override public Vec innerGradX(Vec x, Vec y) { return Vec.of(s.decay.gradX(Vec.array(x), Vec.array(y))); }

    // fused: value and ∇_W G from one GRAD sweep per point (∇_x G is the decay term alone and reads no data)

    @Override public boolean fusesPasses() { return true; }

    @Override public Answer innerAt(Vec x, Vec y, Request r) { return innerAt(x, new Vec[] {y}, new Request[] {r})[0]; }

    @Override public Answer[] innerAt(Vec x, Vec y, Request atY, Vec z, Request atZ) {
        return innerAt(x, new Vec[] {y, z}, new Request[] {atY, atZ});
    }

    private Answer[] innerAt(Vec xv, Vec[] ys, Request[] rs) {
        double[] x = Vec.array(xv);
        double[][] ws = new double[ys.length][], grads = new double[ys.length][];
        boolean sweep = false;
        for (int k = 0; k < ys.length; k++) {
            ws[k] = Vec.array(ys[k]);
            grads[k] = rs[k].gradY() ? new double[dimY()] : null;
            sweep |= rs[k].value() || rs[k].gradY();
        }
        double[] values = sweep ? s.train.valuesAt(ws, innerIdx, null, grads, new double[ys.length][]) : null;
        Answer[] out = new Answer[ys.length];
        for (int k = 0; k < ys.length; k++) {
            double[] w = ws[k], g = grads[k];
            if (g != null) s.decay.addGradW(x, w, g);
            out[k] = new Answer(rs[k].value() ? values[k] + s.decay.value(x, w) : Double.NaN,
                    rs[k].gradX() ? Vec.of(s.decay.gradX(x, w)) : null, g == null ? null : Vec.of(g));
        }
        return out;
    }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) {
        double[] dv = Vec.array(v), out = new double[dv.length];
        s.train.hvp(Vec.array(y), innerIdx, null, dv, out);
        s.decay.addHvp(Vec.array(x), dv, out);
        return Vec.of(out);
    }

    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return Vec.of(s.decay.crossXY(Vec.array(x), Vec.array(y), Vec.array(v))); }

    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) {
        double[] out = new double[dimY()];
        s.decay.addCrossYX(Vec.array(x), Vec.array(y), Vec.array(u), out);
        return Vec.of(out);
    }

    // ---- outer ---------------------------------------------------------------------------------------------

    // F(x, y): the validation cross-entropy of ValidationOuter's default methods

    @Override public LogisticModel validationModel() { return s.val; }

    @Override public int[] validationRows() { return outerIdx; }

    // ---- knowledge and metrics -----------------------------------------------------------------------------

    /** curvature of the mean CE (¼ or ½ λ_max(X̃ᵀX̃/n), power iteration on the full training set) + e^{maxLogDecay}. */
    @Override public double innerLipschitz() {
        synchronized (s) {
            if (Double.isNaN(s.lipschitz)) s.lipschitz = s.train.curvatureBound() + Math.exp(s.maxLog);
            return s.lipschitz;
        }
    }

    @Override public Map<String, Double> metrics(Vec x, Vec y) {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] w = Vec.array(y);
        m.put("validationLoss", s.val.value(w, null, null));
        if (s.test != null) m.put("testAccuracy", s.test.accuracy(w, null));
        return m;
    }

    /**
     * An upper bound on diag ∇²_ww G at x, for the refit's preconditioner: ¼ Σ_i x_ij² / n (σ'(z) and p(1 − p) are at
     * most ¼) plus the decay e^{x} of the parameter.
     */
    private double[] curvatureDiagonal(double[] x) {
        org.bilevel4j.data.Features f = s.parts.train().x();
        double[] sq = new double[s.train.stride()];
        if (f instanceof org.bilevel4j.data.CsrMatrix c) {
            for (int k = 0; k < c.nnz(); k++) sq[c.colIdx()[k]] += (double) c.values()[k] * c.values()[k];
        } else {
            float[] v = ((org.bilevel4j.data.DenseMatrix) f).values();
            for (int k = 0; k < v.length; k++) sq[k % f.cols()] += (double) v[k] * v[k];
        }
        if (sq.length > f.cols()) sq[f.cols()] = f.rows(); // the bias column is all ones
        double[] diag = new double[s.train.dim()], ones = new double[diag.length];
        java.util.Arrays.fill(ones, 1);
        s.decay.addHvp(x, ones, diag);
        for (int c = 0; c < s.train.outputs(); c++)
            for (int j = 0; j < sq.length; j++) diag[s.train.index(c, j)] += 0.25 * sq[j] / Math.max(1, f.rows());
        return diag;
    }

    /** Passes over the training rows (gradients and Hessian products) of the refit; it stops earlier at ‖∇_w G‖ ≤ 1e-6. */
    static final int REFIT_PASSES = 1000;

    /**
     * The model refit on the training data alone with the learned decays: w = argmin_w G(x, w) (mean CE + ½ Σ e^{x_j}
     * ‖w_j‖², truncated Newton from the solver's w), and its metrics, {@code validationLossRefit} (benchopt's outer
     * value) and {@code testAccuracyRefit}. Accelerated gradient, used before, took 1000 passes without reaching the
     * tolerance on news20.binary-shaped rows with decays e^-10, and 48 s after a 34 s run of aid-cg.
     */
    @Override public Map<String, Double> refitMetrics(Vec xv, Vec yStart) {
        double[] x = Vec.array(xv), w = yStart.toArray();
        AcceleratedGradient.Objective g = (p, grad) -> {
            double v = s.train.valueGrad(p, null, null, grad);
            s.decay.addGradW(x, p, grad);
            return v + s.decay.value(x, p);
        };
        NewtonCg.minimize(g, (p, v, out) -> {
            s.train.hvp(p, null, null, v, out);
            s.decay.addHvp(x, v, out);
        }, curvatureDiagonal(x), w, REFIT_PASSES, 1e-6);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("validationLossRefit", s.val.value(w, null, null));
        if (s.test != null) m.put("testAccuracyRefit", s.test.accuracy(w, null));
        return m;
    }
}
