package org.bilevel4j.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.linalg.ConjugateGradient;
import org.bilevel4j.opt.Schedule;
import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.hypergrad.AidEstimator;
import org.bilevel4j.solver.hypergrad.HypergradientDescent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/** The README's Java example, kept compiling and correct. */
class ReadmeExampleTest {
    @Test void readmeExampleRunsAndConverges(@TempDir Path tmp) throws Exception {
        // --- README example start
        BilevelProblem problem = new Quadratic(Quadratic.Spec.defaults(42));      // closed-form test problem
        var solver = new HypergradientDescent("aid-cg",
                new AidEstimator(10, 1 / problem.innerLipschitz(),                 // 10 inner GD steps of 1/L
                        new ConjugateGradient(10, 0), true),                        // 10 warm-started CG steps
                UpdateRule.sgd(Schedule.constant(0.1)), 42);                         // outer SGD step 0.1
        RunResult r = Runner.run(solver, problem, problem.initialX(), problem.initialY(),
                StopRule.iterations(300).withTraceEvery(10));
        System.out.printf("%s: %s after %d iterations, %.3f s, %d gradient calls, %d HVPs%n",
                r.solver(), r.status(), r.iterations(), r.wallSeconds(),
                r.oracles().gradientCalls(), r.oracles().get(Oracle.innerHvp));
        System.out.println("distance to x*: " + r.finalRow().distanceToSolution());
        r.trace().writeCsv(tmp.resolve("trace.csv"));
        // or by name, with the same options as the command line:
        var bvfim = Catalog.solver("bvfim", problem, new Options(Map.of("outerStep", "0.05")), 42);
        // --- README example end
        assertTrue(r.finalRow().distanceToSolution() < 1e-6, "distance " + r.finalRow().distanceToSolution());
        RunResult rb = Runner.run(bvfim, problem, problem.initialX(), problem.initialY(), StopRule.iterations(5), List.of());
        assertTrue(rb.x().isFinite());
    }
}
