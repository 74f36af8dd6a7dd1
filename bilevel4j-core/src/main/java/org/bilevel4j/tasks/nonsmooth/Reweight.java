package org.bilevel4j.tasks.nonsmooth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.model.Precision;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * Data re-weighting (ALGORITHMS.md §3.8), the smooth base part: a multinomial logistic model W (no bias) trained on a
 * class-imbalanced set with per-sample weights e^{x_i} normalized as a mean ({@link ExpSampleWeights}); outer loss the
 * mean cross-entropy on a balanced validation set. The non-smooth sparse group lasso e^{x_a}‖W‖₁ + e^{x_b} Σ_g ‖W_g‖₂
 * is added by {@link org.bilevel4j.smoothing.RegularizedProblem} (see {@link NonsmoothTasks#reweight}).
 * <pre>
 *   inner  G(x, W) = Σ_i e^{x_i} ℓ_i(W) / Σ_l e^{x_l}         outer  F(x, W) = (1/m) Σ_val ℓ_j(W)
 * </pre>
 * Metrics: test accuracy and balanced accuracy (mean per-class recall) on a balanced test set.
 */
public final class Reweight implements BilevelProblem {
    private final LogisticModel train, val, test;
    private final ExpSampleWeights weights;
    private final int[][] testByClass;
    private final int[] innerIdx, outerIdx;

    public Reweight(LabeledData train, LabeledData val, LabeledData test) {
        int k = train.numClasses();
        if (val.numClasses() != k || test.numClasses() != k) throw new IllegalArgumentException("train, validation and test must have the same classes");
        if (val.x().cols() != train.x().cols() || test.x().cols() != train.x().cols())
            throw new IllegalArgumentException("train, validation and test must have the same number of features");
        this.train = LogisticModel.multinomial(train.x(), train.labels(), k, false);
        this.val = LogisticModel.multinomial(val.x(), val.labels(), k, false);
        this.test = LogisticModel.multinomial(test.x(), test.labels(), k, false);
        this.weights = new ExpSampleWeights(this.train);
        this.testByClass = byClass(test.labels(), k);
        this.innerIdx = null;
        this.outerIdx = null;
    }

    private Reweight(LogisticModel train, LogisticModel val, LogisticModel test, int[][] testByClass) {
        this.train = train;
        this.val = val;
        this.test = test;
        this.weights = new ExpSampleWeights(train);
        this.testByClass = testByClass;
        this.innerIdx = null;
        this.outerIdx = null;
    }

    /** The same problem (same data) with the model sweeps in precision p ({@link Precision#FLOAT}: the float32 SIMD kernel). */
    public Reweight withPrecision(Precision p) {
        if (p == train.precision()) return this;
        if (innerIdx != null || outerIdx != null) throw new IllegalStateException("set the precision of the full problem, not of a batch view");
        return new Reweight(train.withPrecision(p), val.withPrecision(p), test.withPrecision(p), testByClass);
    }

    private Reweight(Reweight f, int[] outerIdx, int[] innerIdx) {
        train = f.train; val = f.val; test = f.test; weights = f.weights; testByClass = f.testByClass;
        this.outerIdx = outerIdx;
        this.innerIdx = innerIdx;
    }

    static int[][] byClass(int[] labels, int k) {
        int[] cnt = new int[k];
        for (int l : labels) cnt[l]++;
        int[][] out = new int[k][];
        for (int c = 0; c < k; c++) out[c] = new int[cnt[c]];
        int[] pos = new int[k];
        for (int i = 0; i < labels.length; i++) out[labels[i]][pos[labels[i]]++] = i;
        return out;
    }

    /** Mean over the classes present of the fraction of their rows classified correctly. */
    static double balancedAccuracy(LogisticModel m, double[] w, int[][] byClass) {
        double s = 0;
        int c = 0;
        for (int[] rows : byClass) {
            if (rows.length == 0) continue;
            s += m.accuracy(w, rows);
            c++;
        }
        return s / c;
    }

    /** The model of the training set (features, classes, parameter layout). */
    public LogisticModel trainModel() { return train; }

    @Override public String name() { return "reweight"; }
    @Override public int dimX() { return train.samples(); }
    @Override public int dimY() { return train.dim(); }
    @Override public int innerSamples() { return train.samples(); }
    @Override public int outerSamples() { return val.samples(); }

    @Override public BilevelProblem batch(int[] outer, int[] inner) {
        Batches.check(outer, outerSamples(), "outer");
        Batches.check(inner, innerSamples(), "inner");
        return new Reweight(this, outer, inner);
    }

    @Override public double innerValue(Vec x, Vec y) { return weights.value(Vec.array(x), Vec.array(y), innerIdx); }

    @Override public Vec innerGradY(Vec x, Vec y) {
        double[] g = new double[dimY()];
        weights.valueGradW(Vec.array(x), Vec.array(y), innerIdx, g);
        return Vec.of(g);
    }

    @Override public Vec innerGradX(Vec x, Vec y) { return Vec.of(weights.gradX(Vec.array(x), Vec.array(y), innerIdx)); }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) {
        double[] out = new double[dimY()];
        weights.hvp(Vec.array(x), Vec.array(y), innerIdx, Vec.array(v), out);
        return Vec.of(out);
    }

    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return Vec.of(weights.crossXY(Vec.array(x), Vec.array(y), innerIdx, Vec.array(v))); }

    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) {
        double[] out = new double[dimY()];
        weights.crossYX(Vec.array(x), Vec.array(y), innerIdx, Vec.array(u), out);
        return Vec.of(out);
    }

    @Override public double outerValue(Vec x, Vec y) { return val.value(Vec.array(y), outerIdx, null); }

    @Override public Vec outerGradY(Vec x, Vec y) {
        double[] g = new double[dimY()];
        val.valueGrad(Vec.array(y), outerIdx, null, g);
        return Vec.of(g);
    }

    @Override public Vec outerGradX(Vec x, Vec y) { return Vec.zeros(dimX()); }

    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) {
        double[] out = new double[dimY()];
        val.hvp(Vec.array(y), outerIdx, null, Vec.array(v), out);
        return Vec.of(out);
    }

    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return Vec.zeros(dimX()); }

    @Override public Map<String, Double> metrics(Vec x, Vec y) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("testAccuracy", test.accuracy(Vec.array(y), null));
        m.put("balancedAccuracy", balancedAccuracy(test, Vec.array(y), testByClass));
        return m;
    }

    /** The model refit on the training data alone with the learned weights e^{x_i}: both metrics at argmin_W G(x, W). */
    @Override public Map<String, Double> refitMetrics(Vec x, Vec yStart) {
        return org.bilevel4j.problem.Refit.renamed(metrics(x, org.bilevel4j.problem.Refit.innerMinimizer(this, x, yStart, REFIT_ITERATIONS, 1e-6)),
                java.util.List.of("testAccuracy", "balancedAccuracy"));
    }

    /** Iterations of the refit's accelerated descent. */
    public static final int REFIT_ITERATIONS = 1000;
}
