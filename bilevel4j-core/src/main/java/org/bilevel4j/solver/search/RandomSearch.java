package org.bilevel4j.solver.search;

import java.util.random.RandomGenerator;
import org.bilevel4j.opt.Rng;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.smoothing.Smoothed;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.vec.Vec;

/**
 * Random search, the hyper-parameter-search baseline of ALGORITHMS.md §3.8: x drawn uniformly from [lo, hi]^m
 * (lo = −10, hi = 10: the weights e^x log-uniform on [e^{−10}, e^{10}]; intersected with the problem's box), the inner
 * problem solved from y0 by a fixed number of sub-gradient steps y ← y − (η/√(t+1)) g_t, keeping the iterate with the
 * lowest inner value, and the draw with the lowest outer value F(x, y) kept. One {@link #step} is one draw; after the
 * last draw the run stops ({@link #finished}; steps after it would change nothing).
 * <p>Sub-gradients of the NON-smoothed inner objective: when the problem is {@link Smoothed}, μ is set to
 * {@code subgradientMu} (default 1e-12) during the inner solve and restored after. For the regularizers of §3.2 the
 * smoothed gradient at such a μ is a sub-gradient of the exact one wherever |w_i| (or ‖w_g‖) ≫ μ, and the minimal-norm
 * choice 0 at w_i = 0 exactly; the inner values differ from the exact ones by at most d μ^p.
 */
public final class RandomSearch implements Solver<RandomSearch.State> {
    public record Settings(int draws, double lo, double hi, int innerSteps, double innerStep, double subgradientMu) {
        public Settings {
            if (draws < 1 || innerSteps < 0) throw new IllegalArgumentException("random search needs draws >= 1 and innerSteps >= 0");
            if (!(lo < hi)) throw new IllegalArgumentException("random search needs lo < hi, got [" + lo + ", " + hi + "]");
            if (!(innerStep > 0) || !(subgradientMu > 0)) throw new IllegalArgumentException("random search needs innerStep > 0 and subgradientMu > 0");
        }
    }

    /** The best draw so far is (x, y); also the worst outer value seen and the last draw's. */
    public static final class State extends SolverState {
        public double best = Double.POSITIVE_INFINITY, worst = Double.NEGATIVE_INFINITY, last = Double.NaN;
        public int draws;
        final Vec y0;
        final Rng rng;

        State(BilevelProblem p, Vec x, Vec y, long seed) {
            super(p, x, y);
            y0 = y.copy();
            rng = new Rng(seed);
        }

        @Override public void save(Snapshot out) {
            super.save(out);
            out.put("best", best).put("worst", worst).put("last", last).putLong("draws", draws).putLong("rng", rng.state());
        }

        @Override public void restore(Snapshot in) {
            super.restore(in);
            best = in.num("best");
            worst = in.num("worst");
            last = in.num("last");
            draws = Math.toIntExact(in.integer("draws"));
            rng.setState(in.integer("rng"));
        }
    }

    private final Settings s;
    private final long seed;

    public RandomSearch(Settings s, long seed) {
        this.s = s;
        this.seed = seed;
    }

    @Override public String name() { return "random-search"; }

    /** x0 (projected on the box, as every solver's start) is only the reported start: the first draw replaces it. */
    @Override public State init(BilevelProblem problem, Vec x0, Vec y0) {
        Vec x = x0.copy();
        if (problem.bounds() != null) problem.bounds().project(x);
        return new State(problem, x, y0.copy(), seed);
    }

    /** All draws made: a run of 10⁸ iterations or 10 s of solver time stops here, not after 10⁸ empty steps. */
    @Override public boolean finished(State st) { return st.draws >= s.draws(); }

    @Override public void step(State st) {
        if (st.draws >= s.draws()) return;
        BilevelProblem p = st.problem;
        Vec x = draw(p, st.rng);
        Vec y = solveInner(p, x, st.y0);
        double f = p.outerValue(x, y);
        st.draws++;
        st.last = f;
        if (!Double.isNaN(f)) st.worst = Math.max(st.worst, f);
        if (f < st.best) { // NaN never wins
            st.best = f;
            st.x = x;
            st.y = y;
        }
        st.extras.put("draws", (double) st.draws);
        st.extras.put("drawOuter", f);
        st.extras.put("bestOuter", st.best);
        st.extras.put("worstOuter", st.worst);
    }

    /** x_i uniform on [max(lo, box lo_i), min(hi, box hi_i)]. */
    Vec draw(BilevelProblem p, RandomGenerator rng) {
        Box box = p.bounds();
        double[] x = new double[p.dimX()];
        double[] blo = box == null ? null : box.lo().toArray(), bhi = box == null ? null : box.hi().toArray();
        for (int i = 0; i < x.length; i++) {
            double a = box == null ? s.lo() : Math.max(s.lo(), blo[i]), b = box == null ? s.hi() : Math.min(s.hi(), bhi[i]);
            if (!(a <= b)) throw new IllegalArgumentException("random search range [" + s.lo() + ", " + s.hi() + "] misses the box of x_" + i);
            x[i] = a + (b - a) * rng.nextDouble();
        }
        return Vec.of(x);
    }

    /** Sub-gradient steps on the non-smooth inner objective from y0; the iterate with the lowest inner value. */
    Vec solveInner(BilevelProblem p, Vec x, Vec y0) {
        BilevelProblem raw = p instanceof CountingProblem c ? c.uncounted() : p;
        Smoothed sm = raw instanceof Smoothed m ? m : null;
        double mu = sm == null ? Double.NaN : sm.mu();
        if (sm != null) sm.setMu(s.subgradientMu());
        try {
            Vec y = y0.copy(), best = y0.copy();
            double fBest = p.innerValue(x, y);
            for (int t = 0; t < s.innerSteps(); t++) {
                Vec g = p.innerGradY(x, y);
                if (!g.isFinite()) break; // a diverged draw keeps its best finite iterate
                y.axpy(-s.innerStep() / Math.sqrt(t + 1), g);
                double v = p.innerValue(x, y);
                if (v < fBest) {
                    fBest = v;
                    best.assign(y);
                }
            }
            return best;
        } finally {
            if (sm != null) sm.setMu(mu);
        }
    }
}
