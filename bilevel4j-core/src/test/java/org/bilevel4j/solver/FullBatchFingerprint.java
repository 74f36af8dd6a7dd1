package org.bilevel4j.solver;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;

/** Bit-exact fingerprints of short full-batch runs of the hypergradient solvers (x and y after 5 iterations). */
final class FullBatchFingerprint {
    private FullBatchFingerprint() {}

    static final Map<String, Map<String, String>> RUNS = new LinkedHashMap<>();

    static {
        RUNS.put("rhg", Map.of("innerSteps", "20"));
        RUNS.put("trhg", Map.of("innerSteps", "20", "truncation", "5"));
        RUNS.put("fo-itd", Map.of("innerSteps", "10"));
        RUNS.put("one-step", Map.of("innerSteps", "10"));
        RUNS.put("aid-cg", Map.of("linearSteps", "10"));
        RUNS.put("aid-neumann", Map.of("linearSteps", "20"));
        RUNS.put("aid-fp", Map.of("linearSteps", "20"));
    }

    static String of(String solver, String problem, Map<String, String> extra) {
        // explicit steps: the fingerprints must not move when a default step changes
        Map<String, String> o = new LinkedHashMap<>(Map.of("innerStep", "0.01", "outerStep", "0.05"));
        o.putAll(RUNS.get(solver));
        o.putAll(extra);
        BilevelProblem p = Catalog.problem(problem, new Options(Map.of()), 3);
        Options opts = new Options(o);
        RunResult r = Runner.run(Catalog.solver(solver, p, opts, 3), p, p.initialX(), p.initialY(), StopRule.iterations(5));
        opts.requireAllUsed(solver);
        return Integer.toHexString(Arrays.hashCode(r.x().toArray())) + "/" + Integer.toHexString(Arrays.hashCode(r.y().toArray()));
    }

    public static void main(String[] args) {
        for (String prob : new String[] {"quadratic"})
            for (String s : RUNS.keySet()) System.out.println("FP " + prob + " " + s + " " + of(s, prob, Map.of()));
    }
}
