package org.bilevel4j.solver.stochastic;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.DivergedException;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;

/**
 * Prints (asserts nothing) each stochastic solver's final distanceToSolution with its defaults, at the CLI's 1000
 * iterations, seed 0, on M_PROBLEM: default (quadratic), benchopt (preset=benchopt), scaled (quadratic, G and F × 1000),
 * or small-benchopt (benchopt's generator, 2048 / 256 samples, dimY 20). Not a test; run its main with the test classpath.
 * M_SEED (0: the problem's and the solver's seed), M_ITERS (1000), M_SOLVERS (comma-separated NAME[:k=v...]), M_TRACE (print distance and outerStepScale every N).
 */
final class MeasureStochasticDefaults {
    static BilevelProblem problem(String name) { return problem(name, 0); }

    static BilevelProblem problem(String name, long seed) {
        return switch (name) {
            case "default" -> Catalog.problem("quadratic", new Options(Map.of()), seed);
            case "benchopt" -> Catalog.problem("quadratic", new Options(Map.of("preset", "benchopt")), seed);
            case "scaled" -> new ScaledLosses(Catalog.problem("quadratic", new Options(Map.of()), seed), 1000, 1000);
            case "small-benchopt" -> Catalog.problem("quadratic", new Options(Map.of("preset", "benchopt", "innerSamples", "2048",
                    "outerSamples", "256", "dimY", "20")), seed);
            default -> throw new IllegalArgumentException(name);
        };
    }

    public static void main(String[] args) {
        long iters = Long.parseLong(System.getenv().getOrDefault("M_ITERS", "1000"));
        String pn = System.getenv().getOrDefault("M_PROBLEM", "default");
        long seed = Long.parseLong(System.getenv().getOrDefault("M_SEED", "0"));
        BilevelProblem p = problem(pn, seed);
        System.out.printf("%s: start distance %.3g%n", pn, p.distanceToSolution(p.initialX()));
        for (String spec : System.getenv().getOrDefault("M_SOLVERS", "soba,saba,ma-soba,srba,amigo,fsla,mrbo,vrbo,ttsa,bsa,sustain").split(",")) {
            String[] parts = spec.split(":");
            Map<String, String> given = new java.util.LinkedHashMap<>();
            for (int k = 1; k < parts.length; k++) given.put(parts[k].substring(0, parts[k].indexOf('=')), parts[k].substring(parts[k].indexOf('=') + 1));
            long t0 = System.nanoTime();
            RunResult r;
            try {
                r = Runner.run(Catalog.solver(parts[0], p, new Options(given), seed), p, p.initialX(), p.initialY(), StopRule.iterations(iters).withTraceEvery(System.getenv("M_TRACE") == null ? (int) iters : Integer.parseInt(System.getenv("M_TRACE"))));
            } catch (DivergedException e) {
                r = e.partial();
            }
            if (System.getenv("M_TRACE") != null)
                for (var row : r.trace().rows()) System.out.printf("  %d: distance %.3g scale %s%n", row.iteration(), row.distanceToSolution(), row.extras().get("outerStepScale"));
            Object scale = r.finalRow().extras() == null ? "" : r.finalRow().extras().get("outerStepScale");
            System.out.printf("%s %s: %s %d it, %.1f s: distance %.3g  scale %s%n", pn, spec, r.status(), r.iterations(), (System.nanoTime() - t0) / 1e9,
                    r.finalRow().distanceToSolution(), scale);
        }
    }
}
