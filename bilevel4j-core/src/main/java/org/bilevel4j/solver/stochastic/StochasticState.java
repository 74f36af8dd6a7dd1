package org.bilevel4j.solver.stochastic;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.opt.Rng;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.vec.Vec;

/**
 * The state of the stochastic single- and two-loop methods (docs/STOCHASTIC.md): x, y, the linear-system
 * variable v, the named direction and previous-point buffers a method keeps (d_x, x_old, ...), the two batch
 * samplers, a random stream for randomly truncated series, and SABA's tables. All of it is saved in checkpoints.
 */
public final class StochasticState extends SolverState {
    public final Vec v;
    /** Named vectors a method carries between iterations (recursive directions, previous iterates). */
    public final Map<String, Vec> buffers = new LinkedHashMap<>();
    final BatchCycle inner, outer;
    final Rng rng;
    final Map<String, SagaTable> tables = new LinkedHashMap<>();
    /** SABA's compact tables of per-sample logit derivatives, for linear models (docs/STOCHASTIC.md §2.1). */
    final Map<String, LogitTable> logitTables = new LinkedHashMap<>();

    StochasticState(BilevelProblem problem, Vec x, Vec y, Vec v, int innerBatch, int outerBatch, long seed) {
        super(problem, x, y);
        this.v = v;
        Rng seeds = new Rng(seed);
        this.inner = new BatchCycle(problem.innerSamples(), innerBatch, seeds.nextLong());
        this.outer = new BatchCycle(problem.outerSamples(), outerBatch, seeds.nextLong());
        this.rng = new Rng(seeds.nextLong());
        this.innerViews = new BilevelProblem[inner.count];
        this.outerViews = new BilevelProblem[outer.count];
    }

    private final BilevelProblem[] innerViews, outerViews; // batch views by batch index (rebuilt on demand, not saved)

    /** The view of inner batch k (its outer half is one sample and unused). */
    BilevelProblem innerView(int k) {
        if (innerViews[k] == null) innerViews[k] = problem.batch(new int[] {0}, inner.indices(k));
        return innerViews[k];
    }

    /** The view of outer batch k (its inner half is one sample and unused). */
    BilevelProblem outerView(int k) {
        if (outerViews[k] == null) outerViews[k] = problem.batch(outer.indices(k), new int[] {0});
        return outerViews[k];
    }

    /** The view of the next inner batch. */
    BilevelProblem nextInner() { return innerView(inner.next()); }

    /** The view of the next outer batch. */
    BilevelProblem nextOuter() { return outerView(outer.next()); }

    /**
     * x ← Proj_X(x − step·d): the outer step, then the problem's box when it has one (projected SGD; poison's pixels stay
     * in [0, 1], weight decay's log-decays in the range its inner step 1/L_g was taken for). Inside the box x is unchanged
     * bit for bit.
     */
    void moveX(double step, Vec d) {
        x.axpy(-step, d);
        Box box = problem.bounds();
        if (box != null) box.project(x);
    }

    /** Buffer {@code name}, or null before it is first set. */
    Vec buf(String name) { return buffers.get(name); }

    /** Sets buffer {@code name} to a copy of {@code value}. */
    void keep(String name, Vec value) {
        Vec b = buffers.get(name);
        if (b == null) buffers.put(name, value.copy());
        else b.assign(value);
    }

    /** Doubles held in SAGA tables (for the memory notes). */
    public double tableDoubles() {
        double d = 0;
        for (SagaTable t : tables.values()) d += t.doubles();
        for (LogitTable t : logitTables.values()) d += t.doubles();
        return d;
    }

    /**
     * Growth back-off of the x step (issue 11: "adapt when values grow"), for the single-loop methods: when the x
     * direction's norm rises above GROWTH times its smallest value since the last back-off, and above FLOOR times its
     * largest value so far, the x step outruns the y and v tracking (y*(x) moving fast with x), so γ is halved at once
     * (trace: outerStepScale). The second condition keeps rounding noise near a solution (directions many orders below
     * the largest) from triggering it. The first WARMUP iterations are not watched: the direction grows there by design
     * while v forms from 0. This catches fast divergence only; slow growth is the tracking rule's ({@link #track}).
     */
    static final double GROWTH = 10, FLOOR = 1e-3;
    /** Iterations not watched at the start, and the default length of the tracking rule's windows ({@link #window}). */
    static final long WARMUP = 100;
    /** Iterations in a window of the tracking rule: WARMUP, or what a method sets at init (SABA: an epoch of its tables). */
    long window = WARMUP;
    /** Factor on γ_t (1 until a back-off), the smallest direction norm since the last back-off (0: none yet), the largest. */
    double outerStepScale = 1, bestDirection, peakDirection;
    /** Sums of each tracking error ‖D_y‖, ‖D_v‖ over the current window and over the previous one (0: none yet). */
    double[] trackingWindow = new double[0], previousTracking = new double[0];

