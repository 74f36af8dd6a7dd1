package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.SampleLogits;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * SABA (Dagréou, Ablin, Vaiter, Moreau 2022, Algorithm 2; docs/STOCHASTIC.md §2): SOBA with each of the five
 * parts of its directions replaced by a SAGA estimate over the fixed batches ({@link SagaTable}):
 * <pre>
 *   D_y = S[∇_y G_i],   D_v = S[∇²_yy G_i v] + S[∇_y F_j],   D_x = S[∇²_xy G_i v] + S[∇_x F_j]
 *   y ← y − ρ D_y,   v ← v − ρ D_v,   x ← x − s γ D_x                (constant steps, Theorem 2)
 * </pre>
 * ρ defaults to 1/max(L_G, L_B), L_B the smoothness of the inner batches the tables are kept for (SAGA's step
 * condition; {@link BatchSmoothness}, §2 "Inner step"), and the tracking rule's factor s compares windows of one epoch
 * of the tables (every row recomputed once; §2 "x step"); the growth back-off watches the mean of the D_x tables (the
 * average of the rows, smooth from step to step) instead of the single-step estimate, whose norm jumps tenfold as noise,
 * and halves γ when that mean doubles (TABLE_GROWTH) over its smallest value since the last halving.
 * Tables: inner batches × (2 dimY + dimX) and outer batches × (dimY + dimX) doubles. On a linear model
 * ({@link SampleLogits}; {@code table=logits}, the default there) the tables keep each sample's logit derivatives
 * instead ({@link LogitTable}, §2.1: K, K and 1 numbers an inner sample, K an outer one), and the parts no sample
 * defines (a regularizer's gradient) are added exactly, not through the table (README, memory notes).
 */
public final class Saba implements Solver<StochasticState> {
    /** Growth of the watched D_x table mean that halves γ at once (ours, UNVERIFIED; §2 "x step"). */
    static final double TABLE_GROWTH = 2;
    private final StochasticSettings st;
    private final boolean logits;
    private final long seed;

    public Saba(StochasticSettings settings, long seed) { this(settings, true, seed); }

    /** @param logits keep logit derivatives when the problem is a linear model (false: gradient rows always) */
    public Saba(StochasticSettings settings, boolean logits, long seed) {
        this.st = settings;
        this.logits = logits;
        this.seed = seed;
    }

    @Override public String name() { return "saba"; }

    @Override public StochasticState init(BilevelProblem problem, Vec x0, Vec y0) {
        StochasticState s = st.init(problem, x0, y0, seed);
        int nIn = s.inner.count, nOut = s.outer.count, dy = problem.dimY(), dx = problem.dimX();
        s.window = Math.max(StochasticState.WARMUP, Math.max(nIn, nOut));
        if (compact(problem)) {
            s.logitTables.put("gy", new LogitTable(nIn, dy));
            s.logitTables.put("hv", new LogitTable(nIn, dy));
            s.logitTables.put("cv", new LogitTable(nIn, dx));
            s.logitTables.put("fy", new LogitTable(nOut, dy));
            return s;
        }
        s.tables.put("gy", new SagaTable(nIn, dy));
        s.tables.put("hv", new SagaTable(nIn, dy));
        s.tables.put("cv", new SagaTable(nIn, dx));
        s.tables.put("fy", new SagaTable(nOut, dy));
        s.tables.put("fx", new SagaTable(nOut, dx));
        return s;
    }

    private boolean compact(BilevelProblem p) { return logits && SampleLogits.of(p) != null; }

    @Override public void step(StochasticState s) {
        long t = s.iteration;
        int i = s.inner.next(), j = s.outer.next();
        double wi = s.inner.weight(i), wj = s.outer.weight(j);
        Vec dy, dv, dx, watched;
        if (!s.logitTables.isEmpty()) {
            Vec[] d = compactDirections(s, i, j, wi, wj);
            dy = d[0];
            dv = d[1];
            dx = d[2];
            watched = d[3];
        } else {
            Directions d = Directions.at(s.innerView(i), s.outerView(j), s.x, s.y, s.v);
            dy = s.tables.get("gy").estimate(i, wi, d.gy());
            dv = s.tables.get("hv").estimate(i, wi, d.hv()).axpy(1, s.tables.get("fy").estimate(j, wj, d.fy()));
            dx = s.tables.get("cv").estimate(i, wi, d.cv()).axpy(1, s.tables.get("fx").estimate(j, wj, d.fx()));
            watched = s.tables.get("cv").mean().copy().axpy(1, s.tables.get("fx").mean());
        }
        NonFiniteException.check("SABA direction D_x", dx);
        s.hypergradient = dx;
        s.y.axpy(-st.rho(t), dy);
        s.v.axpy(-st.rho(t), dv);
        s.moveX(s.outerStep(st, t, watched, TABLE_GROWTH, dy, dv), dx);
    }

    /**
     * D_y, D_v, D_x from the logit tables (§2.1): S[X̃ᵀ r] + P for each part, P the sample-free part; fourth, the
     * watched x direction (the cross table's mean plus P). Counts the same
     * oracle calls as the row path (three inner, one outer) on the batch sizes.
     */
    private static Vec[] compactDirections(StochasticState s, int i, int j, double wi, double wj) {
        SampleLogits g = SampleLogits.of(s.innerView(i)), f = SampleLogits.of(s.outerView(j));
        Vec x = s.x, y = s.y, v = s.v;
        count(s, i, j);
        Vec dy = s.logitTables.get("gy").estimate(i, wi, g.innerGradLogits(x, y), g::innerSpread).axpy(1, g.innerGradYFree(x, y));
        Vec dv = s.logitTables.get("hv").estimate(i, wi, g.innerHvpLogits(x, y, v), g::innerSpread).axpy(1, g.innerHvpFree(x, y, v))
                .axpy(1, s.logitTables.get("fy").estimate(j, wj, f.outerGradLogits(x, y), f::outerSpread)).axpy(1, f.outerGradYFree(x, y));
        Vec free = g.innerCrossFree(x, y, v).copy().axpy(1, f.outerGradXFree(x, y));
        Vec dx = s.logitTables.get("cv").estimate(i, wi, g.innerCrossLogits(x, y, v), g::innerCrossSpread).axpy(1, free);
        return new Vec[] {dy, dv, dx, s.logitTables.get("cv").mean().copy().axpy(1, free)};
    }

    /** The oracle counts of one step, as the row path's calls record them. */
    private static void count(StochasticState s, int i, int j) {
        if (!(s.problem instanceof CountingProblem c)) return;
        long bi = s.inner.indices(i).length, bj = s.outer.indices(j).length;
        c.counts().add(Oracle.innerGradY, bi);
        c.counts().add(Oracle.innerHvp, bi);
        c.counts().add(Oracle.innerCross, bi);
        c.counts().add(Oracle.outerGradY, bj);
        c.counts().add(Oracle.outerGradX, bj);
    }
}
