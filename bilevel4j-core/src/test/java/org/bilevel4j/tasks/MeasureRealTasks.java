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

/**
 * Prints (asserts nothing) the references and aid-cg timings of the real-data tasks. Not a *Test, so the build never
 * runs it; run it by name with BILEVEL4J_MEASURE set (it is skipped otherwise). Environment: M_PROBLEM (hyperclean), M_SETTINGS (stocbio,benchopt), M_PSET and M_SSET
 * (problem / solver options "k=v;k=v"), M_SOLVER (aid-cg), M_STEPS (outer steps, "default" for the problem's),
 * M_ITERS (10). Example: BILEVEL4J_MEASURE=1 mvn -o -q test -pl bilevel4j-core -Dtest=MeasureRealTasks.
 */
class MeasureRealTasks {
    static String env(String k, String d) {
        String v = System.getenv(k);
        return v == null ? d : v;
    }

    static Map<String, String> pairs(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : s.split(";")) if (!kv.isEmpty()) m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        return m;
    }

    @Test void measure() {
        Assumptions.assumeTrue(System.getenv("BILEVEL4J_MEASURE") != null, "set BILEVEL4J_MEASURE=1 to measure");
        String problem = env("M_PROBLEM", "hyperclean");
        for (String setting : env("M_SETTINGS", "stocbio,benchopt").split(",")) {
            Map<String, String> po = pairs(env("M_PSET", "dataset=mnist"));
            if (problem.equals("hyperclean")) po.put("setting", setting);
            long t0 = System.nanoTime();
            BilevelProblem p = Catalog.problem(problem, new Options(po), 0);
            System.out.printf("%s %s: built in %.1f s; dimX %d, dimY %d, inner L %.4g, hypergradient L %.3g%n", problem, po,
                    (System.nanoTime() - t0) / 1e9, p.dimX(), p.dimY(), p.innerLipschitz(), p.hypergradLipschitz());
            t0 = System.nanoTime();
            if (p instanceof HyperCleaning h) System.out.printf("references %s in %.1f s%n", h.references(), (System.nanoTime() - t0) / 1e9);
            int iters = Integer.parseInt(env("M_ITERS", "10"));
            for (String step : env("M_STEPS", "default").split(",")) {
                Map<String, String> so = pairs(env("M_SSET", "innerSteps=10;linearSteps=10"));
                if (!step.equals("default")) so.put("outerStep", step);
                RunResult r = Runner.run(Catalog.solver(env("M_SOLVER", "aid-cg"), p, new Options(so), 0), p, p.initialX(), p.initialY(),
                        StopRule.iterations(iters).withTraceEvery(Math.max(1, iters / 5)));
                System.out.printf("%s %s: %.2f s per outer iteration (solver time %.1f s)%n", setting, so, r.wallSeconds() / iters, r.wallSeconds());
                r.trace().rows().forEach(row -> System.out.printf("  %d  %.1f s  F %.5f  %s%n", row.iteration(), row.seconds(), row.outerValue(), row.metrics()));
            }
        }
    }
}
