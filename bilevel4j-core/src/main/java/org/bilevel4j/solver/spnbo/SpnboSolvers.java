package org.bilevel4j.solver.spnbo;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.opt.Schedule;
import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.smoothing.Smoothed;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.scale.Presets;
import org.bilevel4j.solver.scale.Scales;
import org.bilevel4j.solver.scale.WithScales;

/**
 * Catalog entry of SPNBO (ALGORITHMS.md §3.6). The defaults deviate from the paper's on purpose (the paper's values
 * remain one option away: {@code schedule=paper beta1=1 betaMax=Infinity wRule=sgd wStep=0.01 constraintBatch=1}):
 * <ul>
 *   <li>schedule=alm: with the paper's schedule, β₁ = 1 and the 1/d factor of (2), no stage ever passes on
 *       sparse-regression (‖c‖² stays near 0.6 > ε₃ for thousands of steps, the constraint is never enforced and the
 *       reported w is far from w*(λ)); "alm" also updates α and doubles β when only (3) holds.</li>
 *   <li>beta1 = 10, betaMax = 400 (in units of L_f/L_g², so that scaling a loss needs no new value; lambdaStep = 1/L_Φ): the 1/d factor makes the penalty (β/2d)‖c‖², too weak at β = 1; the cap keeps
 *       the w-subproblem's curvature (β/d)‖∇²G‖² within reach of the fixed w step. The λ step follows β,
 *       1/(L_Φ + β L_×²/d) ({@code lambdaFollowsBeta}; the penalty's λ-curvature): with the fixed 1/L_Φ a cap above 100
 *       diverged on the user problems of the defaults test, and at 100 the quadratic (κ_g = 100) kept a penalty bias of
 *       1.9e-2 of its starting hypergradient (8.8e-3 at 400).</li>
 *   <li>wRule = adam with wStep = 0.01: the w-subproblem's curvature (β/d)‖∇²G‖² + ∇²f varies by orders of magnitude
 *       between problems (about 1 on the orthogonal design, several hundred on standardized breast cancer, where plain
 *       sgd at 0.1 diverges and at the paper's 1e-2..1e-4 barely moves in T = 20 steps); Adam's per-coordinate scaling
 *       works on all of sparse-regression (every penalty and data set) and reweight unchanged.</li>
 *   <li>mu1 = 0.04 (halved at every stage): from the paper's 1e-3 the λ-steps stall in the rugged landscape of the
 *       barely smoothed l_p^p problem (sparse-regression seeds 1–3: relative distance to x* 0.7–2.3 after 500 steps,
 *       0.10–0.27 from 0.04).</li>
 *   <li>muSchedule=auto: a continuation (μ halved every muEvery = 100 λ-steps down to muMin = μ₁/10, w step η_w μ/μ₁)
 *       when the problem declares its smoothed inner problem convex ({@link Smoothed#convexInner}), otherwise the
 *       paper's halving at stages only ({@code muSchedule=stages}, the behaviour before the continuation). On the
 *       orthogonal OSCAR sparse regression the stages never pass with the sampled outer gradient, so μ stayed at 0.04
 *       and the run ended at the smoothed problem's minimizer, 3.3e-2 from x* on design seed 1; with the continuation
 *       2.7e-3 (README "Your own problem"). On l_p^p (p < 1) a smaller μ moves the warm branch's minimizer away from x*
 *       (seed 2: −1.09 at μ = 0.04, −2.99 at 0.01, −5.32 at 1e-3), so auto keeps μ there. The floor μ₁/10: with floors
 *       μ₁/13 and μ₁/20 one run of five solver seeds on OSCAR seed 2 ended 2.9e-2 and 0.19 away (at μ ≤ 2.5e-3 it lost
 *       the constraint, ‖c‖ 0.05 → 0.15); at μ₁/10 all ten runs of seeds 1 and 2 ended within 7.9e-3.</li>
 *   <li>constraintBatch = all: here a Hessian-vector product costs the same for one sampled constraint as for all
 *       d, so sampling only adds variance (the paper samples per network layer).</li>
 * </ul>
 */
public final class SpnboSolvers {
    private SpnboSolvers() {}

    public static void register(Map<String, Catalog.SolverEntry> m) {
        Catalog.add(m, "spnbo", "SPNBO: smoothing + augmented Lagrangian with doubly stochastic gradients (non-smooth inner problems)",
                (p, o, seed) -> new Spnbo(settings(p, o), seed));
    }

