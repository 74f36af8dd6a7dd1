package org.bilevel4j.torch;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.vec.Vec;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * A bilevel problem given by two losses over named parameter tensors, inner G(x, y; batch) and outer F(x, y; batch),
 * whose every oracle comes from libtorch's autograd. Each call copies x and y (and a direction) into the problem's
 * reused leaf tensors ({@link Leaves}), builds the graph, differentiates and copies the result out, all inside a
 * {@link PointerScope} so that native memory is freed when the call returns; the one exception is the graph of ∇_y L
 * at the current point ({@link RetainedGraph}), kept so that HVPs along new directions there cost one backward each.
 * Calls on a problem and its views run one at a time (they share the leaves). Second-order products
 * are double backwards: ∇²_yy G·v and ∇²_xy G·v = ∇_(y,x) ⟨∇_y G, v⟩ in one pass, ∇²_yx G·u = ∇_y ⟨∇_x G, u⟩.
 */
public final class TorchProblem implements BilevelProblem {
    private final Spec spec;
    private final int[] outerIdx, innerIdx; // null: all samples
    private final Memo innerGrad = new Memo(), outerGrad = new Memo(), innerCross = new Memo(), outerCross = new Memo(), copyMemo = new Memo();

    /** Everything that defines a problem; views share it. */
    record Spec(String name, TorchSetup setup, ParamShapes xShapes, ParamShapes yShapes, double[] x0, double[] y0,
                Loss inner, Loss outer, int innerSamples, int outerSamples, Evaluation evaluation, Box bounds,
                double innerLipschitz, double hypergradLipschitz, RetainedGraph graph, Leaves leaves, AtomicLong forwards, Boolean oneDnn, boolean network) {}

    private TorchProblem(Spec spec, int[] outerIdx, int[] innerIdx) {
        this.spec = spec;
        this.outerIdx = outerIdx;
        this.innerIdx = innerIdx;
    }

    public static Builder builder(String name, TorchSetup setup) { return new Builder(name, setup); }

    public TorchSetup setup() { return spec.setup(); }

    public ParamShapes xShapes() { return spec.xShapes(); }

    public ParamShapes yShapes() { return spec.yShapes(); }

    @Override public String name() { return spec.name(); }
    @Override public int dimX() { return spec.xShapes().size(); }
    @Override public int dimY() { return spec.yShapes().size(); }
    @Override public int outerSamples() { return spec.outerSamples(); }
    @Override public int innerSamples() { return spec.innerSamples(); }
    @Override public Box bounds() { return spec.bounds(); }
    @Override public Vec initialX() { return Vec.of(spec.x0().clone()); }
    @Override public Vec initialY() { return Vec.of(spec.y0().clone()); }
    @Override public double innerLipschitz() { return spec.innerLipschitz(); }
    @Override public double hypergradLipschitz() { return spec.hypergradLipschitz(); }
    @Override public boolean innerNonConvex() { return spec.network(); }

    /** The same problem with known Lipschitz bounds of ∇_y G and ∇Φ (for the solvers' default steps). */
    public TorchProblem withLipschitz(double inner, double hypergrad) {
        Spec t = spec;
        return new TorchProblem(new Spec(t.name(), t.setup(), t.xShapes(), t.yShapes(), t.x0(), t.y0(), t.inner(), t.outer(), t.innerSamples(),
                t.outerSamples(), t.evaluation(), t.bounds(), inner, hypergrad, t.graph(), t.leaves(), t.forwards(), t.oneDnn(), t.network()), outerIdx, innerIdx);
    }

    /** The same problem with its own retained graph, leaves and forward counter (nothing kept from this one's calls). */
    TorchProblem fresh() {
        Spec t = spec;
        return new TorchProblem(new Spec(t.name(), t.setup(), t.xShapes(), t.yShapes(), t.x0(), t.y0(), t.inner(), t.outer(), t.innerSamples(),
                t.outerSamples(), t.evaluation(), t.bounds(), t.innerLipschitz(), t.hypergradLipschitz(), new RetainedGraph(), new Leaves(), new AtomicLong(), t.oneDnn(), t.network()), outerIdx, innerIdx);
    }

    /** What defines this problem (the phase timers of the tests' {@code GradientPhases} read it). */
    Spec spec() { return spec; }

    /** Forward passes (loss evaluations) of this problem and its views so far. */
    long forwards() { return spec.forwards().get(); }

