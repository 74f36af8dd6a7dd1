package org.bilevel4j.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.model.AcceleratedGradient;
import org.bilevel4j.model.ByteFeatures;
import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.model.Precision;
import org.bilevel4j.model.SigmoidSampleWeights;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Request;
import org.bilevel4j.problem.SampleLogits;
import org.bilevel4j.vec.Vec;

/**
 * Data hyper-cleaning (ALGORITHMS.md §1.10 eqs. (31)–(32), §4.3): one weight logit x_i per training sample,
 * a multinomial logistic model W on the (partly corrupted) training labels,
 * <pre>
 *   inner  G(x, W) = (1/n) Σ_i σ(x_i) CE_i(W) + reg ‖W‖²        (‖W‖² includes the bias when there is one)
 *   outer  F(x, W) = (1/m) Σ_j CE_j(W)   on the clean validation set (independent of x)
 * </pre>
 * Metrics: test accuracy, and precision / recall / F1 of the samples flagged corrupt (σ(x_i) < ½, i.e. x_i < 0;
 * the threshold is UNVERIFIED in §1.10) against the true corruption mask; plus two references trained to
 * convergence by the same model code: weights 1 on every sample (referenceUniform) and 1 on clean / 0 on
 * corrupted samples (referenceOracle). With no label known to be corrupted (a user's own labels,
 * {@link LibsvmCleaning}) there is nothing to flag against: no precision, recall, F1 or referenceOracle. Both are computed once, at the first metrics call (not in a solver's time).
 * The catalog entry builds it on synthetic data, on (Fashion-)MNIST ({@link MnistCleaning}) or on LIBSVM files ({@link LibsvmCleaning}); {@link #hypergradLipschitz}
 * gives the hypergradient solvers a default outer step of the right scale (n / hypergradScale).
 */
public final class HyperCleaning implements ValidationOuter, SampleLogits {
    /** The published settings: model bias and the ‖W‖² coefficient. */
    public enum Setting {
        /** benchopt benchmark_bilevel: linear multinomial without bias, 0.2 ‖W‖². */
        benchopt(false, 0.2),
        /** stocBiO's mnist_exp.py: with bias, 0.001 ‖W‖². */
        stocbio(true, 0.001),
        /** BVFIM / BOAT (§1.10): Linear(784, 10) with bias, no regulariser. */
        bvfim(true, 0);

        public final boolean bias;
        public final double reg;

        Setting(boolean bias, double reg) {
            this.bias = bias;
            this.reg = reg;
        }
    }

    private static final class Shared {
        final LogisticModel train, val, test;
        final SigmoidSampleWeights weighted;
        final boolean[] corrupted;
        final double reg;
        final int referenceIterations;
        final double hypergradScale;
        Map<String, Double> references;
        double lipschitz = Double.NaN;
        Parts parts;

        Shared(LogisticModel train, LogisticModel val, LogisticModel test, boolean[] corrupted, double reg, int referenceIterations,
               double hypergradScale) {
            this.train = train;
            this.val = val;
            this.test = test;
            this.weighted = new SigmoidSampleWeights(train);
            this.corrupted = corrupted;
            this.reg = reg;
            this.referenceIterations = referenceIterations;
            this.hypergradScale = hypergradScale;
        }
    }

    private final Shared s;
    private final int[] innerIdx, outerIdx; // null: every sample
    private double initialLogit; // x_i at the start (benchopt's objective.py starts at −2, σ = 0.12)

    /**
     * @param train      training data with the corrupted labels
     * @param corrupted  corrupted[i] when train's label i was corrupted
     * @param val        clean validation data
     * @param test       clean test data (for the metrics)
     * @param referenceIterations  accelerated-gradient iterations for the two reference models
     */
    public HyperCleaning(LabeledData train, boolean[] corrupted, LabeledData val, LabeledData test, boolean bias, double reg,
                         int referenceIterations) {
        this(train, corrupted, val, test, bias, reg, referenceIterations, 1);
    }

