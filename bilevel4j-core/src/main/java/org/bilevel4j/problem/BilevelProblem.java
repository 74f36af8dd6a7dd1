package org.bilevel4j.problem;

import java.util.Map;
import org.bilevel4j.vec.Vec;

/**
 * A bilevel problem  min_x F(x, y*(x))  s.t.  y*(x) ∈ argmin_y G(x, y), given by its oracles
 * (DESIGN.md layer 2). "outer" is F (validation loss, hyper-parameters x), "inner" is G (training loss,
 * model parameters y). Every oracle returns a new vector. Solvers see problems through
 * {@link CountingProblem}, which counts each call.
 */
public interface BilevelProblem {
    String name();

    int dimX();

    int dimY();

    double outerValue(Vec x, Vec y);

    double innerValue(Vec x, Vec y);

    Vec outerGradX(Vec x, Vec y);

    Vec outerGradY(Vec x, Vec y);

    Vec innerGradX(Vec x, Vec y);

    Vec innerGradY(Vec x, Vec y);

    /** ∇²_yy G(x, y) · v, a vector in y-space. */
    default Vec innerHvpYY(Vec x, Vec y, Vec v) {
        throw new UnsupportedOperationException(name() + " has no Hessian-vector product; use a Hessian-free solver");
    }

    /** ∇²_xy G(x, y) · v for v in y-space, a vector in x-space (the JVP of AID and reverse mode). */
    default Vec innerCrossXY(Vec x, Vec y, Vec v) {
        throw new UnsupportedOperationException(name() + " has no cross derivative; use a Hessian-free solver");
    }

    /** ∇²_yx G(x, y) · u for u in x-space, a vector in y-space (forward mode). */
    default Vec innerCrossYX(Vec x, Vec y, Vec u) {
        throw new UnsupportedOperationException(name() + " has no cross derivative; use a Hessian-free solver");
    }

    /** ∇²_yy F(x, y) · v (needed only by methods whose inner dynamics use ∇_y F, such as BDA). */
    default Vec outerHvpYY(Vec x, Vec y, Vec v) {
        throw new UnsupportedOperationException(name() + " has no outer Hessian-vector product");
    }

    /** ∇²_xy F(x, y) · v for v in y-space, a vector in x-space. */
    default Vec outerCrossXY(Vec x, Vec y, Vec v) {
        throw new UnsupportedOperationException(name() + " has no outer cross derivative");
    }

    // ---- fused oracles: several requests in one pass over the samples ----------------------------------

    /**
     * What {@code r} asks of G at (x, y); a problem that can answers in one pass over its inner samples (and says so
     * in {@link #fusesPasses}). By default: one separate call per part.
     */
    default Answer innerAt(Vec x, Vec y, Request r) {
        return new Answer(r.value() ? innerValue(x, y) : Double.NaN, r.gradX() ? innerGradX(x, y) : null, r.gradY() ? innerGradY(x, y) : null);
    }

    /** G's requests at two points y and z over the same samples (one pass where the problem can); by default two calls. */
    default Answer[] innerAt(Vec x, Vec y, Request atY, Vec z, Request atZ) {
        return new Answer[] {innerAt(x, y, atY), innerAt(x, z, atZ)};
    }

    /** What {@code r} asks of F at (x, y); by default one separate call per part. */
    default Answer outerAt(Vec x, Vec y, Request r) {
        return new Answer(r.value() ? outerValue(x, y) : Double.NaN, r.gradX() ? outerGradX(x, y) : null, r.gradY() ? outerGradY(x, y) : null);
    }

    /**
     * True when {@link #innerAt} and {@link #outerAt} read the samples once per call (and the two-point innerAt once
     * for both points), so that {@link CountingProblem} counts one pass for them; false for the separate-call defaults.
     */
    default boolean fusesPasses() { return false; }

    // ---- finite sums: mini-batch views -------------------------------------------------------------

    /** Number of samples in the outer finite sum (1 when the problem is not a finite sum). */
    default int outerSamples() { return 1; }

