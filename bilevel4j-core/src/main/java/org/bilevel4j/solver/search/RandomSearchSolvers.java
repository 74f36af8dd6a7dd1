package org.bilevel4j.solver.search;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.scale.WithScales;

/** Catalog entry of random search (ALGORITHMS.md §3.8: 100 draws of e^x from [e^-10, e^10], sub-gradient inner solves). */
public final class RandomSearchSolvers {
    private RandomSearchSolvers() {}

    public static void register(Map<String, Catalog.SolverEntry> m) {
        Catalog.add(m, "random-search", "random search: x uniform in [lo, hi] (e^x log-uniform), inner problem by sub-gradient steps"
                + " on the non-smoothed objective, best validation value kept (one iteration = one draw)",
                (p, o, seed) -> new RandomSearch(settings(p, o), seed));
    }

    static RandomSearch.Settings settings(BilevelProblem p, Options o) {
        double lip = WithScales.raw(p).innerLipschitz(); // the problem's own L only (sub-gradient steps on a non-smooth objective)
        double step = Double.isFinite(lip) && lip > 0 ? 1 / lip : 0.1;
        return new RandomSearch.Settings(
                o.getInt("draws", 100, 1, "number of random draws of x (the paper's 100 trials)"),
                o.getDouble("lo", -10, "lower end of each x_i (e^x from e^-10)"),
                o.getDouble("hi", 10, "upper end of each x_i (e^x up to e^10)"),
                o.getInt("innerSteps", 100, 0, "sub-gradient steps per draw (full-batch: one step = one epoch; the paper uses 20 epochs)"),
                o.getPositive("innerStep", step, "initial sub-gradient step eta (step t is eta/sqrt(t+1)); default 1/L when the problem knows L, else 0.1"),
                o.getPositive("subgradientMu", 1e-12, "smoothing parameter set during the inner solve (sub-gradients of the exact regularizer)"));
    }
}
