package org.bilevel4j.problem;

import java.util.Map;
import org.bilevel4j.vec.Vec;

/**
 * Counts every oracle call of the wrapped problem by kind, and checks dimensions on the way in.
 * Mini-batch views share the counter and count the samples they touch.
 */
public final class CountingProblem implements BilevelProblem {
    private final BilevelProblem inner;
    private final OracleCounts counts;
    private final long outerN;
    private final long innerN;

    public CountingProblem(BilevelProblem problem) { this(problem, new OracleCounts()); }

    public CountingProblem(BilevelProblem problem, OracleCounts counts) {
        this(problem, counts, -1, -1);
        counts.setTotals(inner.outerSamples(), inner.innerSamples());
    }

    /** A counted view whose calls touch {@code outerN} / {@code innerN} samples (negative: all of the problem's). */
    private CountingProblem(BilevelProblem problem, OracleCounts counts, long outerN, long innerN) {
        this.inner = problem instanceof CountingProblem c ? c.inner : problem;
        this.counts = counts;
        this.outerN = outerN < 0 ? inner.outerSamples() : outerN;
        this.innerN = innerN < 0 ? inner.innerSamples() : innerN;
    }

    public OracleCounts counts() { return counts; }

    /** The problem without counting (for trace evaluation that must not count as solver work). */
    public BilevelProblem uncounted() { return inner; }

    private void check(Vec x, Vec y) {
        Vec.requireDim("x", x, inner.dimX());
        Vec.requireDim("y", y, inner.dimY());
    }

    @Override public String name() { return inner.name(); }
    @Override public int dimX() { return inner.dimX(); }
    @Override public int dimY() { return inner.dimY(); }

    @Override public double outerValue(Vec x, Vec y) { check(x, y); counts.add(Oracle.outerValue, outerN); return inner.outerValue(x, y); }
    @Override public double innerValue(Vec x, Vec y) { check(x, y); counts.add(Oracle.innerValue, innerN); return inner.innerValue(x, y); }
    @Override public Vec outerGradX(Vec x, Vec y) { check(x, y); counts.add(Oracle.outerGradX, outerN); return inner.outerGradX(x, y); }
    @Override public Vec outerGradY(Vec x, Vec y) { check(x, y); counts.add(Oracle.outerGradY, outerN); return inner.outerGradY(x, y); }
    @Override public Vec innerGradX(Vec x, Vec y) { check(x, y); counts.add(Oracle.innerGradX, innerN); return inner.innerGradX(x, y); }
    @Override public Vec innerGradY(Vec x, Vec y) { check(x, y); counts.add(Oracle.innerGradY, innerN); return inner.innerGradY(x, y); }

    // fused calls: every part counted by its kind; one pass for the call when the problem fuses (fusesPasses)

    private void countFused(java.util.List<Oracle> kinds, long n) {
        if (inner.fusesPasses()) counts.addFused(kinds, n);
        else for (Oracle o : kinds) counts.add(o, n);
    }

    @Override public Answer innerAt(Vec x, Vec y, Request r) {
        check(x, y);
        countFused(r.kinds(true), innerN);
        return inner.innerAt(x, y, r);
    }

    @Override public Answer[] innerAt(Vec x, Vec y, Request atY, Vec z, Request atZ) {
        check(x, y);
        Vec.requireDim("second point z", z, inner.dimY());
        java.util.List<Oracle> kinds = new java.util.ArrayList<>(atY.kinds(true));
        kinds.addAll(atZ.kinds(true));
        countFused(kinds, innerN);
        return inner.innerAt(x, y, atY, z, atZ);
    }

    @Override public Answer outerAt(Vec x, Vec y, Request r) {
        check(x, y);
        countFused(r.kinds(false), outerN);
        return inner.outerAt(x, y, r);
    }

    @Override public boolean fusesPasses() { return inner.fusesPasses(); }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) {
        check(x, y);
        Vec.requireDim("Hessian-vector product direction", v, inner.dimY());
        counts.add(Oracle.innerHvp, innerN);
        return inner.innerHvpYY(x, y, v);
    }

    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) {
        check(x, y);
        Vec.requireDim("cross-derivative direction (y-space)", v, inner.dimY());
        counts.add(Oracle.innerCross, innerN);
        return inner.innerCrossXY(x, y, v);
    }

    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) {
        check(x, y);
        Vec.requireDim("cross-derivative direction (x-space)", u, inner.dimX());
        counts.add(Oracle.innerCross, innerN);
        return inner.innerCrossYX(x, y, u);
    }

    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) {
        check(x, y);
        Vec.requireDim("outer Hessian-vector product direction", v, inner.dimY());
        counts.add(Oracle.outerHvp, outerN);
        return inner.outerHvpYY(x, y, v);
    }

    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) {
        check(x, y);
        Vec.requireDim("outer cross-derivative direction (y-space)", v, inner.dimY());
        counts.add(Oracle.outerCross, outerN);
        return inner.outerCrossXY(x, y, v);
    }

    @Override public int outerSamples() { return inner.outerSamples(); }
    @Override public int innerSamples() { return inner.innerSamples(); }

    @Override public BilevelProblem batch(int[] outerIdx, int[] innerIdx) {
        BilevelProblem view = inner.batch(outerIdx, innerIdx);
        // a view still reports the full index range in outerSamples(); it touches only the drawn samples
        return view == inner ? this : new CountingProblem(view, counts, outerIdx.length, innerIdx.length);
    }

    @Override public Box bounds() { return inner.bounds(); }
    @Override public Vec initialX() { return inner.initialX(); }
    @Override public Vec initialY() { return inner.initialY(); }
    @Override public Vec solutionX() { return inner.solutionX(); }
    @Override public double distanceToSolution(Vec x) { return inner.distanceToSolution(x); }
    @Override public Vec exactHypergradient(Vec x) { return inner.exactHypergradient(x); }
    @Override public Vec innerSolution(Vec x) { return inner.innerSolution(x); }
    @Override public double innerLipschitz() { return inner.innerLipschitz(); }
    @Override public double hypergradLipschitz() { return inner.hypergradLipschitz(); }
    @Override public Vec curvatureX() { return inner.curvatureX(); }
    @Override public double innerStrongConvexity() { return inner.innerStrongConvexity(); }
    @Override public boolean innerNonConvex() { return inner.innerNonConvex(); }
    @Override public Map<String, Double> metrics(Vec x, Vec y) { return inner.metrics(x, y); }
    @Override public Map<String, Double> refitMetrics(Vec x, Vec yStart) { return inner.refitMetrics(x, yStart); }

    @Override public Metric metric(String name) { return inner.metric(name); }

    @Override public int[][] parameterGroups() { return inner.parameterGroups(); }
}