    /**
     * The same, with the constant c of the hypergradient Lipschitz estimate c / n ({@link #hypergradLipschitz}).
     */
    public HyperCleaning(LabeledData train, boolean[] corrupted, LabeledData val, LabeledData test, boolean bias, double reg,
                         int referenceIterations, double hypergradScale) {
        if (corrupted.length != train.size())
            throw new IllegalArgumentException("corruption mask has " + corrupted.length + " entries but the training set " + train.size());
        if (!(reg >= 0)) throw new IllegalArgumentException("reg must be >= 0, got " + reg);
        if (!(hypergradScale > 0) || Double.isInfinite(hypergradScale))
            throw new IllegalArgumentException("hypergradScale must be finite and > 0, got " + hypergradScale);
        if (val.numClasses() != train.numClasses() || test.numClasses() != train.numClasses())
            throw new IllegalArgumentException("train, validation and test must have the same number of classes");
        if (val.x().cols() != train.x().cols() || test.x().cols() != train.x().cols())
            throw new IllegalArgumentException("train, validation and test must have the same number of features");
        int k = train.numClasses();
        this.s = new Shared(LogisticModel.multinomial(train.x(), train.labels(), k, bias),
                LogisticModel.multinomial(val.x(), val.labels(), k, bias),
                LogisticModel.multinomial(test.x(), test.labels(), k, bias), corrupted.clone(), reg, referenceIterations, hypergradScale);
        this.s.parts = new Parts(train, corrupted.clone(), val, test, bias, reg);
        this.innerIdx = null;
        this.outerIdx = null;
    }

    /** The same, with bias and regulariser of a published setting and 1000 reference iterations. */
    public HyperCleaning(LabeledData train, boolean[] corrupted, LabeledData val, LabeledData test, Setting setting) {
        this(train, corrupted, val, test, setting.bias, setting.reg, 1000);
    }

    private HyperCleaning(Shared s, int[] outerIdx, int[] innerIdx) {
        this.s = s;
        this.outerIdx = outerIdx;
        this.innerIdx = innerIdx;
    }

    /**
     * The same problem (same data, nothing copied) with the model sweeps in the given precision; the constructors
     * give {@link Precision#DOUBLE}, the catalog's hyperclean {@code precision=float} by default. The references are
     * recomputed in that precision.
     */
    public HyperCleaning withPrecision(Precision p) {
        if (p == s.train.precision()) return this;
        Shared t = new Shared(s.train.withPrecision(p), s.val.withPrecision(p), s.test.withPrecision(p), s.corrupted, s.reg,
                s.referenceIterations, s.hypergradScale);
        t.parts = s.parts;
        return new HyperCleaning(t, outerIdx, innerIdx);
    }

    /**
     * The same problem whose float sweeps read the features of train, validation and test in their 8-bit form (each
     * null to keep that part's floats); the references are recomputed.
     */
    public HyperCleaning withBytes(ByteFeatures train, ByteFeatures val, ByteFeatures test) {
        Shared t = new Shared(s.train.withBytes(train), s.val.withBytes(val), s.test.withBytes(test), s.corrupted, s.reg,
                s.referenceIterations, s.hypergradScale);
        t.parts = s.parts;
        return new HyperCleaning(t, outerIdx, innerIdx);
    }

    /** The same problem started at x_i = {@code logit} for every sample (benchopt: −2); the default start is 0 (σ = ½). */
    public HyperCleaning withInitialLogit(double logit) {
        if (!Double.isFinite(logit)) throw new IllegalArgumentException("initial logit must be finite, got " + logit);
        if (logit == initialLogit) return this; // keeps the problem that MnistCleaning builds once per JVM
        HyperCleaning h = new HyperCleaning(s, outerIdx, innerIdx);
        h.initialLogit = logit;
        return h;
    }

    @Override public Vec initialX() {
        double[] x = new double[dimX()];
        java.util.Arrays.fill(x, initialLogit);
        return Vec.of(x);
    }

    /** The row kernel of the training sweeps (for reports). */
    public String kernel() { return s.train.kernel(); }

