package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.vec.Vec;

/**
 * A problem with G scaled by sG and F by sF (x*, y*(x) unchanged; every G oracle × sG, every F oracle × sF, the
 * known constants scaled with them: L_G, μ_G × sG, L_Φ × sF). The defaults must give the same distances on it.
 */
final class ScaledLosses extends ForwardingProblem {
    private final double sG, sF;

    ScaledLosses(BilevelProblem p, double sG, double sF) {
        super(p);
        this.sG = sG;
        this.sF = sF;
    }

    @Override protected BilevelProblem rewrap(BilevelProblem view) { return new ScaledLosses(view, sG, sF); }

    @Override public double outerValue(Vec x, Vec y) { return sF * delegate.outerValue(x, y); }
    @Override public double innerValue(Vec x, Vec y) { return sG * delegate.innerValue(x, y); }
    @Override public Vec outerGradX(Vec x, Vec y) { return delegate.outerGradX(x, y).scale(sF); }
    @Override public Vec outerGradY(Vec x, Vec y) { return delegate.outerGradY(x, y).scale(sF); }
    @Override public Vec innerGradX(Vec x, Vec y) { return delegate.innerGradX(x, y).scale(sG); }
    @Override public Vec innerGradY(Vec x, Vec y) { return delegate.innerGradY(x, y).scale(sG); }
    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return delegate.innerHvpYY(x, y, v).scale(sG); }
    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return delegate.innerCrossXY(x, y, v).scale(sG); }
    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) { return delegate.innerCrossYX(x, y, u).scale(sG); }
    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) { return delegate.outerHvpYY(x, y, v).scale(sF); }
    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return delegate.outerCrossXY(x, y, v).scale(sF); }
    @Override public Vec exactHypergradient(Vec x) { return delegate.exactHypergradient(x).scale(sF); }
    @Override public double innerLipschitz() { return sG * delegate.innerLipschitz(); }
    @Override public double innerStrongConvexity() { return sG * delegate.innerStrongConvexity(); }
    @Override public double hypergradLipschitz() { return sF * delegate.hypergradLipschitz(); }
    @Override public java.util.Map<String, Double> metrics(Vec x, Vec y) { return java.util.Map.of(); }
}
