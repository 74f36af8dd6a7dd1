package org.bilevel4j.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bilevel4j.Bilevel;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** The README's Java example, kept compiling and correct (its imports are the four above Test's). */
class ReadmeExampleTest {
    @Test void readmeExampleRunsAndConverges() {
        // --- README example start
        // problem and solver from one set of options, as on the command line (unknown keys are rejected)
        Bilevel.Setup run = Bilevel.setup("quadratic", "aid-cg",
                Map.of("innerSteps", "10", "linearSteps", "10", "outerStep", "0.1"), 42);
        RunResult r = run.run(300);                                           // 300 outer iterations
        System.out.printf("%s: %s after %d iterations, %.3f s, %d gradient calls, %d HVPs%n",
                r.solver(), r.status(), r.iterations(), r.wallSeconds(),
                r.oracles().gradientCalls(), r.oracles().asMap().get("innerHvp"));
        System.out.println("distance to x*: " + r.finalRow().distanceToSolution());
        // the hypergradient of any estimator at a point: cold start, x and y are not changed
        Vec g = Bilevel.hypergradient(run.problem(), "aid-cg", Map.of("linearSteps", "100"), r.x(), r.y());
        // the health check after one step: numbers and warnings, as `bilevel check` writes to check.json
        var report = Bilevel.check(run, 1, null);
        System.out.println(report.audits().get(0).numbers() + " " + report.warnings());
        // --- README example end
        assertTrue(r.finalRow().distanceToSolution() < 1e-6, "distance " + r.finalRow().distanceToSolution());
        assertTrue(g.norm() < 1e-4, "at x* the hypergradient vanishes: " + g.norm());
        assertTrue(report.audits().get(0).numbers().get("hypergradError") < 1e-2, report.toString()); // 10 inner steps from y0: 5e-3
        assertTrue(report.warnings().isEmpty(), report.warnings().toString());
    }
}
