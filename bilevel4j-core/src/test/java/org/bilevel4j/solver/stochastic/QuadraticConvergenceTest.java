package org.bilevel4j.solver.stochastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Map;
import java.util.stream.Stream;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stochastic solver with its default options reaches distanceToSolution ≤ 1e-2 on {@code quadratic}
 * (the defaults scale the steps from innerLipschitz and hypergradLipschitz, and the Neumann length from
 * innerStrongConvexity). The Neumann-series methods run on the quadratic with condition 10 instead of 100 to
 * keep CI short: their default length ln(100) κ is 460 Hessian products per estimate at κ = 100. The
 * variance-reduced methods also run with batches of 8 (8 batches a level), where plain SOBA stalls at its
 * noise floor. Each case runs twice: on the quadratic and on it with G and F scaled by 1000 ({@link ScaledLosses}; the
 * defaults must need no new options there), at the same iterations.
 */
class QuadraticConvergenceTest {
    static Stream<Arguments> cases() {
        return plainCases().flatMap(a -> Stream.of(arguments(a.get()[0], a.get()[1], a.get()[2], a.get()[3], 1.0),
                arguments(a.get()[0], a.get()[1], a.get()[2], a.get()[3], 1000.0)));
    }

    static Stream<Arguments> plainCases() {
        Map<String, String> none = Map.of(), k10 = Map.of("condition", "10"), b8 = Map.of("batchSize", "8");
        return Stream.of(
                arguments("soba", none, none, 300),
                arguments("saba", none, none, 300),
                arguments("saba", none, b8, 600),
                arguments("ma-soba", none, none, 300),
                arguments("srba", none, none, 300),
                arguments("srba", none, b8, 300),
                arguments("amigo", none, none, 100),
                arguments("fsla", none, none, 300),
                arguments("mrbo", k10, none, 400),
                arguments("sustain", k10, none, 700),
                arguments("vrbo", k10, none, 100),
                arguments("ttsa", k10, none, 1000),
                arguments("bsa", k10, none, 1000));
    }

    @ParameterizedTest(name = "{0} {2} on quadratic {1}, losses x{4}")
    @MethodSource("cases")
    void reachesTheSolutionWithDefaults(String solver, Map<String, String> problemOptions, Map<String, String> options, int iterations, double scale) {
        BilevelProblem p = new ScaledLosses(Catalog.problem("quadratic", new Options(problemOptions), 42), scale, scale);
        RunResult r = Runner.run(Catalog.solver(solver, p, new Options(options), 1), p, p.initialX(), p.initialY(),
                StopRule.iterations(iterations).withTraceEvery(iterations));
        assertEquals("max-iterations", r.status());
        double d = r.finalRow().distanceToSolution();
        assertTrue(d <= 1e-2, solver + " ends " + d + " from x*");
    }
}
