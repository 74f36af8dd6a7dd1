package org.bilevel4j.tasks.nonsmooth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.model.Precision;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.smoothing.Lp;
import org.bilevel4j.smoothing.Regularizer;
import org.bilevel4j.smoothing.Smoothed;
import org.bilevel4j.vec.Vec;

/**
 * Training-data poisoning (ALGORITHMS.md §3.8): the outer variable x ∈ [0,1]^{P·d} holds the features of P poisoned
 * training points with fixed (flipped) labels; the outer problem MAXIMIZES the validation loss, written as the
 * minimization of its negative. Multinomial logistic model W ∈ R^{K×d} (no bias), l_p^p inner regularizer (p = 0.6)
 * with a fixed coefficient, smoothed as in §3.2 (ψ̃₂ with the problem's μ):
 * <pre>
 *   inner  G(x, W) = (1/N) [Σ_{i∈clean} ℓ_i(W) + Σ_{j≤P} ℓ(W; a_j(x), t_j)] + reg Σ (W_i² + μ²)^{p/2},   N = n + P
 *   outer  F(x, W) = −(1/m) Σ_val ℓ_i(W)
 * </pre>
 * Only the poisoned points depend on x ({@link PoisonPoints}). The inner problem is a single sum (no inner
 * mini-batches); the outer is a finite sum over the validation rows. Metrics: test accuracy (drops when the poisoning
 * works) and the validation loss −F.
 * <p>Refit: the model trained on the poisoned set at the final x, W = argmin_W G(x, W) from the initial W = 0 (the
 * victim retrains; G is not convex, so the run's own W, which some methods also move on F, is not used as the start)
 * at the task's μ (not the μ SPNBO halved), {@code testAccuracyRefit} and {@code validationLossRefit}. Reference
 * {@code referenceClean}: the same training on the clean rows alone, (1/n) Σ ℓ_i + reg Σ (W_i² + μ²)^{p/2}.
 */
public final class Poison implements BilevelProblem, Smoothed {
    private final LogisticModel clean, val, test;
    private final PoisonPoints points;
    private final Regularizer reg;
    private final double regCoef, cleanShare, taskMu;
    private final double[] muRef, x0;
    private final int[] outerIdx;
    private final boolean withPoints; // false: the clean reference's inner problem (no poisoned points, cleanShare 1)
    private final Map<String, Double> reference; // referenceClean, computed once, shared with the views

    /**
     * @param poisonStart the initial poisoned features (P·d values in [0, 1], row-major)
     * @param poisonLabels the poisoned points' labels
     */
    public Poison(LabeledData train, LabeledData val, LabeledData test, double[] poisonStart, int[] poisonLabels, double p,
                  double regCoef, double mu) {
        int k = train.numClasses(), d = train.x().cols();
        if (val.numClasses() != k || test.numClasses() != k) throw new IllegalArgumentException("train, validation and test must have the same classes");
        if (val.x().cols() != d || test.x().cols() != d) throw new IllegalArgumentException("train, validation and test must have the same number of features");
        if (poisonLabels.length == 0 || poisonStart.length != (long) poisonLabels.length * d)
            throw new IllegalArgumentException("need at least one poisoned point and " + d + " features per poisoned point");
        for (int t : poisonLabels) if (t < 0 || t >= k) throw new IllegalArgumentException("poison label " + t + " outside 0.." + (k - 1));
        if (!(regCoef >= 0)) throw new IllegalArgumentException("reg must be >= 0, got " + regCoef);
        int n = train.size(), total = n + poisonLabels.length;
        this.clean = LogisticModel.multinomial(train.x(), train.labels(), k, false);
        this.val = LogisticModel.multinomial(val.x(), val.labels(), k, false);
        this.test = LogisticModel.multinomial(test.x(), test.labels(), k, false);
        this.points = new PoisonPoints(poisonLabels, d, k, 1.0 / total);
        this.reg = new Lp(p);
        this.regCoef = regCoef;
        this.cleanShare = (double) n / total;
        this.muRef = new double[] {mu};
        setMu(mu);
        this.taskMu = mu;
        this.x0 = poisonStart.clone();
        for (double v : x0) if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("poisoned features must lie in [0, 1], got " + v);
        this.outerIdx = null;
        this.withPoints = true;
        this.reference = new LinkedHashMap<>();
    }

    private Poison(Poison f, int[] outerIdx) {
        clean = f.clean; val = f.val; test = f.test; points = f.points; reg = f.reg; regCoef = f.regCoef; cleanShare = f.cleanShare;
        muRef = f.muRef; x0 = f.x0; taskMu = f.taskMu; withPoints = f.withPoints; reference = f.reference;
        this.outerIdx = outerIdx;
    }