    /**
     * γ_t times the back-off factor, after watching the direction dx and the tracking errors (the residuals D_y, D_v
     * of the y and v updates: how far y and v lag their targets y*(x), v*(x)); records the factor in the extras.
     */
    double outerStep(StochasticSettings st, long t, Vec dx, Vec... tracking) {
        ceiling = st.rule().ceiling();
        significance = st.rule().significance();
        outerStepScale = Math.min(outerStepScale, ceiling);
        return st.rule().windowWatch() ? windowWatch(st, t, dx, tracking) : outerStep(st, t, dx, GROWTH, tracking);
    }

    /** The largest s (StepRule's coupling ceiling; 1 without one): s starts there and the tracking rule doubles up to it. */
    double ceiling = 1;
    /** The window watch: the largest ‖D_x‖ of the current and of the previous window, the last halving (−1: none) and its norm. */
    double windowPeak, previousPeak, halvedNorm;
    long lastHalving = -1;

    /**
     * The growth back-off with {@code growthWatch=window} (issue 13; docs/STOCHASTIC.md §0): halve s when ‖D_x‖ exceeds GROWTH
     * times the largest norm of the previous window, at most once a window unless the direction grows GROWTH-fold again past
     * the norm that set off the last halving (a fast divergence goes on halving step by step). A mini-batch direction's norm
     * is heavy-tailed on both sides; its largest value over a window is a steady reference where its smallest is not.
     */
    private double windowWatch(StochasticSettings st, long t, Vec dx, Vec[] tracking) {
        double n = dx.norm();
        track(t, tracking);
        if (t >= WARMUP) {
            boolean free = lastHalving < 0 || t - lastHalving >= window;
            if ((free && previousPeak > 0 && n > GROWTH * previousPeak) || (!free && n > GROWTH * halvedNorm)) {
                outerStepScale /= 2;
                lastHalving = t;
                halvedNorm = n;
            }
        }
        windowPeak = Math.max(windowPeak, n);
        if ((t + 1) % window == 0) {
            previousPeak = windowPeak;
            windowPeak = 0;
        }
        extras.put("outerStepScale", outerStepScale);
        return st.gamma(t) * outerStepScale;
    }

    /**
     * As above with the back-off's growth factor {@code growth} instead of GROWTH: SABA watches the mean of its D_x tables,
     * a smooth average over an epoch, for which a doubling is already growth (docs/STOCHASTIC.md §2, "x step").
     */
    double outerStep(StochasticSettings st, long t, Vec dx, double growth, Vec... tracking) {
        double n = dx.norm();
        track(t, tracking);
        if (t < WARMUP) {
            extras.put("outerStepScale", outerStepScale);
            return st.gamma(t) * outerStepScale;
        }
        peakDirection = Math.max(peakDirection, n);
        if (bestDirection > 0 && n > growth * bestDirection && n > FLOOR * peakDirection) {
            outerStepScale /= 2;
            bestDirection = n;
        } else if (bestDirection == 0 || n < bestDirection) bestDirection = n;
        extras.put("outerStepScale", outerStepScale);
        return st.gamma(t) * outerStepScale;
    }

