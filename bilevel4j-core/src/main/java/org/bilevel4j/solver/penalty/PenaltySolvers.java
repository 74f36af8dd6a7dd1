package org.bilevel4j.solver.penalty;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.scale.Presets;
import org.bilevel4j.solver.scale.Scales;

/**
 * Catalog entries of the Hessian-free penalty family (F2SA, F2BA, BOME) and of the penalty method of Mehra
 * and Hamm (which needs Hessian-vector products). Step defaults come from what the problem knows: 1/L of the
 * inner gradient and 1/L of the hypergradient, falling back to the published constants.
 */
public final class PenaltySolvers {
    private PenaltySolvers() {}

    /** 1/L when L is known and positive, else the fallback. */
    static double inverse(double lipschitz, double fallback) {
        return Double.isFinite(lipschitz) && lipschitz > 0 ? 1 / lipschitz : fallback;
    }

    public static void register(Map<String, Catalog.SolverEntry> m) {
        Catalog.add(m, "f2sa", "F2SA, fully first-order stochastic penalty method with growing multiplier (Kwon et al. 2023)",
                (p, o, seed) -> new F2sa(f2sa(p, o), seed));
        Catalog.add(m, "f2ba", "F2BA, deterministic fully first-order penalty method with fixed multiplier (Chen, Ma, Zhang 2023)",
                (p, o, seed) -> new F2ba(f2ba(p, o)));
        Catalog.add(m, "penalty", "penalty / augmented Lagrangian on grad_y G = 0 with Adam (Mehra and Hamm 2019); uses HVPs",
                (p, o, seed) -> new PenaltyMethod(penalty(p, o)));
        Catalog.add(m, "bome", "BOME, first-order value-function method with a dynamic barrier (Liu et al. 2022)",
                (p, o, seed) -> new Bome(bome(p, o)));
    }

