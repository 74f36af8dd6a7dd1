package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * SRBA (Dagréou, Moreau, Vaiter, Ablin 2024, Algorithm 1; docs/STOCHASTIC.md §4): SOBA's directions with
 * SARAH recursive variance reduction, restarted by a full pass every q iterations. With u = (y, v, x):
 * <pre>
 *   t ≡ 0 (mod q):  D = D(u_t) on all samples
 *   otherwise:      D ← D + D_{ij}(u_t) − D_{ij}(u_{t−1})     (the same batches i, j at both points)
 *   y ← y − ρ D_y,   v ← v − ρ D_v,   x ← x − γ D_x
 * </pre>
 * q = max(1, ⌊periodFrac (n + m) / batch⌋) (benchopt's period). The state keeps D and u_{t−1}.
 */
public final class Srba implements Solver<StochasticState> {
    private final StochasticSettings st;
    private final double periodFrac;
    private final long seed;

    public Srba(StochasticSettings settings, double periodFrac, long seed) {
        this.st = settings;
        this.periodFrac = periodFrac;
        this.seed = seed;
    }

    @Override public String name() { return "srba"; }

    /** The state; with {@code periodWindows} the tracking rule compares windows of one period q (StepRule). */
    @Override public StochasticState init(BilevelProblem problem, Vec x0, Vec y0) {
        StochasticState s = st.init(problem, x0, y0, seed);
        if (st.rule().periodWindows()) s.window = Math.max(StochasticState.WARMUP, period(problem));
        return s;
    }

    /** q: iterations between full passes. */
    long period(BilevelProblem p) {
        return Math.max(1, (long) Math.floor(periodFrac * (p.innerSamples() + p.outerSamples()) / Math.max(st.innerBatch(), st.outerBatch())));
    }

    @Override public void step(StochasticState s) {
        long t = s.iteration;
        Vec x = s.x, y = s.y, v = s.v;
        if (t % period(s.problem) == 0) {
            Directions d = Directions.at(s.problem, s.problem, x, y, v);
            s.keep("dy", d.dy());
            s.keep("dv", d.dv());
            s.keep("dx", d.dx());
        } else {
            BilevelProblem g = s.nextInner(), f = s.nextOuter();
            Directions now = Directions.at(g, f, x, y, v);
            Directions old = Directions.at(g, f, s.buf("xOld"), s.buf("yOld"), s.buf("vOld"));
            s.buf("dy").axpy(1, now.dy()).axpy(-1, old.dy());
            s.buf("dv").axpy(1, now.dv()).axpy(-1, old.dv());
            s.buf("dx").axpy(1, now.dx()).axpy(-1, old.dx());
        }
        NonFiniteException.check("SRBA direction D_x", s.buf("dx"));
        s.hypergradient = s.buf("dx").copy();
        s.keep("xOld", x);
        s.keep("yOld", y);
        s.keep("vOld", v);
        y.axpy(-st.rho(t), s.buf("dy"));
        v.axpy(-st.rho(t), s.buf("dv"));
        s.moveX(s.outerStep(st, t, s.buf("dx"), s.buf("dy"), s.buf("dv")), s.buf("dx"));
    }
}