    /** Number of samples in the inner finite sum (1 when the problem is not a finite sum). */
    default int innerSamples() { return 1; }

    /**
     * A view whose outer terms average over the outer samples {@code outerIdx} and inner terms over the
     * inner samples {@code innerIdx}. The view is itself a problem, so every solver runs on it unchanged.
     * Problems that are not finite sums return themselves.
     */
    default BilevelProblem batch(int[] outerIdx, int[] innerIdx) { return this; }

    // ---- optional knowledge ------------------------------------------------------------------------

    /** Box constraints on x, or null when x is free. */
    default Box bounds() { return null; }

    default Vec initialX() { return Vec.zeros(dimX()); }

    default Vec initialY() { return Vec.zeros(dimY()); }

    /** A known optimal x*, or null. */
    default Vec solutionX() { return null; }

    /** ||x - x*|| / (1 + ||x*||) to the known solution (the nearest, when there are several), or NaN. */
    default double distanceToSolution(Vec x) {
        Vec s = solutionX();
        return s == null ? Double.NaN : Vec.distance(x, s) / (1 + s.norm());
    }

    /** The exact hypergradient ∇Φ(x) = d F(x, y*(x)) / dx, or null when unknown. */
    default Vec exactHypergradient(Vec x) { return null; }

    /** The exact inner solution y*(x), or null when unknown. */
    default Vec innerSolution(Vec x) { return null; }

    /** A bound on the Lipschitz constant of ∇_y G (for default inner step 1/L), or NaN when unknown. */
    default double innerLipschitz() { return Double.NaN; }

    /**
     * The x at which to estimate L_g when {@link #innerLipschitz()} is unknown, or null for the run's start (the default):
     * for a problem whose curvature at the start is not representative (hyper-cleaning: every sample weight at its bound).
     * The estimate ({@code Scales}) goes through the run's counted problem, so its oracle calls count like any other.
     */
    default Vec curvatureX() { return null; }

    /** A lower bound μ > 0 on the eigenvalues of ∇²_yy G (for default Neumann-series lengths), or NaN when unknown. */
    default double innerStrongConvexity() { return Double.NaN; }

    /**
     * True when G(x, ·) is known not to be convex (a network's weights, an l_p penalty with p &lt; 1, sin): ∇²_yy G can be
     * indefinite or nearly singular, so the implicit solvers damp their linear system by default. False claims nothing.
     */
    default boolean innerNonConvex() { return false; }

    /** A bound on the Lipschitz constant of ∇Φ (for default outer steps), or NaN when unknown. */
    default double hypergradLipschitz() { return Double.NaN; }

    /**
     * Groups of y's coordinates that belong together (the layers of a network: each group the indices of one layer's
     * parameters), or null when y has no such structure (the default). SPNBO samples its constraints by group
     * ({@link org.bilevel4j.solver.spnbo.DoublyStochasticGradient}) and a group lasso may use them as its groups.
     */
    default int[][] parameterGroups() { return null; }

    /** Task metrics (test accuracy, F1, ...) at (x, y); empty by default. Not counted as oracle calls. */
    default Map<String, Double> metrics(Vec x, Vec y) { return Map.of(); }

    /**
     * For tasks whose x are sample weights or regularization of a model trained on data: the metrics of the model
     * refit on the training data alone with x fixed, y_refit = argmin_y G(x, y) (started from {@code yStart}), each
     * named as the metric at y plus "Refit" ({@code testAccuracyRefit}, ...). A method whose own y also descends on the
     * outer loss trains y on the validation set too; the refit is what benchopt measures. Empty by default (tasks where
     * y is not such a model). Not counted as oracle calls; the {@link org.bilevel4j.solver.Runner} computes it at the end
     * of a run and every {@code refitEvery} trace rows, outside solver seconds.
     */
    default Map<String, Double> refitMetrics(Vec x, Vec yStart) { return Map.of(); }

    /** What metric or trace quantity {@code name} means here (which way is better, its kind); the shared {@link Metric#of} by default. */
    default Metric metric(String name) { return Metric.of(name); }
}