    public static Spnbo.Settings settings(BilevelProblem p, Options o) {
        int t = o.getInt("wSteps", 20, 1, "w-steps per lambda-step (T)");
        double etaW = o.getPositive("wStep", 0.01, "w step size (eta_w; paper grid 1e-2, 1e-3, 1e-4)");
        // the constants tuned on sparse-regression before the defaults followed the problem's scales (and before the continuation)
        Presets.apply(o, Map.of("sparse-regression", Map.of("lambdaStep", "1", "scaledPenalty", "false", "lambdaFollowsBeta", "false",
                "muSchedule", "stages")));
        Scales sc = Scales.of(p);
        double etaL = o.getDerived("lambdaStep", () -> 1 / sc.hypergradLipschitz(), () -> "1/L_Phi, " + sc.describe(Scales.HYPERGRAD),
                "lambda step size (eta_lambda; default 1/L of the hypergradient, so that it follows the scale of F)");
        UpdateRule wRule = rule(o, "wRule", "adam", etaW);
        // the penalty (beta/2d)||c||^2 on c = grad_w G weighs against f: beta in units L_f/L_g^2 keeps that balance when a loss is scaled
        boolean scaledPenalty = o.getBool("scaledPenalty", true, "beta1 and betaMax in units of L_f/L_g^2 and eps1..3 in the units of the outer gradient (false: absolute, as the paper)");
        double betaUnit = scaledPenalty ? sc.outerLipschitz() / (sc.innerLipschitz() * sc.innerLipschitz()) : 1;
        // the stage tolerances in the problem's units: g0 = |grad F| at the start, a step in w ~ g0/L_f moves c = grad_w G
        // by g0 L_g/L_f and F by g0^2/L_f; (3) is a squared gradient of L (g0^2), (4) a value (g0^2/L_f), (5) a squared c
        double g0 = scaledPenalty ? sc.outerGradNorm() : 1;
        double eps1Unit = scaledPenalty ? g0 * g0 : 1;
        double eps2Unit = scaledPenalty ? g0 * g0 / sc.outerLipschitz() : 1;
        double eps3Unit = scaledPenalty ? Math.pow(g0 * sc.innerLipschitz() / sc.outerLipschitz(), 2) : 1;
        UpdateRule lRule = rule(o, "lambdaRule", "sgd", etaL);
        double mu1 = o.getPositive("mu1", 0.04, "initial smoothing parameter (mu_1; the paper's is 1e-3)");
        BilevelProblem raw = WithScales.raw(p);
        if (raw instanceof CountingProblem c) raw = c.uncounted();
        String schedule = o.choice("muSchedule", "auto", "stages: mu halved only when the stage tests (3)-(5) pass (the paper);"
                + " continuation: also halved every muEvery lambda-steps down to muMin, w step scaled by mu/mu1;"
                + " auto: continuation when the problem's smoothed inner problem is convex (Smoothed.convexInner), else stages", "auto", "stages", "continuation");
        boolean continuation = schedule.equals("continuation") || schedule.equals("auto") && raw instanceof Smoothed sm && sm.convexInner();
        double muMin = o.getDouble("muMin", continuation ? mu1 / 10 : 0, "floor of the halved smoothing parameter (default mu1/10 with the"
                + " continuation, else 0: none, as in the paper)");
        int muEvery = continuation ? o.getInt("muEvery", 100, 1, "continuation: lambda-steps between halvings of mu") : 0;
        boolean wFollows = continuation && o.getBool("wStepFollowsMu", true, "continuation: w step wStep*mu/mu1 (the kink's curvature grows like 1/mu)");
        return new Spnbo.Settings(t, wRule, lRule, mu1, muMin,
                betaUnit * o.getPositive("beta1", 10, "initial penalty (beta_1; the paper's is 1), in units of L_f/L_g^2 when scaledPenalty"),
                betaUnit * o.getPositiveOrInfinity("betaMax", 400, "cap of the doubled penalty (Infinity: none, as in the paper), units as beta1"),
                eps1Unit * o.getPositive("eps1", 0.01, "initial tolerance of (3), squared gradient norm of L (units |grad F(x0,y0)|^2 when scaledPenalty)"),
                eps2Unit * o.getPositive("eps2", 0.01, "initial tolerance of (4), |Psi| (units |grad F|^2/L_f when scaledPenalty)"),
                eps3Unit * o.getPositive("eps3", scaledPenalty ? 1e-5 : 0.01, "initial tolerance of (5), squared constraint norm (units (|grad F| L_g/L_f)^2 when scaledPenalty)"),
                o.getDouble("alpha1", 0, "initial multiplier entries (UNVERIFIED in the paper; 0 assumed)"),
                o.getInt("constraintBatch", Integer.MAX_VALUE, 1, "constraints sampled per gradient (|S|; >= dim w means all, the default; the paper samples one)"),
                o.getInt("outerBatch", 128, 1, "outer samples per gradient (>= outer samples means all)"),
                o.getInt("checkEvery", 1, 1, "check the stage tests (3)-(5) every this many lambda-steps (UNVERIFIED how often)"),
                o.choice("schedule", "alm", "paper: update alpha, beta, mu, eps when (3)-(5) all hold; alm: also update alpha and double beta"
                        + " when only (3) holds (not in the paper)", "paper", "alm").equals("alm"),
                o.getBool("lambdaFollowsBeta", true, "lambda step 1/(1/lambdaStep + beta L_x^2/d), L_x = |grad^2_xy G| (false: the fixed lambdaStep, as the paper)")
                        ? etaL * Math.pow(sc.innerCrossNorm(), 2) / p.dimY() : 0,
                muEvery, wFollows);
    }

    private static UpdateRule rule(Options o, String key, String def, double step) {
        String r = o.choice(key, def, "update rule (the paper uses plain sgd)", "sgd", "adam", "heavy-ball");
        Schedule sch = Schedule.constant(step);
        return switch (r) {
            case "adam" -> UpdateRule.adam(sch);
            case "heavy-ball" -> UpdateRule.heavyBall(sch, o.getDouble("momentum", 0.9, "momentum of heavy-ball rules"));
            default -> UpdateRule.sgd(sch);
        };
    }
}
