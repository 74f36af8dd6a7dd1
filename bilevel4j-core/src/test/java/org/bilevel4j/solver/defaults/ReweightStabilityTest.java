package org.bilevel4j.solver.defaults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `reweight` with every default: the solvers that diverged on it within 100 iterations when its L_Φ was the estimate at
 * the start (0.065 on the synthetic default: stocbio at iteration 15, aid-neumann 32, saba 36, aid-fp 41, f2ba 52,
 * amigo 66, soba 72, ma-soba 84; README, Known gaps) run 150 iterations without diverging and lower the outer value.
 * With {@code hypergradLipschitz=estimated} this test fails for each of them (a DivergedException). A second shape
 * (fewer samples, more features and classes) checks that the default is not fitted to the first. aid-fp is left out of
 * it: there its log-weight x_b climbs (−5.9 at iteration 50, −3.8 at 110) until the smoothed group lasso's curvature
 * e^{x_b}/μ passes 2 L_g(x0) and its inner iterate diverges at iteration 112, whatever L_Φ (README, Known gaps).
 */
class ReweightStabilityTest {
    static List<String> solvers() { return List.of("stocbio", "aid-neumann", "saba", "aid-fp", "f2ba", "amigo", "soba", "ma-soba"); }

    private static void runsAndDescends(String solver, Map<String, String> shape) {
        BilevelProblem p = Catalog.problem("reweight", new Options(new HashMap<>(shape)), 0);
        double start = p.outerValue(p.initialX(), p.initialY());
        RunResult r = Runner.run(Catalog.solver(solver, p, Options.empty(), 0), p, p.initialX(), p.initialY(),
                StopRule.iterations(150).withTraceEvery(150));
        double end = p.outerValue(r.x(), r.y());
        assertTrue(end < start, solver + " raised the outer value from " + start + " to " + end);
    }

    @ParameterizedTest(name = "{0}") @MethodSource("solvers")
    void theSyntheticDefault(String solver) { runsAndDescends(solver, Map.of()); }

    static List<String> solversButAidFp() { return solvers().stream().filter(s -> !s.equals("aid-fp")).toList(); }

    @ParameterizedTest(name = "{0}") @MethodSource("solversButAidFp")
    void anotherShape(String solver) {
        runsAndDescends(solver, Map.of("trainSize", "300", "valSize", "150", "testSize", "150", "features", "30", "classes", "6"));
    }
}
