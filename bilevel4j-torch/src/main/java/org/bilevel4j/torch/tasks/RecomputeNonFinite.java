package org.bilevel4j.torch.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.vec.Vec;

/**
 * A workaround for a libtorch 2.7.1 (bytedeco 1.5.12) fault seen in float32 on this machine: a convolution network's
 * gradient now and then comes back NaN from the oneDNN kernels (a few percent of calls at 2-4 channels, rarely at 8;
 * never with oneDNN off, which is 13x slower, nor in float64), while every finite result of the same call is bitwise
 * the same. An oracle result that is not finite is computed again, at most twice; the metric {@code recomputedCalls}
 * counts how often that happened (calls and counts of the run are unchanged: this sits below the counting wrapper).
 * A result that stays non-finite is returned as it is, and the run diverges as it would have.
 */
final class RecomputeNonFinite extends ForwardingProblem {
    static final int RETRIES = 2;
    private final AtomicLong recomputed;

    RecomputeNonFinite(BilevelProblem delegate) { this(delegate, new AtomicLong()); }

    private RecomputeNonFinite(BilevelProblem delegate, AtomicLong recomputed) {
        super(delegate);
        this.recomputed = recomputed;
    }

    @Override protected BilevelProblem rewrap(BilevelProblem view) { return new RecomputeNonFinite(view, recomputed); }

    /** The problem underneath. */
    BilevelProblem delegate() { return delegate; }

    private Vec vec(Supplier<Vec> call) {
        Vec v = call.get();
        for (int k = 0; k < RETRIES && !v.isFinite(); k++) {
            recomputed.incrementAndGet();
            v = call.get();
        }
        return v;
    }

    private double num(java.util.function.DoubleSupplier call) {
        double d = call.getAsDouble();
        for (int k = 0; k < RETRIES && !Double.isFinite(d); k++) {
            recomputed.incrementAndGet();
            d = call.getAsDouble();
        }
        return d;
    }

    @Override public double outerValue(Vec x, Vec y) { return num(() -> delegate.outerValue(x, y)); }
    @Override public double innerValue(Vec x, Vec y) { return num(() -> delegate.innerValue(x, y)); }
    @Override public Vec outerGradX(Vec x, Vec y) { return vec(() -> delegate.outerGradX(x, y)); }
    @Override public Vec outerGradY(Vec x, Vec y) { return vec(() -> delegate.outerGradY(x, y)); }
    @Override public Vec innerGradX(Vec x, Vec y) { return vec(() -> delegate.innerGradX(x, y)); }
    @Override public Vec innerGradY(Vec x, Vec y) { return vec(() -> delegate.innerGradY(x, y)); }
    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return vec(() -> delegate.innerHvpYY(x, y, v)); }
    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return vec(() -> delegate.innerCrossXY(x, y, v)); }
    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) { return vec(() -> delegate.innerCrossYX(x, y, u)); }
    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) { return vec(() -> delegate.outerHvpYY(x, y, v)); }
    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return vec(() -> delegate.outerCrossXY(x, y, v)); }

    @Override public Map<String, Double> metrics(Vec x, Vec y) {
        Map<String, Double> m = new LinkedHashMap<>(delegate.metrics(x, y));
        m.put("recomputedCalls", (double) recomputed.get());
        return m;
    }
}
