package org.bilevel4j.cli.bench;

import java.util.List;
import org.bilevel4j.solver.StopRule;

/**
 * {@code nonsmooth}: SPNBO against the fixed-smoothing baselines (penalty, HOAG, RHG; mu = 1e-3 by the problems'
 * default, ALGORITHMS.md §3.8) and random search on the non-smooth tasks, the counterpart of the SPNBO paper's
 * Tables 3–5 (mean ± std overview in summary.md) and Figures 3–4 (outer value against time in plots/).
 * Per-task tunings are {@code SOLVER.KEY=VALUE} task options (see {@link Comparison#options}).
 */
final class NonsmoothCompare {
    private NonsmoothCompare() {}

    /**
     * SPNBO on poison: the outer objective −CE is unbounded in w, so the penalty (β/2d)‖∇_w G‖² of (2) must be
     * strong for w to stay near w*(λ); with the default β ≤ 100 (β/d ≤ 0.15 for the 650 weights on digits) the
     * weights run away (outer value −320 after 8 s), and with β/d = 10 still (−720); β/d = 1000 gives −0.37.
     */
    static final String POISON = "poison:spnbo.beta1=650000:spnbo.betaMax=6500000:penalty.rho0=100:penalty.lambda0=1";

    /**
     * RHG: 50 unrolled steps (not 600) to fit the time limit, at step 1e-3: with the default step the unrolled
     * inner iteration on the mu = 1e-3 smoothed l_p^p blows up (orthogonal: diverged after 3 iterations;
     * diabetes: outer value 2e10), at 1e-3 it is stable on every sparse-regression task (seed 0).
     */
    static final String RHG = "rhg:innerSteps=50:innerStep=0.001:outerStep=0.01"; // outerStep: the fallback default these runs were made with

    static BenchSuite suite() {
        return new ComparisonSuite("nonsmooth",
                "SPNBO vs penalty, HOAG, RHG, random search on sparse-regression (orthogonal, diabetes, breast cancer; l_p, group"
                        + " lasso, OSCAR), reweight and poison; at most 500 iterations or 5 s a run; --seeds 0,1,2,3,4 for the 5 seeds of the report (about 5 min on 2 cores)",
                List.of("sparse-regression",
                        "sparse-regression:dataset=diabetes", "sparse-regression:dataset=diabetes:penalty=group-lasso",
                        "sparse-regression:dataset=diabetes:penalty=oscar",
                        "sparse-regression:dataset=breast-cancer", "sparse-regression:dataset=breast-cancer:penalty=group-lasso",
                        "reweight", POISON),
                List.of("spnbo:preset=sparse-regression", "penalty:preset=paper", "hoag:innerStep=0.01", RHG, "random-search"),
                new StopRule(500, 5, Long.MAX_VALUE, 0, 1),
                List.of("sparse-regression:dim=6", "sparse-regression:dataset=diabetes",
                        "reweight:trainSize=200:valSize=100:testSize=100:features=5:classes=3",
                        "poison:dataset=synthetic:trainSize=60:valSize=60:testSize=60:features=4:poisonPoints=3:spnbo.beta1=1000:spnbo.betaMax=10000"),
                new StopRule(4, Double.POSITIVE_INFINITY, Long.MAX_VALUE, 0, 1));
    }
}
