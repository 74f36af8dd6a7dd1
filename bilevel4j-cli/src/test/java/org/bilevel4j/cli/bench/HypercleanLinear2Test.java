package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.DivergedException;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.scale.Scales;
import org.junit.jupiter.api.Test;

/**
 * hyperclean-bvfim-table with model=linear2 (BVFIM Table 3's 2-layer linear network): every solver of the table, with
 * the suite's options and otherwise default steps, takes its first outer iteration on MNIST without diverging. With
 * L_g estimated at x0 (σ = ½) instead of at σ = 1, TRHG's unrolled steps diverged here (1000 samples); with
 * benchmark_bilevel's absolute y step (preset=benchmark, the linear table's), F2SA's y did.
 */
class HypercleanLinear2Test {
    @Test void everyTableSolverTakesAStepOnLinear2WithoutDiverging() throws Exception {
        RealDataRule.require("mnist");
        Map<String, String> task = Map.of("dataset", "mnist", "setting", "bvfim", "p", "0.5", "model", "linear2", "trainSize", "1000",
                "valSize", "200", "testSize", "200", "threads", "1", "refitIterations", "10"); // the refit at each run's end: not what this test checks
        BilevelProblem p = Catalog.problem("hyperclean", new Options(task), 0);
        Scales scales = new Scales(p, p.initialX(), p.initialY()); // shared, as the problem's own L_g is computed once
        List<String> failures = new ArrayList<>();
        for (String spec : HypercleanBvfimTable.solvers("linear2")) {
            NamedSpec s = NamedSpec.parse(spec);
            Map<String, String> o = new HashMap<>(task);
            o.putAll(s.options());
            try {
                RunResult r = Runner.run(Catalog.solver(s.name(), p, new Options(o), 0, scales), p, p.initialX(), p.initialY(), StopRule.iterations(1));
                if (!Double.isFinite(p.outerValue(r.x(), r.y()))) failures.add(spec + ": outer value not finite");
            } catch (DivergedException e) {
                failures.add(spec + ": " + e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), "diverged on linear2: " + failures);
    }
}
