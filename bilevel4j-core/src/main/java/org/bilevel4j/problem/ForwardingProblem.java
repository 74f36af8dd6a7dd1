package org.bilevel4j.problem;

import java.util.Map;
import org.bilevel4j.vec.Vec;

/**
 * A problem that forwards every call to another one: extend it and override what changes (a rescaled loss, a
 * logged oracle, a different start). Mini-batch views keep the wrapper: {@link #batch} wraps the delegate's view
 * with {@link #rewrap}, so a stochastic solver sees the subclass's behaviour on every batch. Fused requests
 * ({@code innerAt} / {@code outerAt}) are not forwarded: they answer through this class's own (possibly overridden)
 * oracles, one call per part, so an override is never bypassed; a pure view may forward them itself.
 */
public abstract class ForwardingProblem implements BilevelProblem {
    protected final BilevelProblem delegate;

    protected ForwardingProblem(BilevelProblem delegate) { this.delegate = delegate; }

    /** This wrapper around {@code view} (a mini-batch view of the delegate); e.g. {@code v -> new MyProblem(v)}. */
    protected abstract BilevelProblem rewrap(BilevelProblem view);

    @Override public BilevelProblem batch(int[] outerIdx, int[] innerIdx) {
        BilevelProblem view = delegate.batch(outerIdx, innerIdx);
        return view == delegate ? this : rewrap(view);
    }

    @Override public String name() { return delegate.name(); }
    @Override public int dimX() { return delegate.dimX(); }
    @Override public int dimY() { return delegate.dimY(); }
    @Override public double outerValue(Vec x, Vec y) { return delegate.outerValue(x, y); }
    @Override public double innerValue(Vec x, Vec y) { return delegate.innerValue(x, y); }
    @Override public Vec outerGradX(Vec x, Vec y) { return delegate.outerGradX(x, y); }
    @Override public Vec outerGradY(Vec x, Vec y) { return delegate.outerGradY(x, y); }
    @Override public Vec innerGradX(Vec x, Vec y) { return delegate.innerGradX(x, y); }
    @Override public Vec innerGradY(Vec x, Vec y) { return delegate.innerGradY(x, y); }
    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return delegate.innerHvpYY(x, y, v); }
    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return delegate.innerCrossXY(x, y, v); }
    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) { return delegate.innerCrossYX(x, y, u); }
    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) { return delegate.outerHvpYY(x, y, v); }
    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return delegate.outerCrossXY(x, y, v); }
    @Override public int outerSamples() { return delegate.outerSamples(); }
    @Override public int innerSamples() { return delegate.innerSamples(); }
    @Override public Box bounds() { return delegate.bounds(); }
    @Override public Vec initialX() { return delegate.initialX(); }
    @Override public Vec initialY() { return delegate.initialY(); }
    @Override public Vec solutionX() { return delegate.solutionX(); }
    @Override public double distanceToSolution(Vec x) { return delegate.distanceToSolution(x); }
    @Override public Vec exactHypergradient(Vec x) { return delegate.exactHypergradient(x); }
    @Override public Vec innerSolution(Vec x) { return delegate.innerSolution(x); }
    @Override public double innerLipschitz() { return delegate.innerLipschitz(); }
    @Override public Vec curvatureX() { return delegate.curvatureX(); }
    @Override public double innerStrongConvexity() { return delegate.innerStrongConvexity(); }
    @Override public boolean innerNonConvex() { return delegate.innerNonConvex(); }
    @Override public double hypergradLipschitz() { return delegate.hypergradLipschitz(); }
    @Override public Map<String, Double> metrics(Vec x, Vec y) { return delegate.metrics(x, y); }
    @Override public Map<String, Double> refitMetrics(Vec x, Vec yStart) { return delegate.refitMetrics(x, yStart); }
    @Override public Metric metric(String name) { return delegate.metric(name); }
    @Override public int[][] parameterGroups() { return delegate.parameterGroups(); }
}
