package org.bilevel4j.cli.bench;

import java.util.List;
import org.bilevel4j.solver.StopRule;

/**
 * {@code quadratic-compare}: the hypergradient solvers on the quadratic test problem (exact x*, so the
 * table shows distance to the solution). The example preset that task suites copy.
 */
final class QuadraticCompare {
    private QuadraticCompare() {}

    static BenchSuite suite() {
        return new ComparisonSuite("quadratic-compare",
                "AID (CG, Neumann, fixed point), RHG, FHG, HOAG and stocBiO on the quadratic problem, 3 seeds (< 1 min)",
                // ITD unrolls 50 inner steps instead of its default 600 so that the suite stays under a minute
                List.of("quadratic"), List.of("aid-cg", "aid-neumann", "aid-fp", "rhg:innerSteps=50", "fhg:innerSteps=50", "hoag", "stocbio"),
                StopRule.iterations(200), List.of("quadratic:dimY=20"), StopRule.iterations(10));
    }
}
