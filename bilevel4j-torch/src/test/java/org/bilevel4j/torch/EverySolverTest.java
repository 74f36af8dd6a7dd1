package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * Every solver of the catalog runs unchanged on a torch problem (hyperclean through the plug-in, backend=torch) and
 * ends, after a few iterations, where it ends on the analytic backend (float64 both, same seed).
 */
class EverySolverTest {
    static Map<String, String> task(String backend) {
        return Map.of("backend", backend, "precision", "double", "trainSize", "12", "valSize", "8", "testSize", "8", "features", "3",
                "classes", "3", "referenceIterations", "5");
    }

    @Test
    void everyCatalogSolverRunsOnTheTorchBackendAndAgreesWithTheAnalyticOne() {
        BilevelProblem torch = Catalog.problem("hyperclean", new Options(task("torch")), 0);
        BilevelProblem analytic = Catalog.problem("hyperclean", new Options(task("analytic")), 0);
        assertInstanceOf(TorchProblem.class, torch);
        List<String> failures = new ArrayList<>();
        for (String name : Catalog.solvers().keySet()) {
            RunResult t = run(name, torch), a = run(name, analytic);
            double rel = Vec.distance(t.x(), a.x()) / Math.max(1e-12, a.x().norm()) + Vec.distance(t.y(), a.y()) / Math.max(1e-12, a.y().norm());
            if (!(rel < 1e-7)) failures.add(name + " (relative difference " + rel + ")");
            assertTrue(t.oracles().total() > 0, name);
        }
        assertTrue(failures.isEmpty(), "torch and analytic runs differ: " + failures);
    }

    /** Short runs: few inner and linear-system steps (keys a solver does not read are ignored here). */
    static final Map<String, String> SHORT = Map.of("innerSteps", "3", "linearSteps", "3", "neumannSteps", "3", "zSteps", "3", "ySteps", "3",
            "wSteps", "3", "maxInnerSteps", "20", "maxLinearSteps", "20", "outerBatch", "4", "innerBatch", "4");

    private static RunResult run(String solver, BilevelProblem p) {
        return Runner.run(Catalog.solver(solver, p, new Options(SHORT), 3), p, p.initialX(), p.initialY(), StopRule.iterations(2));
    }
}
