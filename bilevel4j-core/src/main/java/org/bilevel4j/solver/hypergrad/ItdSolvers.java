package org.bilevel4j.solver.hypergrad;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.scale.Scales;

/** Catalog entries of the iterative-differentiation family (ALGORITHMS.md §4.2 ITD branch, §5). */
public final class ItdSolvers {
    private ItdSolvers() {}

    /**
     * Default D of the methods that differentiate through the inner steps. Their hypergradient error decays
     * like (1 − αμ)^D, so D must be Θ(κ log 1/ε) (§4.2): 600 puts the error of RHG/FHG/BDA at ~1e-5 on the
     * default quadratic (κ = 100), so that they reach x* to 1e-4. Lower it for cheaper, less exact runs.
     */
    static final int UNROLLED_STEPS = 600;

    /** Default D of fo-itd and one-step, which do not differentiate through the steps: the warm start suffices. */
    static final int PLAIN_STEPS = 10;

    public static void register(Map<String, Catalog.SolverEntry> m) {
        Catalog.add(m, "rhg", "ITD-BiO / RHG: reverse mode through the D unrolled inner steps (Franceschi et al. 2017)", (p, o, seed) -> {
            HypergradOptions h = HypergradOptions.read(p, o, UNROLLED_STEPS);
            InnerBatches.Plan b = InnerBatches.plan(p, o, h.innerSteps());
            return reverse("rhg", h, UnrolledSteps.gradientDescent(h.innerStep()), b.steps(), b.steps(), memoryBudget(o), b.batch(), seed);
        });
        Catalog.add(m, "trhg", "truncated RHG: reverse mode through the last K inner steps only (Shaban et al. 2019)", (p, o, seed) -> {
            HypergradOptions h = HypergradOptions.read(p, o, UNROLLED_STEPS);
            InnerBatches.Plan b = InnerBatches.plan(p, o, h.innerSteps());
            int k = o.getInt("truncation", Math.max(1, b.steps() / 2), 0, "back-propagate through the last K inner steps (default D/2)");
            return reverse("trhg", h, UnrolledSteps.gradientDescent(h.innerStep()), b.steps(), k, memoryBudget(o), b.batch(), seed);
        });
        Catalog.add(m, "fhg", "FHG: forward mode, dy/dx carried along the D inner steps (dim x HVPs per step)", (p, o, seed) -> {
            HypergradOptions h = HypergradOptions.read(p, o, UNROLLED_STEPS);
            return new HypergradientDescent("fhg", new ForwardModeEstimator(h.innerSteps(), h.innerStep()), h.outerRule(), seed);
        });
        Catalog.add(m, "fo-itd", "first-order ITD: the gradient of F in x at y_D, dy/dx dropped (biased; no second-order calls)", (p, o, seed) -> {
            HypergradOptions h = HypergradOptions.read(p, o, PLAIN_STEPS);
            InnerBatches.Plan b = InnerBatches.plan(p, o, h.innerSteps());
            return reverse("fo-itd", h, UnrolledSteps.gradientDescent(h.innerStep()), b.steps(), 0, ReverseModeEstimator.KEEP_ALL, b.batch(), seed);
        });
        Catalog.add(m, "one-step", "one-step T1-T2: grad_x F - s grad2_xy G grad_y F after D inner steps (biased; Luketina et al. 2016)", (p, o, seed) -> {
            HypergradOptions h = HypergradOptions.read(p, o, PLAIN_STEPS);
            InnerBatches.Plan b = InnerBatches.plan(p, o, h.innerSteps());
            return new HypergradientDescent("one-step", new OneStepEstimator(b.steps(), h.innerStep(), b.batch()), h.outerRule(), seed);
        });
        Catalog.add(m, "bda", "BDA: reverse mode through inner steps aggregating grad_y F and grad_y G (Liu et al. 2020)", (p, o, seed) -> {
            HypergradOptions h = HypergradOptions.read(p, o, UNROLLED_STEPS);
            InnerBatches.Plan b = InnerBatches.plan(p, o, h.innerSteps());
            return reverse("bda", h, bdaSteps(p, o, h), b.steps(), b.steps(), memoryBudget(o), b.batch(), seed);
        });
    }

    private static HypergradientDescent reverse(String name, HypergradOptions h, UnrolledSteps dyn, int steps, int truncation, int budget,
                                                int innerBatch, long seed) {
        return new HypergradientDescent(name, new ReverseModeEstimator(steps, dyn, truncation, budget, innerBatch), h.outerRule(), seed);
    }

    /** The inner iterates kept for the reverse pass (binomial checkpointing below the steps reversed, {@link Revolve}). */
    static int memoryBudget(Options o) {
        String v = o.getString("memoryBudget", "all", "inner iterates stored for the reverse pass besides one working copy: all, "
                + "or N >= 1 to recompute the others by binomial checkpointing (Revolve; same hypergradient, fewest extra inner steps)");
        if (v.equals("all")) return ReverseModeEstimator.KEEP_ALL;
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) return n;
        } catch (NumberFormatException e) { /* reported below */ }
        throw new IllegalArgumentException("option memoryBudget=" + v + " must be all or an integer >= 1");
    }

    /** BDA's aggregation weights (§5 BDA row); the paper's own α_t formula is UNVERIFIED, hence the named choice. */
    static UnrolledSteps bdaSteps(BilevelProblem p, Options o, HypergradOptions h) {
        String schedule = o.choice("alphaSchedule", "boat",
                "aggregation schedule: boat = alpha_t F + (1-alpha_t) G with alpha_{t+1} = decay alpha_t; "
                        + "bda-code = original BDA code, constant (1-alpha) on G and alpha gamma decay^t on F", "boat", "bda-code");
        double alpha = o.getDouble("alpha", 0.5, "aggregation weight alpha (alpha_0 for boat, the constant alpha for bda-code), in [0, 1)");
        if (!(alpha >= 0 && alpha < 1)) throw new IllegalArgumentException("option alpha=" + alpha + " must be in [0, 1)");
        double decay = o.getDouble("alphaDecay", 0.9, "per-step decay of the upper-level weight, in [0, 1]");
        if (!(decay >= 0 && decay <= 1)) throw new IllegalArgumentException("option alphaDecay=" + decay + " must be in [0, 1]");
        // s_u = 1/L_f and s_l = 1/L_g: each gradient on its own scale, so that scaling F or G does not tilt the aggregation
        Scales sc = Scales.of(p);
        boolean outerScale = o.choice("upperScale", "outer", "default of upperStep: 1/L_f (outer) or the inner step (inner, as before)",
                "outer", "inner").equals("outer");
        double su = o.getDerived("upperStep", () -> outerScale ? 1 / sc.outerLipschitz() : h.innerStep(), () -> outerScale ? "1/L_f, " + sc.describe(Scales.OUTER) : "the inner step",
                "s_u, step on grad_y F inside the aggregated inner dynamics (default 1/L of grad_y F in y)");
        if (schedule.equals("boat")) return UnrolledSteps.bdaBoat(su, h.innerStep(), alpha, decay);
        double gamma = o.getPositive("gamma", 1, "extra factor gamma on the upper-level weight (bda-code only)");
        return UnrolledSteps.bdaCode(su, h.innerStep(), alpha, gamma, decay);
    }
}