    @Override public BilevelProblem batch(int[] outerIdx, int[] innerIdx) {
        Batches.check(outerIdx, spec.outerSamples(), "outer");
        Batches.check(innerIdx, spec.innerSamples(), "inner");
        return new TorchProblem(spec, outerIdx.clone(), innerIdx.clone());
    }

    // ---- values and gradients -----------------------------------------------------------------------------------

    @Override public double outerValue(Vec x, Vec y) { return value(true, x, y); }
    @Override public double innerValue(Vec x, Vec y) { return value(false, x, y); }

    @Override public Vec outerGradX(Vec x, Vec y) { return grad(true, x, y, true); }
    @Override public Vec outerGradY(Vec x, Vec y) { return grad(true, x, y, false); }
    @Override public Vec innerGradX(Vec x, Vec y) { return grad(false, x, y, true); }
    @Override public Vec innerGradY(Vec x, Vec y) { return grad(false, x, y, false); }

    /** (∇_x L, ∇_y L) of one loss from one forward and one backward (the fused oracle of Hessian-free solvers). */
    public Vec[] gradients(boolean outer, Vec x, Vec y) {
        return fused(x, y, (xt, yt) -> torch.grad(new TensorVector(loss(outer, xt, yt, true)), new TensorVector(xt, yt), new TensorVector(),
                new BoolOptional(false), false, true));
    }

    /**
     * The copies of one gradient oracle and nothing else: x and y into the leaves, an x- and a y-sized result out and
     * the memo's copy of the point, through the same code as {@link #innerGradY}, with the leaves themselves in place of
     * the gradients (so it returns y). What {@code bench torch-speed} reports as the copy cost.
     */
    public Vec copies(Vec x, Vec y) { return kept(copyMemo, x, y, false, () -> fused(x, y, TensorVector::new)); }

    /** (a, b) read out as an x- and a y-sized vector, from {@code f} applied to the x and y leaves holding x and y. */
    private Vec[] fused(Vec x, Vec y, java.util.function.BiFunction<Tensor, Tensor, TensorVector> f) {
        synchronized (spec.graph()) {
            settle(x, y);
            OneDnn.apply(spec.oneDnn());
            try (PointerScope scope = new PointerScope()) {
                TensorVector g = f.apply(in(x, Leaves.Role.X, true), in(y, Leaves.Role.Y, true));
                return new Vec[] {Vec.of(TorchSetup.read(g.get(0), dimX())), Vec.of(TorchSetup.read(g.get(1), dimY()))};
            }
        }
    }

