package org.bilevel4j.solver.spnbo;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.opt.Schedule;
import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;

/** Catalog entry of SPNBO (ALGORITHMS.md §3.6); defaults are the paper's where it gives them. */
public final class SpnboSolvers {
    private SpnboSolvers() {}

    public static void register(Map<String, Catalog.SolverEntry> m) {
        Catalog.add(m, "spnbo", "SPNBO: smoothing + augmented Lagrangian with doubly stochastic gradients (non-smooth inner problems)",
                (p, o, seed) -> new Spnbo(settings(p, o), seed));
    }

    public static Spnbo.Settings settings(BilevelProblem p, Options o) {
        int t = o.getInt("wSteps", 20, 1, "w-steps per lambda-step (T)");
        double etaW = o.getPositive("wStep", 1e-2, "w step size (eta_w; paper grid 1e-2, 1e-3, 1e-4)");
        double etaL = o.getPositive("lambdaStep", 1, "lambda step size (eta_lambda)");
        UpdateRule wRule = rule(o, "wRule", etaW);
        UpdateRule lRule = rule(o, "lambdaRule", etaL);
        return new Spnbo.Settings(t, wRule, lRule,
                o.getPositive("mu1", 1e-3, "initial smoothing parameter (mu_1)"),
                o.getDouble("muMin", 0, "floor of the halved smoothing parameter (0: none, as in the paper)"),
                o.getPositive("beta1", 1, "initial penalty (beta_1)"),
                o.getPositive("betaMax", Double.POSITIVE_INFINITY, "cap of the doubled penalty (Infinity: none, as in the paper)"),
                o.getPositive("eps1", 0.01, "initial tolerance of (3), squared gradient norm of L"),
                o.getPositive("eps2", 0.01, "initial tolerance of (4), |Psi|"),
                o.getPositive("eps3", 0.01, "initial tolerance of (5), squared constraint norm"),
                o.getDouble("alpha1", 0, "initial multiplier entries (UNVERIFIED in the paper; 0 assumed)"),
                o.getInt("constraintBatch", 1, 1, "constraints sampled per gradient (|S|; >= dim w means all)"),
                o.getInt("outerBatch", 128, 1, "outer samples per gradient (>= outer samples means all)"),
                o.getInt("checkEvery", 1, 1, "check the stage tests (3)-(5) every this many lambda-steps (UNVERIFIED how often)"),
                o.choice("schedule", "paper", "paper: update alpha, beta, mu, eps when (3)-(5) all hold; alm: also update alpha and double beta"
                        + " when only (3) holds (not in the paper)", "paper", "alm").equals("alm"));
    }

    private static UpdateRule rule(Options o, String key, double step) {
        String r = o.choice(key, "sgd", "update rule (the paper uses plain sgd)", "sgd", "adam", "heavy-ball");
        Schedule sch = Schedule.constant(step);
        return switch (r) {
            case "adam" -> UpdateRule.adam(sch);
            case "heavy-ball" -> UpdateRule.heavyBall(sch, o.getDouble("momentum", 0.9, "momentum of heavy-ball rules"));
            default -> UpdateRule.sgd(sch);
        };
    }
}
