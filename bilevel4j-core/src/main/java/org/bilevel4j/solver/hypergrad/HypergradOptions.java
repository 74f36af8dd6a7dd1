package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.opt.Schedule;
import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;

/**
 * The options every solver of the hypergradient family shares, with defaults taken from what the problem
 * knows: inner step 1/L of the inner gradient, outer step 1/L of the hypergradient (when known).
 */
public record HypergradOptions(int innerSteps, double innerStep, UpdateRule outerRule) {
    public static HypergradOptions read(BilevelProblem p, Options o, int defaultInnerSteps) {
        int innerSteps = o.getInt("innerSteps", defaultInnerSteps, 0, "inner gradient steps per outer iteration (D, T)");
        double innerStep = o.getPositive("innerStep", defaultStep(p.innerLipschitz(), 0.01),
                "inner gradient step size (alpha; default 1/L of the inner gradient when the problem knows L)");
        double outerStep = o.getPositive("outerStep", defaultStep(p.hypergradLipschitz(), 0.01),
                "outer step size (beta; default 1/L of the hypergradient when the problem knows L)");
        String rule = o.choice("outerRule", "sgd", "outer update rule", "sgd", "heavy-ball", "nesterov", "adam");
        double momentum = o.getDouble("momentum", 0.9, "momentum of heavy-ball / Nesterov outer rules");
        Schedule sch = Schedule.constant(outerStep);
        UpdateRule r = switch (rule) {
            case "adam" -> UpdateRule.adam(sch);
            case "heavy-ball" -> UpdateRule.heavyBall(sch, momentum);
            case "nesterov" -> UpdateRule.nesterov(sch, momentum);
            default -> UpdateRule.sgd(sch);
        };
        return new HypergradOptions(innerSteps, innerStep, r);
    }

    static double defaultStep(double lipschitz, double fallback) {
        return Double.isFinite(lipschitz) && lipschitz > 0 ? 1 / lipschitz : fallback;
    }
}
