package org.bilevel4j.smoothing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.vec.Vec;

/**
 * Problem (1) of ALGORITHMS.md §3.1 with the smoothed regularizer: adds Σ_k e^{x_k} ψ̃_k(y, μ) to the inner
 * objective of any problem. The outer variable is x = [x_1..x_K, x̃] where x_1..x_K (K = regularizer terms: 1,
 * or 2 for OSCAR) are the log-weights of the terms and x̃ the hyper-parameters of the base problem.
 * <pre>
 *   G(x, y) = G₀(x̃, y) + Σ_k e^{x_k} ψ̃_k(y, μ),   F(x, y) = F₀(x̃, y)
 *   ∇_{x_k} G = e^{x_k} ψ̃_k,   ∇²_{x_k y} G = e^{x_k} ∇ψ̃_k,   ∇²_yy G = ∇²_yy G₀ + Σ_k e^{x_k} ∇²ψ̃_k
 * </pre>
 * μ is shared with every mini-batch view ({@link Smoothed}).
 * <p>Refit ({@link #refitMetrics}): y = argmin_y G(x, y) from the initial y (the same start for every method; the run's
 * y plays no part, as the smoothed G need not be convex) at the μ the task was built with (not the μ a solver's
 * schedule set), and the named metrics read there.
 */
public class RegularizedProblem implements BilevelProblem, Smoothed {
    private final BilevelProblem base;
    private final Regularizer reg;
    private final int k;
    private final double[] muRef; // shared with views
    private final double[] x0Reg;
    private final double taskMu; // the μ the task was built with: the refit's
    private final List<String> refitNames; // metrics read at the refit, or null: the base's refit metrics name them

    /** @param x0Reg the initial log-weights (length = regularizer terms) */
    public RegularizedProblem(BilevelProblem base, Regularizer reg, double mu, double[] x0Reg) {
        this(base, reg, mu, x0Reg, null);
    }

    /**
     * @param refitNames the metrics (of {@link #metrics}) that {@link #refitMetrics} reads at the refit y, each reported as
     *                   name + "Refit"; null: those of the base's own refit metrics (computed once to learn their names)
     */
    public RegularizedProblem(BilevelProblem base, Regularizer reg, double mu, double[] x0Reg, List<String> refitNames) {
        this(base, reg, new double[] {mu}, x0Reg, mu, refitNames);
        setMu(mu);
    }

    private RegularizedProblem(BilevelProblem base, Regularizer reg, double[] muRef, double[] x0Reg, double taskMu, List<String> refitNames) {
        if (reg.dim() >= 0 && reg.dim() != base.dimY())
            throw new IllegalArgumentException(reg.name() + " is for dimension " + reg.dim() + " but the inner variable has " + base.dimY());
        if (x0Reg.length != reg.terms())
            throw new IllegalArgumentException(reg.name() + " has " + reg.terms() + " terms but " + x0Reg.length + " initial log-weights were given");
        this.base = base;
        this.reg = reg;
        this.k = reg.terms();
        this.muRef = muRef;
        this.x0Reg = x0Reg.clone();
        this.taskMu = taskMu;
        this.refitNames = refitNames == null ? null : List.copyOf(refitNames);
    }

    public BilevelProblem base() { return base; }

    public Regularizer regularizer() { return reg; }

    @Override public double mu() { return muRef[0]; }

    @Override public void setMu(double mu) {
        Regularizer.requireMu(mu);
        muRef[0] = mu;
    }

    // ---- splitting x ---------------------------------------------------------------------------------------

    private double[] weights(Vec x) {
        double[] a = Vec.array(x), c = new double[k];
        for (int i = 0; i < k; i++) c[i] = Math.exp(a[i]);
        return c;
    }

    private Vec baseX(Vec x) {
        double[] a = Vec.array(x);
        return Vec.of(java.util.Arrays.copyOfRange(a, k, a.length));
    }

