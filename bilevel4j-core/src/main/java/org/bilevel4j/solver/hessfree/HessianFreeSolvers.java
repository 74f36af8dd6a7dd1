package org.bilevel4j.solver.hessfree;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.opt.Schedule;
import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.solver.Options;

/** Catalog entries of the Hessian-free methods: BVFIM (§1) and MinimaxOPT (§2). */
public final class HessianFreeSolvers {
    private HessianFreeSolvers() {}

    /**
     * Default stage length T of MinimaxOPT: alpha doubles every 200 iterations, so a 1000-iteration run ends at 16 alpha_0
     * (alpha_0 = 0.5 L_f / mu_g for Algorithm 1, L_f / L_g for Algorithm 2); longer stages leave alpha at its start (a biased x*_alpha), shorter ones let the growing
     * coupling alpha grad2_xy G outrun the fixed x step on badly conditioned problems.
     */
    static final long STAGE_LENGTH = 200;

    public static void register(Map<String, Catalog.SolverEntry> m) {
        Catalog.add(m, "bvfim", "BVFIM, value-function interior-point method, gradients only (Liu et al. 2021)", (p, o, seed) -> {
            // constants in the problem's units (G -> cG or F -> cF needs no new options): the weights on G's side (mu1 on
            // |z|^2/2, the slack mu2) in units of L_g, those on F's side (theta on |y|^2/2, the barrier sigma) in units
            // of L_f, the y step in units of 1/L_f; the numbers are the absolute ones on the default quadratic (L_g = 100,
            // L_f = 1), which preset=paper restores as absolute values
            org.bilevel4j.solver.scale.Presets.apply(o, Map.of("paper", Map.of("scaledConstants", "false")));
            boolean scaled = o.getBool("scaledConstants", true,
                    "mu1, mu2 in units of L_g, theta, sigma in units of L_f, yStep in units of 1/L_f (false: absolute, as the paper)");
            org.bilevel4j.solver.scale.Scales sc = org.bilevel4j.solver.scale.Scales.of(p);
            double lg = sc.innerLipschitz(), lf = scaled ? sc.outerLipschitz() : 1, gUnit = scaled ? lg / 100 : 1;
            int zSteps = o.getInt("zSteps", 50, 0, "T_z: steps on the regularised inner problem per outer iteration");
            int ySteps = o.getInt("ySteps", 25, 0, "T_y: barrier steps on y per outer iteration");
            double zStep = o.getDerived("zStep", () -> 0.5 / lg, () -> "0.5/L, " + sc.describe(org.bilevel4j.solver.scale.Scales.INNER),
                    "s_l: z step size");
            double yStep = o.getPositive("yStep", 0.01, "s_u: largest y step, in units of 1/L_f when scaledConstants (halved to stay interior and, with yLineSearch=armijo, to decrease)") / lf;
            double mu1 = gUnit * o.getDouble("mu1", 0.01, "mu_1: weight of |z|^2/2 in the value function (12), before decay (units L_g/100 when scaledConstants)");
            double mu2 = gUnit * o.getDouble("mu2", 0.01, "mu_2: slack of the value-function constraint (12), before decay (units L_g/100 when scaledConstants)");
            double theta = lf * o.getDouble("theta", 0.01, "theta: weight of |y|^2/2 in (13), before decay (units L_f when scaledConstants)");
            double sigma = lf * o.getDouble("sigma", scaled ? 0.05 : 0.1, "sigma: barrier weight in (13), before decay (units L_f when scaledConstants, default 0.05; absolute 0.1; toy code: 0.001 with codeGamma)");
            Decay decay = Decay.read(o, "power");
            String rule = o.choice("outerRule", "adam", "update rule of x", "adam", "sgd");
            double outerStep = o.getPositive("outerStep", 0.01, "x step size (alpha of §1.6)");
            boolean reset = o.getBool("resetY", false, "y := z before every y-loop (BOAT); false: warm start (BVFSM code)");
            boolean codeGamma = o.getBool("codeGamma", false, "official code's gamma = sigma/(f^ + shift) held fixed (§1.8) instead of eq. (17)");
            double shift = o.getDouble("codeGammaShift", 0, "shift added to f^ in the code-style gamma (the toy code uses n)");
            int halvings = o.getInt("maxHalvings", 40, 0, "halvings of a y-step before it is skipped (interior safeguard)");
            boolean armijo = o.choice("yLineSearch", "armijo", "y-step halving: only to stay interior, or also for sufficient decrease of the barrier objective",
                    "armijo", "interior").equals("armijo");
            UpdateRule r = rule.equals("sgd") ? UpdateRule.sgd(Schedule.constant(outerStep)) : UpdateRule.adam(Schedule.constant(outerStep));
            return new Bvfim(new Bvfim.Settings(zSteps, ySteps, zStep, yStep, mu1, mu2, theta, sigma, decay, r, reset, codeGamma, shift, halvings, armijo));
        });
        Catalog.add(m, "minimaxopt", "MinimaxOPT Algorithm 1: multi-stage GDA on the minimax reformulation (Wang et al. 2023)", (p, o, seed) ->
                new MinimaxOpt(MinimaxSettings.read(p, o, STAGE_LENGTH, 0.5, true)));
        Catalog.add(m, "minimaxopt-sgd", "MinimaxOPT Algorithm 2: stochastic GDA with momentum or Adam and a cosine step", (p, o, seed) -> {
            // momentum 0.5 and steps 0.5 (1 - beta) / L: with 0.9 and the plain-GDA steps the heavy-ball GDA diverges on
            // small deterministic problems (user problems without mini-batches)
            org.bilevel4j.solver.scale.Presets.apply(o, Map.of("paper", Map.of("alpha0", "1", "stageLength", "1000", "maxAlpha", "1e12",
                    "momentum", "0.9", "stepScale", "0.5", "outerLipschitz", "1")));
            double beta = o.getDouble("momentum", 0.5, "heavy-ball momentum beta");
            double stepScale = o.getPositive("stepScale", 0.5 * (1 - beta), "c of the steps c/L_Phi (x), c/(L_f + alpha L_g) (y), c/(alpha L_g) (z); default 0.5 (1 - momentum)");
            MinimaxSettings s = MinimaxSettings.read(p, o, STAGE_LENGTH, stepScale);
            MinimaxOptSgd.Sampling sm = new MinimaxOptSgd.Sampling(
                    o.getInt("outerBatch", 16, 1, "outer (validation) mini-batch size b_f"),
                    o.getInt("innerBatch", 16, 1, "inner (training) mini-batch size b_g"),
                    o.choice("rule", "heavy-ball", "update rule of every block", "heavy-ball", "adam", "sgd"),
                    beta,
                    // N = 2000, twice solve's default run, so that the step has decayed to half by its end (10000 before: on
                    // the defaults test's ill-conditioned "dims" the undecayed heavy-ball ended at 0.28 of its start, now 2.7e-2)
                    o.getLong("horizon", 2000, "iterations N of the cosine schedule (then held at the minimum)"),
                    o.getDouble("minStepRatio", 0.01, "eta_min / eta_max of the cosine schedule"),
                    o.getPositive("adamStepY", 0.01, "base y step with Adam"),
                    o.getPositive("adamStepZ", 0.01, "base z step with Adam"));
            return new MinimaxOptSgd(s, sm, seed);
        });
    }
}