    private Poison(Poison f, Precision p) {
        clean = f.clean.withPrecision(p); val = f.val.withPrecision(p); test = f.test.withPrecision(p); points = f.points; reg = f.reg;
        regCoef = f.regCoef; cleanShare = f.cleanShare; muRef = f.muRef; x0 = f.x0; outerIdx = f.outerIdx; taskMu = f.taskMu;
        withPoints = f.withPoints; reference = new LinkedHashMap<>();
    }

    /** The refit's inner problem: G at the task's μ (its own, not shared with the run's views), with or without the poisoned points. */
    private Poison(Poison f, boolean withPoints) {
        clean = f.clean; val = f.val; test = f.test; points = f.points; reg = f.reg; regCoef = f.regCoef; x0 = f.x0; outerIdx = null;
        taskMu = f.taskMu; muRef = new double[] {f.taskMu}; reference = f.reference;
        this.withPoints = withPoints;
        cleanShare = withPoints ? f.cleanShare : 1;
    }

    /**
     * The same problem (same data, nothing copied; μ shared) with the sweeps over the clean, validation and test rows in
     * precision p ({@link Precision#FLOAT}: the float32 SIMD kernel); the P poisoned points, whose features are the
     * continuous outer variable, are computed in double either way ({@link PoisonPoints}).
     */
    public Poison withPrecision(Precision p) { return p == clean.precision() ? this : new Poison(this, p); }

    /** The row kernel of the clean training rows (for reports). */
    public String kernel() { return clean.kernel(); }

    @Override public double mu() { return muRef[0]; }

    @Override public void setMu(double mu) {
        Regularizer.requireMu(mu);
        muRef[0] = mu;
    }

    private double[] c() { return new double[] {regCoef}; }

    @Override public String name() { return "poison"; }
    @Override public int dimX() { return x0.length; }
    @Override public int dimY() { return clean.dim(); }
    @Override public int outerSamples() { return val.samples(); }

    @Override public BilevelProblem batch(int[] outer, int[] inner) {
        Batches.check(outer, outerSamples(), "outer");
        return new Poison(this, outer);
    }

    @Override public Box bounds() { return Box.uniform(dimX(), 0, 1); }
    @Override public boolean innerNonConvex() { return !reg.convex(); }
    @Override public Vec initialX() { return Vec.of(x0.clone()); }

    // ---- inner --------------------------------------------------------------------------------------------------

    @Override public double innerValue(Vec x, Vec y) {
        double[] w = Vec.array(y);
        return cleanShare * clean.value(w, null, null) + (withPoints ? points.value(w, Vec.array(x)) : 0) + reg.smoothValue(w, mu(), c());
    }

    @Override public Vec innerGradY(Vec x, Vec y) {
        double[] w = Vec.array(y), g = new double[w.length];
        clean.valueGrad(w, null, null, g);
        for (int i = 0; i < g.length; i++) g[i] *= cleanShare;
        if (withPoints) points.addGradW(w, Vec.array(x), g);
        reg.addSmoothGradient(w, mu(), c(), g);
        return Vec.of(g);
    }

