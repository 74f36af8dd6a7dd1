package org.bilevel4j.problems;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;

/**
 * Prints (asserts nothing) soba / saba / srba with their defaults on benchopt's quadratic (generator=benchopt, full size):
 * final distance to x*, ‖∇h‖² and solver seconds. Not a test; run its main with the test classpath. M_ITERS (3000), M_SOLVERS
 * (comma-separated NAME[:k=v...]).
 */
final class MeasureBenchoptQuadratic {
    public static void main(String[] args) {
        long iters = Long.parseLong(System.getenv().getOrDefault("M_ITERS", "3000"));
        long t0 = System.nanoTime();
        BilevelProblem p = Catalog.problem("quadratic", new Options(Map.of("generator", "benchopt")), 0);
        System.out.printf("built in %.1f s; L_G %.3g, mu_G %.3g, L_h %.3g; start |grad h|^2 %.3g%n", (System.nanoTime() - t0) / 1e9,
                p.innerLipschitz(), p.innerStrongConvexity(), p.hypergradLipschitz(), p.metrics(p.initialX(), p.initialY()).get("hypergradNormSquared"));
        for (String spec : System.getenv().getOrDefault("M_SOLVERS", "soba,saba,srba,soba:preset=benchopt,saba:preset=benchopt,srba:preset=benchopt").split(",")) {
            String[] parts = spec.split(":");
            String s = parts[0];
            Map<String, String> given = new java.util.LinkedHashMap<>();
            for (int k = 1; k < parts.length; k++) given.put(parts[k].substring(0, parts[k].indexOf('=')), parts[k].substring(parts[k].indexOf('=') + 1));
            Options o = new Options(given);
            RunResult r;
            try {
                r = Runner.run(Catalog.solver(s, p, o, 0), p, p.initialX(), p.initialY(), StopRule.iterations(iters).withTraceEvery(100));
            } catch (org.bilevel4j.solver.DivergedException e) {
                r = e.partial();
            }
            s = spec;
            System.out.printf("%s: %s after %d iterations, %.1f s: distance %.3g, |grad h|^2 %.3g%n", s, r.status(), r.iterations(), r.wallSeconds(),
                    r.finalRow().distanceToSolution(), r.finalRow().metrics().get("hypergradNormSquared"));
        }
    }
}