    /** [head (K entries), tail]. */
    private static Vec join(double[] head, Vec tail) {
        double[] t = Vec.array(tail), out = new double[head.length + t.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(t, 0, out, head.length, t.length);
        return Vec.of(out);
    }

    /** c with only entry i kept. */
    private static double[] only(double[] c, int i) {
        double[] e = new double[c.length];
        e[i] = c[i];
        return e;
    }

    // ---- problem --------------------------------------------------------------------------------------------

    @Override public String name() { return base.name() + "+" + reg.name(); }
    @Override public int dimX() { return k + base.dimX(); }
    @Override public int dimY() { return base.dimY(); }

    @Override public double outerValue(Vec x, Vec y) { return base.outerValue(baseX(x), y); }

    @Override public double innerValue(Vec x, Vec y) {
        return base.innerValue(baseX(x), y) + reg.smoothValue(Vec.array(y), mu(), weights(x));
    }

    /** G₀ + Σ_k e^{x_k} ψ_k with the exact (non-smooth) regularizer. */
    public double nonSmoothInnerValue(Vec x, Vec y) {
        return base.innerValue(baseX(x), y) + reg.value(Vec.array(y), weights(x));
    }

    @Override public Vec outerGradX(Vec x, Vec y) { return join(new double[k], base.outerGradX(baseX(x), y)); }

    @Override public Vec outerGradY(Vec x, Vec y) { return base.outerGradY(baseX(x), y); }

    @Override public Vec innerGradX(Vec x, Vec y) {
        double[] c = weights(x), w = Vec.array(y), head = new double[k];
        for (int i = 0; i < k; i++) head[i] = reg.smoothValue(w, mu(), only(c, i));
        return join(head, base.innerGradX(baseX(x), y));
    }

    @Override public Vec innerGradY(Vec x, Vec y) {
        Vec g = base.innerGradY(baseX(x), y);
        reg.addSmoothGradient(Vec.array(y), mu(), weights(x), Vec.array(g));
        return g;
    }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) {
        Vec h = base.innerHvpYY(baseX(x), y, v);
        reg.addSmoothHvp(Vec.array(y), mu(), weights(x), Vec.array(v), Vec.array(h));
        return h;
    }

    /** [e^{x_k} ∇ψ̃_kᵀ v]_k followed by ∇²_{x̃y} G₀ v. */
    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) {
        double[] c = weights(x), w = Vec.array(y), vv = Vec.array(v), head = new double[k];
        for (int i = 0; i < k; i++) {
            double[] g = new double[w.length];
            reg.addSmoothGradient(w, mu(), only(c, i), g);
            double s = 0;
            for (int j = 0; j < g.length; j++) s += g[j] * vv[j];
            head[i] = s;
        }
        return join(head, base.innerCrossXY(baseX(x), y, v));
    }

    /** ∇²_{yx̃} G₀ ũ + Σ_k u_k e^{x_k} ∇ψ̃_k. */
    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) {
        double[] c = weights(x), uu = Vec.array(u);
        for (int i = 0; i < k; i++) c[i] *= uu[i];
        Vec out = base.innerCrossYX(baseX(x), y, baseX(u));
        reg.addSmoothGradient(Vec.array(y), mu(), c, Vec.array(out));
        return out;
    }

    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) { return base.outerHvpYY(baseX(x), y, v); }

    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return join(new double[k], base.outerCrossXY(baseX(x), y, v)); }

    @Override public int outerSamples() { return base.outerSamples(); }
    @Override public int innerSamples() { return base.innerSamples(); }

    @Override public BilevelProblem batch(int[] outerIdx, int[] innerIdx) {
        return new RegularizedProblem(base.batch(outerIdx, innerIdx), reg, muRef, x0Reg, taskMu, refitNames);
    }

    /** The base box, with the log-weights unbounded; null when the base has none. */
    @Override public Box bounds() {
        Box b = base.bounds();
        if (b == null) return null;
        double[] lo = new double[k], hi = new double[k];
        java.util.Arrays.fill(lo, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.POSITIVE_INFINITY);
        return new Box(join(lo, b.lo()), join(hi, b.hi()));
    }

    @Override public boolean innerNonConvex() { return base.innerNonConvex() || !reg.convex(); }

    @Override public Vec initialX() { return join(x0Reg.clone(), base.initialX()); }
    @Override public Vec initialY() { return base.initialY(); }

    @Override public Map<String, Double> metrics(Vec x, Vec y) {
        Map<String, Double> m = new HashMap<>(base.metrics(baseX(x), y));
        m.put("innerNonSmooth", nonSmoothInnerValue(x, y));
        return m;
    }

    @Override public org.bilevel4j.problem.Metric metric(String name) { return base.metric(name); }

    /** Iterations of the refit's accelerated descent (to ‖∇_y G‖ ≤ 1e-6). */
    public static final int REFIT_ITERATIONS = 1000;

    /** The refit's y: argmin_y G(x, y) of the whole inner loss, base plus regularizer, from the initial y at the task's μ. */
    public Vec refitY(Vec x) {
        RegularizedProblem atTaskMu = new RegularizedProblem(base, reg, new double[] {taskMu}, x0Reg, taskMu, List.of());
        return org.bilevel4j.problem.Refit.innerMinimizer(atTaskMu, x, initialY(), REFIT_ITERATIONS, 1e-6);
    }

    /** The named metrics (see the constructor) read at {@link #refitY}; none when nothing is named. */
    @Override public Map<String, Double> refitMetrics(Vec x, Vec yStart) {
        List<String> names = refitNames != null ? refitNames : base.refitMetrics(baseX(x), yStart).keySet().stream()
                .map(n -> n.substring(0, n.length() - org.bilevel4j.problem.Metric.REFIT.length())).toList();
        if (names.isEmpty()) return Map.of();
        return org.bilevel4j.problem.Refit.renamed(metrics(x, refitY(x)), names);
    }

    @Override public int[][] parameterGroups() { return base.parameterGroups(); }
}
