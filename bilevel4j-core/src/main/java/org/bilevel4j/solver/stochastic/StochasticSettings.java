package org.bilevel4j.solver.stochastic;

import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.scale.Presets;
import org.bilevel4j.solver.scale.Scales;

/**
 * Options every stochastic method shares (docs/STOCHASTIC.md §0): step sizes ρ_t = ρ (t/t_0)^−a of y and v and
 * γ_t = γ (t/t_0)^−b of x after t_0 iterations at ρ and γ, and the batch sizes. Defaults follow the problem's
 * scales ({@link Scales}: its own constants, else estimates at the start): ρ = 1/L_G, γ = 1/(2 L_Φ).
 * benchopt's tuned constants (ρ = γ = 0.1) are {@code preset=benchopt}.
 */
public record StochasticSettings(double innerStep, double outerStep, int innerBatch, int outerBatch, double innerDecay,
                                 double outerDecay, long decayStart, StepRule rule, double damping) {

    /** Settings with the default x step rule ({@link StepRule#SMALLEST}), undamped. */
    public StochasticSettings(double innerStep, double outerStep, int innerBatch, int outerBatch, double innerDecay, double outerDecay, long decayStart) {
        this(innerStep, outerStep, innerBatch, outerBatch, innerDecay, outerDecay, decayStart, StepRule.SMALLEST);
    }

    /** Settings with x step rule {@code rule}, undamped. */
    public StochasticSettings(double innerStep, double outerStep, int innerBatch, int outerBatch, double innerDecay, double outerDecay, long decayStart,
                              StepRule rule) {
        this(innerStep, outerStep, innerBatch, outerBatch, innerDecay, outerDecay, decayStart, rule, 0);
    }

    /** These settings with x step rule {@code r}. */
    StochasticSettings withRule(StepRule r) {
        return new StochasticSettings(innerStep, outerStep, innerBatch, outerBatch, innerDecay, outerDecay, decayStart, r, damping);
    }

    /**
     * The settings of the methods under the tracking rule (SOBA, SRBA, MA-SOBA, FSLA, AmIGO; {@code srba}: SRBA), constant
     * steps by default, with their step rule options ({@link StepRule}).
     */
    static StochasticSettings readTracked(BilevelProblem p, Options o, boolean srba) {
        StochasticSettings st = read(p, o, 0, 0);
        return st.withRule(StepRule.read(p, o, st, srba));
    }

    /** ρ_t = ρ (max(1, (t+1)/t_0))^−a: constant for the first t_0 iterations, then the power decay. */
    double rho(long t) { return innerStep * Math.pow(Math.max(1, (t + 1.0) / decayStart), -innerDecay); }

    /** γ_t = γ (max(1, (t+1)/t_0))^−b. */
    double gamma(long t) { return outerStep * Math.pow(Math.max(1, (t + 1.0) / decayStart), -outerDecay); }

    /** Reads the shared options; {@code innerDecay} and {@code outerDecay} are the method's default exponents. */
    static StochasticSettings read(BilevelProblem p, Options o, double innerDecay, double outerDecay) {
        return read(p, o, innerDecay, outerDecay, 1);
    }

    /** As above, with the method's default t_0 (iterations at constant steps before the decay starts). */
    static StochasticSettings read(BilevelProblem p, Options o, double innerDecay, double outerDecay, long decayStart) {
        return read(p, o, innerDecay, outerDecay, decayStart, 0);
    }

    /**
     * SABA's settings (docs/STOCHASTIC.md §2, "Inner step"): as above with constant steps, but the default ρ is
     * 1/max(L_G, L_B), L_B the smoothness of the inner batches that SAGA's memory is kept for ({@link BatchSmoothness},
     * on {@code smoothnessBatches} of them; 0: ρ = 1/L_G as the other methods).
     */
    static StochasticSettings readSaga(BilevelProblem p, Options o) {
        int sampled = o.getInt("smoothnessBatches", 16, 0,
                "inner batches on which SABA's default innerStep measures the batch smoothness L_B (rho = 1/max(L_G, L_B); 0: rho = 1/L_G)");
        return read(p, o, 0, 0, 1, sampled);
    }

    /** The shared reading; {@code sampled} > 0 makes the default ρ 1/max(L_G, L_B) over that many inner batches. */
    private static StochasticSettings read(BilevelProblem p, Options o, double innerDecay, double outerDecay, long decayStart, int sampled) {
        // benchopt's step_size 0.1 and outer_ratio 1 (gamma = rho / outerRatio), kept out of the defaults
        Presets.apply(o, Map.of("benchopt", Map.of("innerStep", "0.1", "outerRatio", "1")));
        Scales sc = Scales.of(p);
        int batch = o.getInt("batchSize", 64, 1, "mini-batch size of both levels (benchopt's 64)");
        int ib = o.getInt("innerBatch", batch, 1, "inner (training) mini-batch size");
        int ob = o.getInt("outerBatch", batch, 1, "outer (validation) mini-batch size");
        double[] lb = {Double.NaN}; // L_B, once measured (for the option's description)
        double rho = o.getDerived("innerStep", () -> {
                    if (sampled == 0) return 1 / sc.innerLipschitz();
                    lb[0] = BatchSmoothness.largest(p, ib, sampled);
                    return 1 / Math.max(sc.innerLipschitz(), lb[0]);
                }, () -> sampled == 0 ? "1/L_G, " + sc.describe(Scales.INNER)
                        : String.format(java.util.Locale.ROOT, "1/max(L_G, L_B), %s, L_B %.4g (largest over %d inner batches)",
                                sc.describe(Scales.INNER), lb[0], sampled),
                sampled == 0 ? "rho: step of y and v (default 1/L of grad_y G)"
                        : "rho: step of y and v (default 1/max(L_G, L_B), L_B the largest batch smoothness of grad_y G: SAGA's step condition)");
        boolean byRatio = o.has("outerRatio");
        double ratio = o.getPositive("outerRatio", 1, "when given: gamma = innerStep / outerRatio (benchopt's outer_ratio)");
        double gamma = o.getDerived("outerStep", () -> byRatio ? rho / ratio : 0.5 / sc.hypergradLipschitz(),
                () -> byRatio ? "innerStep/outerRatio" : "1/(2 L_Phi), " + sc.describe(Scales.HYPERGRAD),
                "gamma: step of x (default 1/(2L) of the hypergradient; innerStep/outerRatio when outerRatio is given)");
        double a = o.getDouble("innerDecay", innerDecay, "a in rho_t = rho (t+1)^-a");
        double b = o.getDouble("outerDecay", outerDecay, "b in gamma_t = gamma (t+1)^-b");
        if (a < 0 || b < 0) throw new IllegalArgumentException("innerDecay and outerDecay must be >= 0");
        long t0 = o.getLong("decayStart", decayStart, "t_0: iterations at constant steps before the power decay starts");
        if (t0 < 1) throw new IllegalArgumentException("option decayStart=" + t0 + " must be >= 1");
        double damping = org.bilevel4j.solver.hypergrad.Damping.read(p, o);
        return new StochasticSettings(rho, gamma, ib, ob, a, b, t0, StepRule.SMALLEST, damping);
    }

    /**
     * Terms Q of a Neumann series: enough for a relative truncation error of 1e-2, (1 − μ/L)^Q ≤ 1e-2, when the
     * problem knows its inner strong convexity μ and L (capped at 2000); otherwise benchopt's 10.
     */
    static int neumannTerms(BilevelProblem p, Options o) {
        double l = p.innerLipschitz(), mu = p.innerStrongConvexity();
        int def = 10;
        if (Double.isFinite(l) && Double.isFinite(mu) && mu > 0 && l >= mu) def = (int) Math.min(2000, Math.ceil(Math.log(100) * l / mu));
        return o.getInt("neumannSteps", def, 1, "Q: terms of the Neumann series (default ln(100) L/mu when the problem knows mu, else 10)");
    }

    /**
     * The state every method starts from: x0 (projected on the problem's box) and y0 copied, v = 0; with damping λ > 0
     * the state's problem is {@link DampedHessian}, so that every linear system and Neumann series is of H + λI.
     */
    StochasticState init(BilevelProblem p, org.bilevel4j.vec.Vec x0, org.bilevel4j.vec.Vec y0, long seed) {
        org.bilevel4j.vec.Vec x = x0.copy();
        if (p.bounds() != null) p.bounds().project(x); // a start outside the box starts on its face, as the other solvers
        BilevelProblem q = damping > 0 ? new DampedHessian(p, damping) : p; // the linear systems see H + λI
        return new StochasticState(q, x, y0.copy(), y0.zerosLike(), innerBatch, outerBatch, seed);
    }
}