    @Override public Vec innerGradX(Vec x, Vec y) { return Vec.of(points.gradX(Vec.array(y), Vec.array(x))); }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) {
        double[] w = Vec.array(y), dv = Vec.array(v), out = new double[w.length];
        clean.hvp(w, null, null, dv, out);
        for (int i = 0; i < out.length; i++) out[i] *= cleanShare;
        if (withPoints) points.addHvp(w, Vec.array(x), dv, out);
        reg.addSmoothHvp(w, mu(), c(), dv, out);
        return Vec.of(out);
    }

    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return Vec.of(points.crossXY(Vec.array(y), Vec.array(x), Vec.array(v))); }

    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) {
        double[] out = new double[dimY()];
        points.addCrossYX(Vec.array(y), Vec.array(x), Vec.array(u), out);
        return Vec.of(out);
    }

    // ---- outer: minus the validation loss -----------------------------------------------------------------------

    @Override public double outerValue(Vec x, Vec y) { return -val.value(Vec.array(y), outerIdx, null); }

    @Override public Vec outerGradY(Vec x, Vec y) {
        double[] g = new double[dimY()];
        val.valueGrad(Vec.array(y), outerIdx, null, g);
        return Vec.of(g).scale(-1);
    }

    @Override public Vec outerGradX(Vec x, Vec y) { return Vec.zeros(dimX()); }

    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) {
        double[] out = new double[dimY()];
        val.hvp(Vec.array(y), outerIdx, null, Vec.array(v), out);
        return Vec.of(out).scale(-1);
    }

    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return Vec.zeros(dimX()); }

    @Override public Map<String, Double> metrics(Vec x, Vec y) {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] w = Vec.array(y);
        m.put("testAccuracy", test.accuracy(w, null));
        m.put("validationLoss", val.value(w, null, null));
        m.put("innerNonSmooth", cleanShare * clean.value(w, null, null) + points.value(w, Vec.array(x)) + reg.value(w, c()));
        m.putAll(referenceClean());
        return m;
    }

    /** Iterations of the refit's accelerated descent ({@link org.bilevel4j.problem.Refit}, to ‖∇_W G‖ ≤ 1e-6). */
    public static final int REFIT_ITERATIONS = 1000;

    /** The model trained on the poisoned set at x: from W = 0 at the task's μ (G is not convex: the start matters). */
    public Vec refitY(Vec x) {
        Poison g = new Poison(this, true);
        return org.bilevel4j.problem.Refit.innerMinimizer(g, x, g.initialY(), REFIT_ITERATIONS, 1e-6);
    }

    /** The same from the initial W on the clean rows alone (the reference's W; x plays no part). */
    public Vec cleanY() {
        Poison g = new Poison(this, false);
        return org.bilevel4j.problem.Refit.innerMinimizer(g, x0Vec(), g.initialY(), REFIT_ITERATIONS, 1e-6);
    }

    private Vec x0Vec() { return Vec.of(x0.clone()); }

    private Map<String, Double> referenceClean() {
        synchronized (reference) {
            if (reference.isEmpty()) reference.put("referenceClean", test.accuracy(Vec.array(cleanY()), null));
            return Map.copyOf(reference);
        }
    }

    /** The attack measured as a model trained on the poisoned set sees it, whichever way the method moved its own W. */
    @Override public Map<String, Double> refitMetrics(Vec x, Vec yStart) {
        double[] w = Vec.array(refitY(x));
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("testAccuracyRefit", test.accuracy(w, null));
        m.put("validationLossRefit", val.value(w, null, null));
        return m;
    }

    /** The attack works against the model: lower test accuracy and higher validation loss are its goal, at the run's W, refit, and for the reference. */
    @Override public org.bilevel4j.problem.Metric metric(String name) {
        org.bilevel4j.problem.Metric m = org.bilevel4j.problem.Metric.of(name);
        String base = m.kind() == org.bilevel4j.problem.Metric.Kind.REFIT ? name.substring(0, name.length() - org.bilevel4j.problem.Metric.REFIT.length())
                : m.kind() == org.bilevel4j.problem.Metric.Kind.REFERENCE ? m.referenceOf() : name;
        return base.equals("testAccuracy") || base.equals("validationLoss") ? m.reversed() : m;
    }

    /**
     * Each feature min–max scaled into [0, 1] on the first part (the training rows), the others clipped into [0, 1]; a
     * constant feature becomes 0. For tabular data, whose features have their own ranges (one global min–max would
     * leave a feature of small range nearly constant and let a poisoned point go far outside it).
     */
    static LabeledData[] unitScaledPerFeature(LabeledData... parts) {
        DenseMatrix first = (DenseMatrix) parts[0].x();
        int d = first.cols();
        double[] lo = new double[d], hi = new double[d];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        float[] f = first.values();
        for (int i = 0; i < first.rows(); i++)
            for (int j = 0; j < d; j++) { lo[j] = Math.min(lo[j], f[i * d + j]); hi[j] = Math.max(hi[j], f[i * d + j]); }
        LabeledData[] out = new LabeledData[parts.length];
        for (int p = 0; p < parts.length; p++) {
            DenseMatrix m = (DenseMatrix) parts[p].x();
            float[] v = m.values().clone();
            for (int i = 0; i < m.rows(); i++)
                for (int j = 0; j < d; j++) {
                    double range = hi[j] - lo[j];
                    v[i * d + j] = range > 0 ? (float) Math.min(1, Math.max(0, (v[i * d + j] - lo[j]) / range)) : 0f;
                }
            out[p] = LabeledData.classification(new DenseMatrix(m.rows(), d, v), parts[p].labels(), parts[p].numClasses());
        }
        return out;
    }

    /** Features scaled into [0, 1] by one global min–max (digits: /16; MNIST stays as it is). */
    static LabeledData[] unitScaled(LabeledData... parts) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (LabeledData p : parts) for (float v : ((DenseMatrix) p.x()).values()) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        double range = hi > lo ? hi - lo : 1;
        LabeledData[] out = new LabeledData[parts.length];
        for (int i = 0; i < parts.length; i++) {
            DenseMatrix m = (DenseMatrix) parts[i].x();
            float[] v = m.values().clone();
            for (int j = 0; j < v.length; j++) v[j] = (float) Math.min(1, Math.max(0, (v[j] - lo) / range));
            out[i] = LabeledData.classification(new DenseMatrix(m.rows(), m.cols(), v), parts[i].labels(), parts[i].numClasses());
        }
        return out;
    }
}
