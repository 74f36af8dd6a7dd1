package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.scale.Scales;

/**
 * Options of the x step rule of SOBA, SRBA, MA-SOBA, FSLA and AmIGO (docs/STOCHASTIC.md §0, "Step rule options"; issue 13).
 * The defaults are the rule as it was: the growth back-off watches ‖D_x‖ against its smallest value since the last
 * halving, s ≤ 1, windows of WARMUP iterations.
 * <ul>
 *   <li>{@code windowWatch}: the back-off compares ‖D_x‖ with the largest norm of the previous window instead, at most once
 *       a window unless the direction grows GROWTH-fold again past the halving (a mini-batch direction's norm is
 *       heavy-tailed: on MNIST hyper-cleaning the smallest value is an outlier orders of magnitude below the typical one);</li>
 *   <li>{@code ceiling}: the largest s, from the coupling bound γ s ≤ c ρ μ_G / k ({@link #couplingCeiling});</li>
 *   <li>{@code periodWindows}: SRBA's tracking windows are its period q (errors compared at the same phase of its recursion);</li>
 *   <li>{@code significance}: z of the tracking rule's test (StochasticState#significance; 0: the plain comparison, a coin
 *       toss at a noise floor that makes s a random walk).</li>
 * </ul>
 */
record StepRule(boolean windowWatch, double ceiling, boolean periodWindows, double significance) {
    /** The rule before issue 13's options (the default). */
    static final StepRule SMALLEST = new StepRule(false, 1, false, 0);

    /** Reads growthWatch, couplingBound, trackingSignificance (and, for SRBA, periodWindows) for settings {@code st}. */
    static StepRule read(BilevelProblem p, Options o, StochasticSettings st, boolean srba) {
        boolean window = o.choice("growthWatch", "smallest",
                "growth back-off of the x step: smallest (halve when |D_x| > 10x its smallest value since the last halving) "
                        + "or window (> 10x the largest of the previous window, at most once a window unless it grows 10x again)",
                "smallest", "window").equals("window");
        double c = o.getDouble("couplingBound", 0,
                "c > 0: the x step times s is at most c rho mu_G / min(L_Phi, L_f L_x^2 / mu_G^2) (the coupling of x to the y and v lags); 0: none");
        if (c < 0) throw new IllegalArgumentException("couplingBound must be >= 0");
        boolean period = srba && o.getBool("periodWindows", false, "tracking-rule windows of one period q (the same phase of the recursion) instead of 100 iterations");
        double z = o.getDouble("trackingSignificance", 0,
                "z > 0: the tracking rule halves or doubles the x step only when the change of its windows' errors exceeds z standard deviations; 0: any change");
        if (z < 0) throw new IllegalArgumentException("trackingSignificance must be >= 0");
        return new StepRule(window, c > 0 ? couplingCeiling(Scales.of(p), st.innerStep(), st.outerStep(), c) : 1, period, z);
    }

    /**
     * The largest s with γ s ≤ c ρ μ_G / k, k = min(L_Φ, L_f L_×² / μ_G²), at most 1. UNVERIFIED / ours (docs/STOCHASTIC.md §0):
     * y and v lag y*(x), v*(x) and close the lag at rate ρ μ_G a step, while x's step moves the targets and feeds the lag
     * back into D_x through the implicit part of ∇²Φ (∇²_xy G Dv*(x) + …), of size k; the coupled iteration is stable
     * while γ k is below about ρ μ_G (a scalar model of the slow x and fast lag). L_f L_×²/μ_G² bounds the v part
     * (∂D_x/∂v = ∇²_xy G, Dv*(x) ≈ A⁻¹ ∇²_yy F A⁻¹ ∇²_yx G, dropping ∇²_xy F), L_Φ the whole. μ_G is the problem's or estimated.
     */
    static double couplingCeiling(Scales sc, double rho, double gamma, double c) {
        double mu = sc.innerStrongConvexity(), lx = sc.innerCrossNorm();
        double k = Math.min(sc.hypergradLipschitz(), sc.outerLipschitz() * lx * lx / (mu * mu));
        return Math.min(1, c * rho * mu / k / gamma);
    }
}