    /**
     * Scale-free defaults (G → c G or F → c F need no new options): multipliers in units of rho = L_f / L_g, z step
     * 1/L_g, x step 1/L_Phi at the start, constant step bases. Full-batch runs (the quadratic's batches of 64 are its full
     * sums): lambda_k = rho (1 + k), y step 1/(L_f + lambda_k L_g), x step 1/L_Phi throughout. Mini-batch runs (ours,
     * UNVERIFIED beyond the measurements in the README): grad G at y and at z on one batch in the inner loop and in the x
     * step, y step gamma/lambda_k (matchedSteps), lambda_0 = 2 rho and lambda_k = rho (2 + sum_{j<k} (j+1)^-1/2) (about
     * 2 rho sqrt k), and the x step (1/L_Phi) 3 rho / (rho + lambda_k) (lambdaScaledX): the x-direction carries lambda_k
     * times whatever noise y and z do not share, so its step shrinks as lambda_k grows. The benchmark_bilevel constants
     * (independent batches, decaying steps) are {@code preset=benchmark}.
     */
    static F2sa.Params f2sa(BilevelProblem p, Options o) {
        Map<String, String> benchmark = new java.util.HashMap<>(Map.of("scaledSteps", "false", "lambda0", "1", "delta0", "0.1", "r", "1",
                "yExponent", "" + 5.0 / 7, "zExponent", "" + 4.0 / 7, "xExponent", "" + 4.0 / 7, "deltaExponent", "" + 1.0 / 7));
        benchmark.putAll(Map.of("pairedBatches", "false", "pairedInnerBatches", "false", "lambdaScaledX", "false", "matchedSteps", "false")); // independent batches, beta_k alone
        Presets.apply(o, Map.of("benchmark", benchmark));
        Scales sc = Scales.of(p);
        boolean scaled = o.getBool("scaledSteps", true,
                "multipliers in units of L_f/L_g and y step 1/(L_f + lambda L_g) (false: the benchmark form, lambda and steps as given)");
        double rho = scaled ? sc.outerLipschitz() / sc.innerLipschitz() : -1;
        double s = o.getDerived("s", () -> 1 / sc.innerLipschitz(), () -> "1/L, " + sc.describe(Scales.INNER),
                "base step s of alpha_k, gamma_k (z step; y step s/(rho + lambda) when scaledSteps)");
        double r = o.getDerived("r", () -> sc.hypergradLipschitz() / sc.innerLipschitz(), () -> "L_Phi/L_g, " + sc.describe(Scales.HYPERGRAD),
                "ratio of inner to outer step: beta_k = (s/r)(k+1)^-b (default: x step 1/L_Phi; benchmark_bilevel: 1)");
        double unit = scaled ? rho : 1;
        int batch = o.getInt("batchSize", 64, 1, "mini-batch size of every oracle call (both levels)");
        int innerBatch = o.getInt("innerBatch", batch, 1, "mini-batch size of inner (G) oracle calls (default batchSize)");
        int outerBatch = o.getInt("outerBatch", batch, 1, "mini-batch size of outer (F) oracle calls (default batchSize)");
        boolean full = o.getBool("fullBatch", false, "use the full problem for every oracle call (deterministic F2SA)");
        boolean sampled = !F2sa.wholeProblem(p, full, innerBatch, outerBatch);
        double lambda0 = unit * o.getDouble("lambda0", sampled ? 2 : 1,
                "initial multiplier lambda_0 (in units of L_f/L_g when scaledSteps; default 2 with mini-batches, 1 full batch)");
        double delta0 = unit * o.getDouble("delta0", 1, "multiplier increment delta_0: lambda_{k+1} = lambda_k + delta_0 (k+1)^-d (units as lambda0)");
        int steps = o.getInt("innerSteps", 10, 1, "inner steps T of y and z per outer iteration");
        boolean paired = o.getBool("pairedBatches", true,
                "x step: one inner batch for both grad_x G(x,y) and grad_x G(x,z), so that their sampling noise cancels (false: independent, as benchmark_bilevel)");
        boolean pairedInner = o.getBool("pairedInnerBatches", true,
                "inner loop: one inner batch for grad_y G(x,y) and grad_y G(x,z) of each step, so that y and z share its sampling noise (false: independent, as benchmark_bilevel)");
        double a = o.getDouble("yExponent", 0, "decay exponent a of alpha_k = s (k+1)^-a (y step; benchmark 5/7)");
        double c = o.getDouble("zExponent", 0, "decay exponent c of gamma_k = s (k+1)^-c (z step; benchmark 4/7)");
        double b = o.getDouble("xExponent", 0, "decay exponent b of beta_k = (s/r)(k+1)^-b (x step; benchmark 4/7)");
        double d = o.getDouble("deltaExponent", sampled ? 0.5 : 0,
                "decay exponent d of delta_k = delta_0 (k+1)^-d (default 1/2 with mini-batches, 0 full batch; benchmark 1/7)");
        double xi = o.getDouble("xi", 0,
                "if > 0, the paper's x step beta_k = xi alpha_k instead of (s/r)(k+1)^-b (UNVERIFIED xi)");
        boolean lambdaScaledX = o.getBool("lambdaScaledX", sampled,
                "x step times (rho + lambda_0)/(rho + lambda_k), so that it shrinks as lambda grows (default with mini-batches; false: beta_k alone)");
        boolean matched = o.getBool("matchedSteps", sampled,
                "y step gamma_k/lambda_k, so that y moves on lambda G as z on G (needs lambda_0 > L_f/L_g; default with mini-batches; false: s(k+1)^-a/(rho + lambda))");
        return new F2sa.Params(s, r, lambda0, delta0, steps, innerBatch, outerBatch, full, paired, a, c, b, d, xi, rho, pairedInner, lambdaScaledX, matched);
    }

    /** Scale-free defaults: lambda in units of L_f/L_g, y step 1/(L_f + lambda L_g), z step 1/L_g, x step 1/L_Phi. */
    static F2ba.Params f2ba(BilevelProblem p, Options o) {
        Scales sc = Scales.of(p);
        boolean scaled = o.getBool("scaledSteps", true, "lambda in units of L_f/L_g (false: absolute)");
        double ratio = scaled ? sc.outerLipschitz() / sc.innerLipschitz() : 1;
        double lambda = ratio * o.getPositive("lambda", 1e4, "fixed multiplier lambda (~ 1/epsilon), in units of L_f/L_g when scaledSteps; UNVERIFIED default");
        int ySteps = o.getInt("innerSteps", 10, 0, "GD steps on F + lambda G for y per outer iteration");
        double yStep = o.getDerived("yStep", () -> 1 / (sc.outerLipschitz() + lambda * sc.innerLipschitz()),
                () -> "1/(L_f + lambda L_g), " + sc.describe(Scales.OUTER) + ", " + sc.describe(Scales.INNER), "step of the y loop");
        int zSteps = o.getInt("zSteps", ySteps, 0, "GD steps on G for z per outer iteration (default innerSteps)");
        double zStep = o.getDerived("zStep", () -> 1 / sc.innerLipschitz(), () -> "1/L, " + sc.describe(Scales.INNER),
                "step of the z loop (default 1/L of the inner gradient)");
        double outerStep = o.getDerived("outerStep", () -> 1 / sc.hypergradLipschitz(), () -> "1/L, " + sc.describe(Scales.HYPERGRAD),
                "outer step eta (default 1/L of the hypergradient)");
        return new F2ba.Params(lambda, ySteps, yStep, zSteps, zStep, outerStep);
    }