    /** The data and model settings the problem was built from (for other backends of the same task; nothing copied). */
    public record Parts(LabeledData train, boolean[] corrupted, LabeledData val, LabeledData test, boolean bias, double reg) {}

    public Parts parts() { return s.parts; }

    /** The model over the training data (for engines that ship the data elsewhere, e.g. Spark). */
    public LogisticModel trainingModel() { return s.train; }

    /** The coefficient of ‖W‖² in the inner loss. */
    public double reg() { return s.reg; }

    /** The precision of the model sweeps. */
    public Precision precision() { return s.train.precision(); }

    @Override public String name() { return "hyperclean"; }
    @Override public int dimX() { return s.train.samples(); }
    @Override public int dimY() { return s.train.dim(); }
    @Override public int innerSamples() { return s.train.samples(); }
    @Override public int outerSamples() { return s.val.samples(); }

    /** The true corruption mask (a copy). */
    public boolean[] corrupted() { return s.corrupted.clone(); }

    @Override public BilevelProblem batch(int[] outer, int[] inner) {
        Batches.check(outer, outerSamples(), "outer");
        Batches.check(inner, innerSamples(), "inner");
        return new HyperCleaning(s, outer, inner);
    }

    // ---- inner: (1/n) Σ σ(x_i) CE_i + reg ‖W‖² --------------------------------------------------------

    @Override public double innerValue(Vec x, Vec y) {
        double[] w = Vec.array(y);
        return s.weighted.value(Vec.array(x), w, innerIdx) + s.reg * dot(w, w);
    }

    @Override public Vec innerGradY(Vec x, Vec y) {
        double[] w = Vec.array(y), g = new double[w.length];
        s.weighted.valueGradW(Vec.array(x), w, innerIdx, g);
        for (int j = 0; j < g.length; j++) g[j] += 2 * s.reg * w[j];
        return Vec.of(g);
    }

    @Override public Vec innerGradX(Vec x, Vec y) { return Vec.of(s.weighted.gradX(Vec.array(x), Vec.array(y), innerIdx)); }

    // fused: value, ∇_W G (the GRAD sweep) and ∇_x G (the per-sample losses of the same sweep) at one or two points

    @Override public boolean fusesPasses() { return true; }

    @Override public Answer innerAt(Vec x, Vec y, Request r) { return innerAt(x, new Vec[] {y}, new Request[] {r})[0]; }

    @Override public Answer[] innerAt(Vec x, Vec y, Request atY, Vec z, Request atZ) {
        return innerAt(x, new Vec[] {y, z}, new Request[] {atY, atZ});
    }

