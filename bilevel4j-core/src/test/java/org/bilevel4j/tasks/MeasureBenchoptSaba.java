package org.bilevel4j.tasks;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Prints (asserts nothing) SABA on MNIST hyper-cleaning in the benchopt setting: the references at each corruption
 * rate, then for each rate a time-limited run with benchopt's tuned SABA constants, its test error per trace row,
 * the best error with its solver time and samples, and the first time at ≤ 13% error. Not a *Test; run by name with
 * BILEVEL4J_MEASURE set: M_P (0.5,0.7), M_SECONDS (60), M_EVERY (250 iterations per row), M_SEED (0); M_X0 (0: initial x_i, benchopt's −2), M_OPTS (k=v,... solver options), M_TUNED (1; 0: saba with its defaults), M_SPLIT (seeded; benchopt: benchopt's exact split), M_SOLVER (saba; another
 * solver runs with its defaults) and M_ITERS (no cap) to compare, e.g. minimaxopt's own y with its refit.
 */
class MeasureBenchoptSaba {
    /** Run outside Maven (java -cp ... org.bilevel4j.tasks.MeasureBenchoptSaba), so that builds do not swap classes under it. */
    public static void main(String[] args) { new MeasureBenchoptSaba().measure(); }

    @Test void measure() {
        Assumptions.assumeTrue(System.getenv("BILEVEL4J_MEASURE") != null, "set BILEVEL4J_MEASURE=1 to measure");
        double seconds = Double.parseDouble(MeasureRealTasks.env("M_SECONDS", "60"));
        int every = Integer.parseInt(MeasureRealTasks.env("M_EVERY", "250"));
        long seed = Long.parseLong(MeasureRealTasks.env("M_SEED", "0"));
        // benchopt's config/datacleaning0_{5,7,9}_best_params.yml: SABA step_size, outer_ratio
        Map<String, String[]> tuned = Map.of("0.5", new String[] {"0.1", "0.001"}, "0.7", new String[] {"0.01", "0.0001"},
                "0.9", new String[] {"0.1", "0.001"});
        for (String p : MeasureRealTasks.env("M_P", "0.5,0.7").split(",")) {
            Map<String, String> po = new java.util.HashMap<>(Map.of("dataset", "mnist", "setting", "benchopt", "p", p,
                    "initialLogit", MeasureRealTasks.env("M_X0", "0")));
            if (!MeasureRealTasks.env("M_SPLIT", "seeded").equals("seeded")) po.put("split", MeasureRealTasks.env("M_SPLIT", "seeded"));
            BilevelProblem prob = Catalog.problem("hyperclean", new Options(po), seed);
            Map<String, Double> ref = ((HyperCleaning) prob).references();
            System.out.printf("p=%s references: uniform error %.2f%%, oracle error %.2f%%%n", p, 100 * (1 - ref.get("referenceUniform")),
                    100 * (1 - ref.get("referenceOracle")));
            String solver = MeasureRealTasks.env("M_SOLVER", "saba");
            boolean useTuned = solver.equals("saba") && !MeasureRealTasks.env("M_TUNED", "1").equals("0");
            String[] t = useTuned ? tuned.get(p) : new String[] {"default", "default"};
            Map<String, String> given = new java.util.LinkedHashMap<>();
            if (useTuned) { given.put("innerStep", t[0]); given.put("outerRatio", t[1]); }
            for (String kv : MeasureRealTasks.env("M_OPTS", "").split(",")) if (kv.contains("=")) given.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            Options so = new Options(given);
            RunResult r = Runner.run(Catalog.solver(solver, prob, so, seed), prob, prob.initialX(), prob.initialY(),
                    StopRule.iterations(Long.parseLong(MeasureRealTasks.env("M_ITERS", Long.toString(Long.MAX_VALUE)))).withMaxSeconds(seconds).withTraceEvery(every).withRefitEvery(20));
            double best = 1, bestT = 0, bestSamples = 0, t13 = Double.NaN, t14 = Double.NaN;
            for (TraceRow row : r.trace().rows()) {
                double err = 1 - row.metrics().get("testAccuracy");
                double samples = row.extras().getOrDefault("passes", Double.NaN);
                System.out.printf("p=%s it %d  %.1f s  passes %.2f  error %.2f%%%s%n", p, row.iteration(), row.seconds(), samples, 100 * err,
                        row.metrics().containsKey("testAccuracyRefit") ? String.format("  refit error %.2f%%", 100 * (1 - row.metrics().get("testAccuracyRefit"))) : "");
                if (err < best) { best = err; bestT = row.seconds(); bestSamples = samples; }
                if (err <= 0.13 && Double.isNaN(t13)) t13 = row.seconds();
                if (err <= 0.14 && Double.isNaN(t14)) t14 = row.seconds();
            }
            System.out.printf("p=%s " + solver + " (innerStep %s, outerRatio %s): best error %.2f%% at %.1f s (%.2f passes); <=14%% at %.1f s; <=13%% at %.1f s; %d iterations in %.1f s%n",
                    p, t[0], t[1], 100 * best, bestT, bestSamples, t14, t13, r.iterations(), r.wallSeconds());
        }
    }
}