    /**
     * Scale-free defaults: rho in units of L_f/L_g^2 (rho ||grad_y G||^2 weighs like F), lambda and nu in units of L_f/L_g,
     * epsilon relative to the outer gradient norm at the start; Adam's learning rates are in units of x and y. The
     * earlier absolute constants (ALGORITHMS.md's) are {@code preset=paper}.
     */
    static PenaltyMethod.Params penalty(BilevelProblem p, Options o) {
        Presets.apply(o, Map.of("paper", Map.of("scaledSteps", "false", "rho0", "0.01", "lambda0", "0.01", "eps0", "0.01", "nu0", "1e-4",
                "lrX", "0.01", "stallWindow", "0")));
        Scales sc = Scales.of(p);
        boolean scaled = o.getBool("scaledSteps", true, "rho0, lambda0, nu0, eps0 in units of the problem's scales (false: absolute)");
        double lf = scaled ? sc.outerLipschitz() : 1, lg = scaled ? sc.innerLipschitz() : 1, g0 = scaled ? sc.outerGradNorm() : 1;
        double rho0 = lf / (lg * lg) * o.getPositive("rho0", 10, "initial penalty rho on ||grad_y G||^2 (units L_f/L_g^2)");
        double lambda0 = lf / lg * o.getDouble("lambda0", 1e-2, "initial weight lambda of G in the v-objective (units L_f/L_g)");
        double eps0 = g0 * o.getPositive("eps0", 0.1, "initial stage tolerance epsilon (units: the outer gradient norm at the start)");
        double nu0 = lf / lg * o.getDouble("nu0", 1e-4, "initial multiplier nu, every entry (units L_f/L_g)");
        double lrX = o.getPositive("lrX", 0.1, "Adam learning rate of x (u); halved when the stage stalls (stallWindow)");
        double lrY = o.getPositive("lrY", 0.01, "Adam learning rate of y (v); halved with lrX when the stage stalls");
        int steps = o.getInt("innerSteps", 20, 1, "Adam steps T on y per outer iteration");
        double growth = o.getPositive("rhoGrowth", 1.1, "factor on rho at the end of a stage");
        double decay = o.getPositive("decay", 0.9, "factor on lambda, epsilon and the learning rates at the end of a stage");
        int stall = o.getInt("stallWindow", 50, 0,
                "iterations without a 10% fall of ||grad h|| within a stage before both learning rates are halved (0: never; trace: stallHalvings)");
        return new PenaltyMethod.Params(rho0, lambda0, eps0, nu0, lrX, lrY, steps, growth, decay, stall);
    }

    /**
     * Scale-free defaults: barrier constant eta in units of L_f/L_g (phi = eta ||grad q||^2 weighs F against G), y step
     * c/(L_f + lambda L_g) that follows the multiplier (a fixed y step lets lambda grow until y oscillates), x step 1/L_Phi.
     * The earlier fixed constants are {@code preset=benchmark}.
     */
    static Bome.Params bome(BilevelProblem p, Options o) {
        Presets.apply(o, Map.of("benchmark", Map.of("scaledSteps", "false", "eta", "0.5", "yStepScale", "0.1")));
        Scales sc = Scales.of(p);
        boolean scaled = o.getBool("scaledSteps", true, "eta in units of L_f/L_g and y step yStep/(L_f/L_g + lambda) (false: both as given)");
        int q = o.getInt("innerSteps", 10, 1, "GD steps q on G for the value-function estimate theta");
        double innerStep = o.getDerived("innerStep", () -> 1 / sc.innerLipschitz(), () -> "1/L, " + sc.describe(Scales.INNER),
                "step of the q inner steps (default 1/L of the inner gradient)");
        double c = o.getPositive("yStepScale", 0.5, "y step as a fraction of the inner step (c)");
        double yStep = o.getPositive("yStep", c * innerStep, "step xi of y along d (default yStepScale * innerStep, divided by rho + lambda when scaledSteps)");
        double outerStep = o.getDerived("outerStep", () -> 1 / sc.hypergradLipschitz(), () -> "1/L, " + sc.describe(Scales.HYPERGRAD),
                "step of x along d (default 1/L of the hypergradient)");
        double rho = scaled ? sc.outerLipschitz() / sc.innerLipschitz() : -1;
        double eta = (scaled ? rho : 1) * o.getPositive("eta", 0.5, "barrier constant eta in phi = eta ||grad q||^2 (in units of L_f/L_g when scaledSteps)");
        String phi = o.choice("phi", "gradNorm", "control phi of the barrier", "gradNorm", "value");
        return new Bome.Params(q, innerStep, yStep, outerStep, eta, phi.equals("value"), rho);
    }
}