    private Answer[] innerAt(Vec xv, Vec[] ys, Request[] rs) {
        double[] x = Vec.array(xv);
        double[][] ws = new double[ys.length][], grads = new double[ys.length][], losses = new double[ys.length][];
        for (int k = 0; k < ys.length; k++) {
            ws[k] = Vec.array(ys[k]);
            grads[k] = rs[k].gradY() ? new double[dimY()] : null;
            losses[k] = rs[k].gradX() ? new double[dimX()] : null;
        }
        double[] values = s.weighted.valuesAt(x, ws, innerIdx, grads, losses);
        Answer[] out = new Answer[ys.length];
        for (int k = 0; k < ys.length; k++) {
            double[] w = ws[k], g = grads[k];
            if (g != null) for (int j = 0; j < g.length; j++) g[j] += 2 * s.reg * w[j];
            out[k] = new Answer(rs[k].value() ? values[k] + s.reg * dot(w, w) : Double.NaN,
                    losses[k] == null ? null : Vec.of(s.weighted.gradXFromLosses(x, innerIdx, losses[k])), g == null ? null : Vec.of(g));
        }
        return out;
    }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) {
        double[] dv = Vec.array(v), out = new double[dv.length];
        s.weighted.hvp(Vec.array(x), Vec.array(y), innerIdx, dv, out);
        for (int j = 0; j < out.length; j++) out[j] += 2 * s.reg * dv[j];
        return Vec.of(out);
    }

    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return Vec.of(s.weighted.crossXY(Vec.array(x), Vec.array(y), innerIdx, Vec.array(v))); }

    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) {
        double[] out = new double[dimY()];
        s.weighted.crossYX(Vec.array(x), Vec.array(y), innerIdx, Vec.array(u), out);
        return Vec.of(out);
    }

    // ---- per-sample logit derivatives (SampleLogits, docs/STOCHASTIC.md §2.1): SABA's compact tables ------------

    @Override public double[] innerGradLogits(Vec x, Vec y) {
        double[] r = new double[count(innerIdx, s.train) * s.train.outputs()];
        s.train.gradLogits(Vec.array(y), innerIdx, s.weighted.weights(Vec.array(x), innerIdx), r);
        return r;
    }

    @Override public double[] innerHvpLogits(Vec x, Vec y, Vec v) {
        double[] r = new double[count(innerIdx, s.train) * s.train.outputs()];
        s.train.hvpLogits(Vec.array(y), innerIdx, s.weighted.weights(Vec.array(x), innerIdx), Vec.array(v), r);
        return r;
    }

    /** c_q = σ'(x_i) ⟨∇CE_i, v⟩ / |B| for the q-th inner sample i (the non-zero entries of innerCrossXY). */
    @Override public double[] innerCrossLogits(Vec x, Vec y, Vec v) {
        double[] full = s.weighted.crossXY(Vec.array(x), Vec.array(y), innerIdx, Vec.array(v)), c = new double[count(innerIdx, s.train)];
        for (int q = 0; q < c.length; q++) c[q] = full[innerIdx == null ? q : innerIdx[q]];
        return c;
    }

    @Override public double[] outerGradLogits(Vec x, Vec y) {
        double[] r = new double[count(outerIdx, s.val) * s.val.outputs()];
        s.val.gradLogits(Vec.array(y), outerIdx, null, r);
        return r;
    }

    @Override public Vec innerSpread(double[] r) {
        double[] out = new double[dimY()];
        s.train.spread(innerIdx, r, out);
        return Vec.of(out);
    }

    @Override public Vec innerCrossSpread(double[] c) {
        double[] out = new double[dimX()];
        for (int q = 0; q < c.length; q++) out[innerIdx == null ? q : innerIdx[q]] += c[q];
        return Vec.of(out);
    }

    @Override public Vec outerSpread(double[] r) {
        double[] out = new double[dimY()];
        s.val.spread(outerIdx, r, out);
        return Vec.of(out);
    }

    @Override public Vec innerGradYFree(Vec x, Vec y) { return y.copy().scale(2 * s.reg); }

    @Override public Vec innerHvpFree(Vec x, Vec y, Vec v) { return v.copy().scale(2 * s.reg); }

    @Override public Vec innerCrossFree(Vec x, Vec y, Vec v) { return Vec.zeros(dimX()); }

    @Override public Vec outerGradYFree(Vec x, Vec y) { return Vec.zeros(dimY()); }

    @Override public Vec outerGradXFree(Vec x, Vec y) { return Vec.zeros(dimX()); }

    private static int count(int[] rows, LogisticModel model) { return rows == null ? model.samples() : rows.length; }

    // ---- outer: validation cross-entropy ---------------------------------------------------------------

    // F(x, y): the validation cross-entropy of ValidationOuter's default methods

    @Override public LogisticModel validationModel() { return s.val; }

    @Override public int[] validationRows() { return outerIdx; }

    // ---- knowledge and metrics -------------------------------------------------------------------------

    /**
     * ½ λ_max(X̃ᵀX̃/n) + 2 reg: the softmax curvature is at most ½ and σ(x_i) ≤ 1 (λ_max estimated on the full
     * training set by power iteration; mini-batch views report the same number).
     */
    @Override public double innerLipschitz() {
        synchronized (s) {
            if (Double.isNaN(s.lipschitz)) s.lipschitz = s.train.curvatureBound() + 2 * s.reg;
            return s.lipschitz;
        }
    }

    /**
     * An estimate, not a bound: c / n with n the training samples and c = {@code hypergradScale} (default 1), so the
     * default outer step of the hypergradient solvers is n / c. The 1/n is exact scaling: x_i enters G only through
     * σ(x_i)/n, so ∂Φ/∂x_i = −(σ'(x_i)/n) ∇_W CE_iᵀ H⁻¹ ∇_W F and the diagonal of ∇²Φ is σ''(x_i)/n (|σ''| ≤ 0.1) times the
     * influence of sample i on F, plus O(1/n²) coupling. c = 1 takes influences of order 10; it is UNVERIFIED beyond
     * measurements (aid-cg on mnist, ALGORITHMS.md §1.10: outer steps n/10 .. 10n all converge, n is close to the best).
     */
    @Override public double hypergradLipschitz() { return s.hypergradScale / s.train.samples(); }

    @Override public Map<String, Double> metrics(Vec xv, Vec yv) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("testAccuracy", s.test.accuracy(Vec.array(yv), null));
        if (anyCorrupted()) m.putAll(flagMetrics(Vec.array(xv), s.corrupted)); // else nothing is known to find
        m.putAll(references());
        return m;
    }

    /**
     * Precision, recall and F1 of the samples flagged corrupt (σ(x_i) < ½, i.e. x_i < 0) against the truly corrupted
     * ones; shared by every hyper-cleaning model (analytic and torch).
     */
    public static Map<String, Double> flagMetrics(double[] x, boolean[] corrupted) {
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < x.length; i++) {
            boolean flagged = x[i] < 0; // σ(x_i) < ½
            if (flagged && corrupted[i]) tp++;
            else if (flagged) fp++;
            else if (corrupted[i]) fn++;
        }
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp), recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        return m;
    }

    /** Whether some training label is known to be corrupted (not so for a user's own labels at p = 0). */
    private boolean anyCorrupted() {
        for (boolean c : s.corrupted) if (c) return true;
        return false;
    }

    /**
     * Test accuracies of the models trained to convergence with uniform weights (1) and with oracle weights (only when
     * some label is known to be corrupted).
     */
    public Map<String, Double> references() {
        synchronized (s) {
            if (s.references == null) {
                int n = s.train.samples();
                double[] uniform = new double[n], oracle = new double[n];
                for (int i = 0; i < n; i++) {
                    uniform[i] = 1;
                    oracle[i] = s.corrupted[i] ? 0 : 1;
                }
                Map<String, Double> r = new LinkedHashMap<>();
                r.put("referenceUniform", s.test.accuracy(train(uniform, new double[dimY()]), null));
                if (anyCorrupted()) r.put("referenceOracle", s.test.accuracy(train(oracle, new double[dimY()]), null));
                s.references = r;
            }
            return s.references;
        }
    }

    /**
     * The model refit on the training data alone with the learned weights: W = argmin_W (1/n) Σ σ(x_i) CE_i(W) + reg ‖W‖²
     * (the inner problem at x, started from the solver's W) and its test accuracy, {@code testAccuracyRefit}.
     */
    @Override public Map<String, Double> refitMetrics(Vec xv, Vec yStart) {
        double[] x = Vec.array(xv), sw = new double[x.length];
        for (int i = 0; i < x.length; i++) sw[i] = 1 / (1 + Math.exp(-x[i])); // σ(x_i)
        return Map.of("testAccuracyRefit", s.test.accuracy(train(sw, yStart.toArray()), null));
    }

    /** argmin_W (1/n) Σ sw_i CE_i + reg ‖W‖², by accelerated gradient descent from w (overwritten, returned). */
    private double[] train(double[] sw, double[] w) {
        double reg = s.reg;
        AcceleratedGradient.minimize((p, g) -> {
            double v = s.train.valueGrad(p, null, sw, g);
            for (int j = 0; j < g.length; j++) g[j] += 2 * reg * p[j];
            return v + reg * dot(p, p);
        }, w, innerLipschitz(), s.referenceIterations, 1e-6);
        return w;
    }

    private static double dot(double[] a, double[] b) {
        double t = 0;
        for (int j = 0; j < a.length; j++) t += a[j] * b[j];
        return t;
    }
}