    /** L(x, y) from one forward without autograd (nothing saved for a backward), as Python's {@code torch.no_grad()}. */
    private double value(boolean outer, Vec x, Vec y) {
        synchronized (spec.graph()) {
            settle(x, y);
            OneDnn.apply(spec.oneDnn());
            try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
                return loss(outer, in(x, Leaves.Role.X, false), in(y, Leaves.Role.Y, false), true).item_double();
            }
        }
    }

    /** One gradient; the other of the pair is kept for the next call at the same point. */
    private Vec grad(boolean outer, Vec x, Vec y, boolean wantX) {
        return kept(outer ? outerGrad : innerGrad, x, y, wantX, () -> gradients(outer, x, y));
    }

    /** The x- or y-member of a fused pair, from {@code memo} when it kept it at (x, y), else computed and the other kept. */
    private static Vec kept(Memo memo, Vec x, Vec y, boolean wantX, java.util.function.Supplier<Vec[]> pair) {
        double[] kept = memo.take(x, y, null, wantX);
        if (kept != null) return Vec.of(kept);
        Vec[] both = pair.get();
        memo.put(x, y, null, Vec.array(wantX ? both[1] : both[0]), !wantX); // a fresh array, handed over
        return wantX ? both[0] : both[1];
    }

    // ---- second order -----------------------------------------------------------------------------------------------

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return secondY(false, x, y, v, false); }
    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return secondY(false, x, y, v, true); }
    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) { return secondY(true, x, y, v, false); }
    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return secondY(true, x, y, v, true); }

    /**
     * (∇²_xy L·v, ∇²_yy L·v) from one backward of ⟨∇_y L, v⟩ with respect to (x, y), through the retained graph of
     * ∇_y L at (x, y) (built here, one forward and one create-graph backward, when the last call was elsewhere).
     */
    public Vec[] secondOrder(boolean outer, Vec x, Vec y, Vec v) { return second(outer, x, y, v, true, true); }

    /**
     * The asked members of (∇²_xy L·v, ∇²_yy L·v), null for the others. The first product at a point computes both
     * (reverse mode asks for the pair at one v); later ones (CG directions) only what is asked.
     */
    private Vec[] second(boolean outer, Vec x, Vec y, Vec v, boolean wantX, boolean wantY) {
        RetainedGraph g = spec.graph();
        synchronized (g) {
            OneDnn.apply(spec.oneDnn());
            int[] view = outer ? outerIdx : innerIdx;
            if (!g.holds(outer, view, x, y)) {
                g.release();
                try (PointerScope scope = new PointerScope()) {
                    Tensor xt = in(x, Leaves.Role.X, true), yt = in(y, Leaves.Role.Y, true);
                    Tensor gy = torch.grad(new TensorVector(loss(outer, xt, yt, true)), new TensorVector(yt), new TensorVector(),
                            new BoolOptional(true), true, true).get(0);
                    g.keep(outer, view, x, y, xt, yt, gy);
                }
            }
            if (!g.reuse()) wantX = wantY = true;
            if (g.gradY() == null) return new Vec[] {wantX ? Vec.zeros(dimX()) : null, wantY ? Vec.zeros(dimY()) : null}; // L is linear in y
            try (PointerScope scope = new PointerScope()) {
                Tensor s = g.gradY().mul(in(v, Leaves.Role.Y_DIRECTION, false)).sum();
                TensorVector wrt = wantX && wantY ? new TensorVector(g.xLeaf(), g.yLeaf()) : new TensorVector(wantX ? g.xLeaf() : g.yLeaf());
                TensorVector h = torch.grad(new TensorVector(s), wrt, new TensorVector(), new BoolOptional(true), false, true);
                Vec hx = wantX ? Vec.of(TorchSetup.read(h.get(0), dimX())) : null;
                Vec hy = wantY ? Vec.of(TorchSetup.read(h.get(wantX ? 1 : 0), dimY())) : null;
                return new Vec[] {hx, hy};
            }
        }
    }

    private Vec secondY(boolean outer, Vec x, Vec y, Vec v, boolean wantCross) {
        Memo memo = outer ? outerCross : innerCross;
        double[] kept = memo.take(x, y, v, wantCross);
        if (kept != null) return Vec.of(kept);
        Vec[] both = second(outer, x, y, v, wantCross, !wantCross);
        Vec other = wantCross ? both[1] : both[0];
        if (other != null) memo.put(x, y, v, Vec.array(other), !wantCross); // a fresh array, handed over
        return wantCross ? both[0] : both[1];
    }

    /** Frees the retained graph when a call comes at another point (it never sits beside a new call's graph). */
    private void settle(Vec x, Vec y) {
        RetainedGraph g = spec.graph();
        synchronized (g) {
            g.releaseUnlessAt(x, y);
        }
    }

    /** ∇²_yx G·u = ∇_y ⟨∇_x G, u⟩ (forward mode), a vector in y-space. */
    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) {
        synchronized (spec.graph()) {
            settle(x, y);
            OneDnn.apply(spec.oneDnn());
            try (PointerScope scope = new PointerScope()) {
                Tensor xt = in(x, Leaves.Role.X, true), yt = in(y, Leaves.Role.Y, true);
                Tensor gx = torch.grad(new TensorVector(loss(false, xt, yt, true)), new TensorVector(xt), new TensorVector(),
                        new BoolOptional(true), true, true).get(0);
                if (!gx.defined() || !gx.requires_grad()) return Vec.zeros(dimY());
                Tensor s = gx.mul(in(u, Leaves.Role.X_DIRECTION, false)).sum();
                Tensor h = torch.grad(new TensorVector(s), new TensorVector(yt), new TensorVector(), new BoolOptional(false), false, true).get(0);
                return Vec.of(TorchSetup.read(h, dimY()));
            }
        }
    }

    // ---- evaluation ---------------------------------------------------------------------------------------------------

    /** The evaluation's metrics, and {@code oneDnn} (1 or 0: this problem's oracles run with oneDNN) for a network problem. */
    @Override public Map<String, Double> metrics(Vec x, Vec y) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        OneDnn.apply(spec.oneDnn());
        if (spec.evaluation() != null) // fresh tensors: the leaves may hold a retained graph's point
            try (PointerScope scope = new PointerScope()) {
                m.putAll(spec.evaluation().metrics(new Params(spec.xShapes(), spec.setup().vector(Vec.array(x))),
                        new Params(spec.yShapes(), spec.setup().vector(Vec.array(y)))));
            }
        if (spec.oneDnn() != null) m.put("oneDnn", spec.oneDnn() ? 1.0 : 0.0);
        return m;
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------------

    private Tensor loss(boolean outer, Tensor xt, Tensor yt, boolean training) {
        spec.forwards().incrementAndGet();
        int[] idx = outer ? outerIdx : innerIdx;
        int n = outer ? spec.outerSamples() : spec.innerSamples();
        Batch b = idx == null ? new Batch(Batches.all(n), true, training) : new Batch(idx, false, training);
        Loss l = outer ? spec.outer() : spec.inner();
        Tensor t = l.value(new Params(spec.xShapes(), xt), new Params(spec.yShapes(), yt), b);
        if (t.numel() != 1) throw new IllegalArgumentException(name() + ": a loss must return a scalar tensor, got " + t.numel() + " values");
        return t;
    }

    /** The leaf of {@code role} holding v ({@link Leaves#write}); the caller holds the problem's lock. */
    private Tensor in(Vec v, Leaves.Role role, boolean requiresGrad) {
        return spec.leaves().write(spec.setup(), role, Vec.array(v), requiresGrad);
    }

    /** Builds a {@link TorchProblem}. */
    public static final class Builder {
        private final String name;
        private final TorchSetup setup;
        private ParamShapes xs, ys;
        private double[] x0, y0;
        private Loss inner, outer;
        private int nInner = 1, nOuter = 1;
        private Evaluation evaluation;
        private Box bounds;
        private double lipschitz = Double.NaN;
        private Boolean oneDnn; // null: the mode's default (OneDnn.apply)
        private boolean network;

        Builder(String name, TorchSetup setup) {
            Torch.load();
            this.name = name;
            this.setup = setup;
        }

        /** The hyper-parameters' shapes and starting values. */
        public Builder x(ParamShapes shapes, double[] initial) { xs = shapes; x0 = initial; return this; }

        /** The model parameters' shapes and starting values (initialize on the Java side from the seed). */
        public Builder y(ParamShapes shapes, double[] initial) { ys = shapes; y0 = initial; return this; }

        /** G(x, y; batch) over {@code samples} training samples. */
        public Builder inner(Loss loss, int samples) { inner = loss; nInner = samples; return this; }

        /** F(x, y; batch) over {@code samples} validation samples. */
        public Builder outer(Loss loss, int samples) { outer = loss; nOuter = samples; return this; }

        public Builder evaluation(Evaluation e) { evaluation = e; return this; }

        public Builder bounds(Box b) { bounds = b; return this; }

        public Builder innerLipschitz(double l) { lipschitz = l; return this; }

        /**
         * Decides oneDNN for the network's convolutions ({@link OneDnn#decide}); the problem's oracles run with that
         * verdict. float64: off without a check (oneDNN has no float64 convolutions).
         */
        public Builder network(org.bilevel4j.torch.nets.Network net) {
            oneDnn = setup.doublePrecision() ? Boolean.FALSE : OneDnn.decide(net);
            network = true; // a network's inner loss is not convex in its weights
            return this;
        }

        public TorchProblem build() {
            if (xs == null || ys == null || inner == null || outer == null)
                throw new IllegalArgumentException(name + ": a torch problem needs x, y, an inner and an outer loss");
            if (x0.length != xs.size() || y0.length != ys.size())
                throw new IllegalArgumentException(name + ": initial x / y have " + x0.length + " / " + y0.length + " values, the shapes " + xs.size() + " / " + ys.size());
            if (nInner < 1 || nOuter < 1) throw new IllegalArgumentException(name + ": sample counts must be >= 1");
            return new TorchProblem(new Spec(name, setup, xs, ys, x0.clone(), y0.clone(), inner, outer, nInner, nOuter, evaluation, bounds, lipschitz, Double.NaN,
                    new RetainedGraph(), new Leaves(), new AtomicLong(), oneDnn, network), null, null);
        }
    }
}
