package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.opt.Schedule;
import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.scale.Scales;

/**
 * The options every solver of the hypergradient family shares, with defaults from the problem's scales
 * ({@link Scales}: its own constants, else estimates): inner step 1/L of the inner gradient, outer step 1/L of the
 * hypergradient.
 */
public record HypergradOptions(int innerSteps, double innerStep, UpdateRule outerRule) {
    public static HypergradOptions read(BilevelProblem p, Options o, int defaultInnerSteps) {
        int innerSteps = o.getInt("innerSteps", defaultInnerSteps, 0, "inner gradient steps per outer iteration (D, T)");
        Scales sc = Scales.of(p);
        double innerStep = innerStep(p, o);
        double outerStep = o.getDerived("outerStep", () -> 1 / sc.hypergradLipschitz(), () -> "1/L, " + sc.describe(Scales.HYPERGRAD),
                "outer step size (beta; default 1/L of the hypergradient)");
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

    /** The inner step alpha, default 1/L of the inner gradient (the problem's L, else estimated). */
    static double innerStep(BilevelProblem p, Options o) {
        Scales sc = Scales.of(p);
        return o.getDerived("innerStep", () -> 1 / sc.innerLipschitz(), () -> "1/L, " + sc.describe(Scales.INNER),
                "inner gradient step size (alpha; default 1/L of the inner gradient)");
    }
}
