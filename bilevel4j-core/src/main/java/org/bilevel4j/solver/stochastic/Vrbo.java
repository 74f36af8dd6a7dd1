package org.bilevel4j.solver.stochastic;

import java.util.List;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * VRBO (Yang, Ji, Liang 2021, Algorithm 2; docs/STOCHASTIC.md §10): SPIDER/SARAH recursion on the inner
 * gradient and the hypergradient estimate, restarted from full-batch values every q outer iterations:
 * <pre>
 *   t ≡ 0 (mod q):  d_y = ∇_y G(x, y),  d_x = ĝ(x, y) on all samples (summed Neumann, Q terms)
 *   x ← x − γ d_x
 *   m times:  d_y ← d_y + ∇_y G_i(x, y) − ∇_y G_i(x', y'),  d_x ← d_x + ĝ_{ij}(x, y) − ĝ_{ij}(x', y')
 *             (x', y') ← (x, y);   y ← y − ρ d_y
 * </pre>
 * (x', y') is the point of the previous recursion step (kept across outer iterations).
 */
public final class Vrbo implements Solver<StochasticState> {
    private final StochasticSettings st;
    private final int innerSteps, q;
    private final double eta, periodFrac;
    private final long seed;

    public Vrbo(StochasticSettings settings, int innerSteps, int neumannSteps, double neumannStep, double periodFrac, long seed) {
        this.st = settings;
        this.innerSteps = innerSteps;
        this.q = neumannSteps;
        this.eta = neumannStep;
        this.periodFrac = periodFrac;
        this.seed = seed;
    }

    @Override public String name() { return "vrbo"; }

    @Override public StochasticState init(BilevelProblem problem, Vec x0, Vec y0) { return st.init(problem, x0, y0, seed); }

    /** Outer iterations between full passes: max(1, ⌊periodFrac (n + m) / (batch · innerSteps)⌋). */
    long period(BilevelProblem p) {
        double perOuter = (double) Math.max(st.innerBatch(), st.outerBatch()) * Math.max(1, innerSteps);
        return Math.max(1, (long) Math.floor(periodFrac * (p.innerSamples() + p.outerSamples()) / perOuter));
    }

    @Override public void step(StochasticState s) {
        long t = s.iteration;
        Vec x = s.x, y = s.y;
        if (t % period(s.problem) == 0) {
            BilevelProblem p = s.problem;
            s.keep("dy", p.innerGradY(x, y));
            s.keep("dx", Neumann.hypergradient(p, p, java.util.Collections.nCopies(q, p), x, y, eta, q, true));
            s.keep("xOld", x);
            s.keep("yOld", y);
        }
        NonFiniteException.check("VRBO direction d_x", s.buf("dx"));
        s.hypergradient = s.buf("dx").copy();
        s.moveX(st.gamma(t), s.buf("dx"));
        for (int k = 0; k < innerSteps; k++) {
            BilevelProblem g = s.nextInner(), f = s.nextOuter();
            List<BilevelProblem> hs = Neumann.draw(s, q);
            Vec xo = s.buf("xOld"), yo = s.buf("yOld");
            s.buf("dy").axpy(1, g.innerGradY(x, y)).axpy(-1, g.innerGradY(xo, yo));
            s.buf("dx").axpy(1, Neumann.hypergradient(f, g, hs, x, y, eta, q, true))
                    .axpy(-1, Neumann.hypergradient(f, g, hs, xo, yo, eta, q, true));
            s.keep("xOld", x);
            s.keep("yOld", y);
            y.axpy(-st.rho(t), s.buf("dy"));
        }
    }
}
