package org.bilevel4j.solver.stochastic;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.junit.jupiter.api.Test;

class ExploreTest {
    static Map<String, String> popts() {
        Map<String, String> m = new HashMap<>();
        for (String kv : System.getProperty("popts", "").split(",")) if (kv.contains("=")) m.put(kv.split("=")[0], kv.split("=")[1]);
        return m;
    }

    @Test void explore() {
        String[] solvers = System.getProperty("solvers", "soba,saba").split(",");
        String[] extra = System.getProperty("opts", "").split(";");
        long iters = Long.getLong("iters", 2000);
        for (String name : solvers) for (String ex : extra) {
            BilevelProblem p = Catalog.problem("quadratic", new Options(popts()), 42);
            Map<String, String> m = new HashMap<>();
            for (String kv : ex.split(",")) if (kv.contains("=")) m.put(kv.split("=")[0], kv.split("=")[1]);
            long t0 = System.nanoTime();
            RunResult r = Runner.run(Catalog.solver(name, p, new Options(m), 1), p, p.initialX(), p.initialY(), StopRule.iterations(iters).withTraceEvery((int) (iters / 5)));
            StringBuilder sb = new StringBuilder();
            for (var row : r.trace().rows()) sb.append(String.format(" %d:%.2e", row.iteration(), row.distanceToSolution()));
            System.out.printf("%-8s %-30s %s %.1fs |%s%n", name, ex, r.status(), (System.nanoTime() - t0) / 1e9, sb);
        }
    }
}
