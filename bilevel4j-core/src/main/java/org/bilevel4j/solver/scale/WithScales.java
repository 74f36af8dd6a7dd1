package org.bilevel4j.solver.scale;

import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.vec.Vec;

/**
 * The problem as solver factories see it: every call forwarded, and {@link #innerLipschitz()} /
 * {@link #hypergradLipschitz()} answered by {@link Scales} (the problem's own value, else an estimate).
 */
public final class WithScales implements BilevelProblem {
    private final BilevelProblem p;
    private final Scales scales;

    public WithScales(BilevelProblem p, Scales scales) {
        this.p = p;
        this.scales = scales;
    }

    public Scales scales() { return scales; }

    /** The problem under a {@code WithScales} view (or p itself), for factories that want only what it knows. */
    public static BilevelProblem raw(BilevelProblem p) { return p instanceof WithScales w ? w.p : p; }

    @Override public String name() { return p.name(); }
    @Override public int dimX() { return p.dimX(); }
    @Override public int dimY() { return p.dimY(); }
    @Override public double outerValue(Vec x, Vec y) { return p.outerValue(x, y); }
    @Override public double innerValue(Vec x, Vec y) { return p.innerValue(x, y); }
    @Override public Vec outerGradX(Vec x, Vec y) { return p.outerGradX(x, y); }
    @Override public Vec outerGradY(Vec x, Vec y) { return p.outerGradY(x, y); }
    @Override public Vec innerGradX(Vec x, Vec y) { return p.innerGradX(x, y); }
    @Override public Vec innerGradY(Vec x, Vec y) { return p.innerGradY(x, y); }
    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return p.innerHvpYY(x, y, v); }
    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return p.innerCrossXY(x, y, v); }
    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) { return p.innerCrossYX(x, y, u); }
    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) { return p.outerHvpYY(x, y, v); }
    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return p.outerCrossXY(x, y, v); }
    @Override public int outerSamples() { return p.outerSamples(); }
    @Override public int innerSamples() { return p.innerSamples(); }
    @Override public BilevelProblem batch(int[] outerIdx, int[] innerIdx) { return p.batch(outerIdx, innerIdx); }
    @Override public Box bounds() { return p.bounds(); }
    @Override public Vec initialX() { return p.initialX(); }
    @Override public Vec initialY() { return p.initialY(); }
    @Override public Vec solutionX() { return p.solutionX(); }
    @Override public double distanceToSolution(Vec x) { return p.distanceToSolution(x); }
    @Override public Vec exactHypergradient(Vec x) { return p.exactHypergradient(x); }
    @Override public Vec innerSolution(Vec x) { return p.innerSolution(x); }
    @Override public double innerLipschitz() { return scales.innerLipschitz(); }
    @Override public double hypergradLipschitz() { return scales.hypergradLipschitz(); }
    @Override public Map<String, Double> metrics(Vec x, Vec y) { return p.metrics(x, y); }
}
