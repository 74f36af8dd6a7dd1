package org.bilevel4j.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Prints (asserts nothing) references and timings on the full real-data tasks; runs only with BILEVEL4J_MEASURE set. */
class MeasureRealTasks {
    static String env(String k, String d) { String v = System.getenv(k); return v == null ? d : v; }

    @Test void measure() {
        Assumptions.assumeTrue(System.getenv("BILEVEL4J_MEASURE") != null, "set BILEVEL4J_MEASURE=1 to measure");
        for (String setting : env("M_SETTINGS", "stocbio,benchopt").split(",")) {
            Map<String, String> po = new LinkedHashMap<>(Map.of("dataset", env("M_DATASET", "mnist"), "setting", setting));
            if (System.getenv("M_TRAIN") != null) po.put("trainSize", System.getenv("M_TRAIN"));
            long t0 = System.nanoTime();
            BilevelProblem p = Catalog.problem("hyperclean", new Options(po), 0);
            System.out.printf("%s build %.1f s%n", setting, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            Map<String, Double> ref = ((HyperCleaning) p).references();
            System.out.printf("%s references %s in %.1f s (innerL %.3f)%n", setting, ref, (System.nanoTime() - t0) / 1e9, p.innerLipschitz());
            for (String step : env("M_STEPS", "").split(",")) {
                if (step.isEmpty()) continue;
                Map<String, String> so = new LinkedHashMap<>(Map.of("innerSteps", "10", "linearSteps", "10", "outerStep", step));
                int iters = Integer.parseInt(env("M_ITERS", "20"));
                t0 = System.nanoTime();
                RunResult r = Runner.run(Catalog.solver("aid-cg", p, new Options(so), 0), p, p.initialX(), p.initialY(),
                        StopRule.iterations(iters).withTraceEvery(Math.max(1, iters / 5)));
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%s aid-cg %s: %.2f s/iteration (wall %.1f s, solver %.1f s)%n", setting, so, s / iters, s, r.wallSeconds());
                r.trace().rows().forEach(row -> System.out.println("  " + row.iteration() + " F " + row.outerValue() + " " + row.metrics()));
            }
        }
    }
}
