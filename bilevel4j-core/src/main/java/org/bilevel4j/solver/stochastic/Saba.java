package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * SABA (Dagréou, Ablin, Vaiter, Moreau 2022, Algorithm 2; docs/STOCHASTIC.md §2): SOBA with each of the five
 * parts of its directions replaced by a SAGA estimate over the fixed batches ({@link SagaTable}):
 * <pre>
 *   D_y = S[∇_y G_i],   D_v = S[∇²_yy G_i v] + S[∇_y F_j],   D_x = S[∇²_xy G_i v] + S[∇_x F_j]
 *   y ← y − ρ D_y,   v ← v − ρ D_v,   x ← x − γ D_x                  (constant steps, Theorem 2)
 * </pre>
 * Tables: inner batches × (2 dimY + dimX) and outer batches × (dimY + dimX) doubles (README, memory notes).
 */
public final class Saba implements Solver<StochasticState> {
    private final StochasticSettings st;
    private final long seed;

    public Saba(StochasticSettings settings, long seed) {
        this.st = settings;
        this.seed = seed;
    }

    @Override public String name() { return "saba"; }

    @Override public StochasticState init(BilevelProblem problem, Vec x0, Vec y0) {
        StochasticState s = st.init(problem, x0, y0, seed);
        int nIn = s.inner.count, nOut = s.outer.count, dy = problem.dimY(), dx = problem.dimX();
        s.tables.put("gy", new SagaTable(nIn, dy));
        s.tables.put("hv", new SagaTable(nIn, dy));
        s.tables.put("cv", new SagaTable(nIn, dx));
        s.tables.put("fy", new SagaTable(nOut, dy));
        s.tables.put("fx", new SagaTable(nOut, dx));
        return s;
    }

    @Override public void step(StochasticState s) {
        long t = s.iteration;
        int i = s.inner.next(), j = s.outer.next();
        double wi = s.inner.weight(i), wj = s.outer.weight(j);
        Directions d = Directions.at(s.innerView(i), s.outerView(j), s.x, s.y, s.v);
        Vec dy = s.tables.get("gy").estimate(i, wi, d.gy());
        Vec dv = s.tables.get("hv").estimate(i, wi, d.hv()).axpy(1, s.tables.get("fy").estimate(j, wj, d.fy()));
        Vec dx = s.tables.get("cv").estimate(i, wi, d.cv()).axpy(1, s.tables.get("fx").estimate(j, wj, d.fx()));
        NonFiniteException.check("SABA direction D_x", dx);
        s.hypergradient = dx;
        s.y.axpy(-st.rho(t), dy);
        s.v.axpy(-st.rho(t), dv);
        s.x.axpy(-s.outerStep(st, t, dx), dx);
    }
}