    /**
     * The tracking rule (issue 13). With E_k = Π_e Σ_{t in window k} ‖e_t‖ over the tracking errors e (window k: {@link #window}
     * iterations), the product making the rule blind to the units (and scales) of each error:
     * <pre>
     *   E_k > E_{k−1}:          s ← s / 2          (y and v fall behind: x moves too fast for them to track)
     *   E_k < E_{k−1}, s < 1:   s ← min(1, 2 s)    (they catch up: give x its step back; 1: the ceiling, when one is set)
     * </pre>
     * In a stable run the errors shrink and γ keeps its default; past the stability limit of the coupled (x, y, v)
     * iteration they grow geometrically and γ is halved within a window; when they shrink again it is raised, so γ
     * settles at the largest stable power-of-two fraction instead of staying at the smallest one reached. Where the
     * errors only fluctuate (a mini-batch noise floor) s does a random walk below 1, which lowers the floor.
     */
    private void track(long t, Vec[] tracking) {
        if (tracking.length == 0) return;
        if (trackingWindow.length != tracking.length) {
            trackingWindow = new double[tracking.length];
            previousTracking = new double[tracking.length];
        }
        if (trackingSquares.length != tracking.length) {
            trackingSquares = new double[tracking.length];
            previousVariance = new double[tracking.length];
        }
        for (int i = 0; i < tracking.length; i++) {
            double e = tracking[i].norm();
            trackingWindow[i] += e;
            trackingSquares[i] += e * e;
        }
        if ((t + 1) % window != 0) return;
        double change = 0, variance = 0; // log E_k − log E_{k−1}, over the errors seen non-zero in both windows, and its variance
        double[] logVariance = new double[tracking.length];
        for (int i = 0; i < tracking.length; i++) {
            double mean = trackingWindow[i] / window;
            if (mean > 0) logVariance[i] = Math.max(0, trackingSquares[i] / window - mean * mean) / (window * mean * mean);
            if (trackingWindow[i] > 0 && previousTracking[i] > 0) {
                change += Math.log(trackingWindow[i]) - Math.log(previousTracking[i]);
                variance += logVariance[i] + previousVariance[i];
            }
        }
        double margin = significance * Math.sqrt(variance); // 0: the plain comparison
        if (change > margin) outerStepScale /= 2;
        else if (change < -margin) outerStepScale = Math.min(ceiling, 2 * outerStepScale);
        double[] done = previousTracking;
        previousTracking = trackingWindow;
        trackingWindow = done;
        java.util.Arrays.fill(trackingWindow, 0);
        previousVariance = logVariance;
        java.util.Arrays.fill(trackingSquares, 0);
    }

    /**
     * z of {@code trackingSignificance} (0: none): the tracking rule moves s only when log E_k − log E_{k−1} exceeds z standard
     * deviations, each log Σ‖e‖ of a window given variance var(‖e‖) / (W mean(‖e‖)²) from its W errors as if independent.
     */
    double significance;
    /** Sums of the squared tracking errors over the current window, and the variances of log Σ‖e‖ of the previous one. */
    double[] trackingSquares = new double[0], previousVariance = new double[0];

    @Override public void save(Snapshot out) {
        super.save(out);
        out.put("v", v);
        out.put("outerStepScale", outerStepScale).put("bestDirection", bestDirection).put("peakDirection", peakDirection);
        out.putArray("trackingWindow", trackingWindow).putArray("previousTracking", previousTracking);
        out.putArray("trackingSquares", trackingSquares).putArray("previousVariance", previousVariance);
        out.put("windowPeak", windowPeak).put("previousPeak", previousPeak).put("halvedNorm", halvedNorm).putLong("lastHalving", lastHalving);
        for (Map.Entry<String, Vec> e : buffers.entrySet()) out.put("buf." + e.getKey(), e.getValue());
        inner.save(out, "innerSampler");
        outer.save(out, "outerSampler");
        out.putLong("rng", rng.state());
        for (Map.Entry<String, SagaTable> e : tables.entrySet()) e.getValue().save(out, "saga." + e.getKey());
        for (Map.Entry<String, LogitTable> e : logitTables.entrySet()) e.getValue().save(out, "sagaLogits." + e.getKey());
    }

    @Override public void restore(Snapshot in) {
        super.restore(in);
        in.into("v", v);
        if (in.numbers().containsKey("outerStepScale")) { // checkpoints written before the back-off have none
            outerStepScale = in.num("outerStepScale");
            bestDirection = in.num("bestDirection");
        }
        if (in.numbers().containsKey("peakDirection")) {
            peakDirection = in.num("peakDirection");
        }
        if (in.hasVec("trackingWindow")) { // checkpoints written before the tracking rule have none
            trackingWindow = in.vec("trackingWindow").toArray();
            previousTracking = in.vec("previousTracking").toArray();
        }
        if (in.hasVec("trackingSquares")) { // checkpoints written before trackingSignificance have none
            trackingSquares = in.vec("trackingSquares").toArray();
            previousVariance = in.vec("previousVariance").toArray();
        }
        if (in.numbers().containsKey("windowPeak")) { // checkpoints written before the window watch have none
            windowPeak = in.num("windowPeak");
            previousPeak = in.num("previousPeak");
            halvedNorm = in.num("halvedNorm");
            lastHalving = in.integer("lastHalving");
        }
        buffers.clear();
        for (String k : in.vectors().keySet()) if (k.startsWith("buf.")) buffers.put(k.substring(4), in.vec(k));
        inner.restore(in, "innerSampler");
        outer.restore(in, "outerSampler");
        rng.setState(in.integer("rng"));
        for (Map.Entry<String, SagaTable> e : tables.entrySet()) e.getValue().restore(in, "saga." + e.getKey());
        for (Map.Entry<String, LogitTable> e : logitTables.entrySet()) e.getValue().restore(in, "sagaLogits." + e.getKey());
    }
}
