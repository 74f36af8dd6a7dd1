package org.bilevel4j.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bilevel4j.Catalog;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.OracleCounts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run of 2N iterations straight, against N iterations, a saved state, and N more from a fresh problem and
 * solver restored from it: the iterates, oracle counts and trace rows (all but their seconds) are bitwise equal.
 * One case per SolverState class (several for HypergradientDescent: warm-start memory, HOAG's step, the rng,
 * each update rule's buffers).
 */
class CheckpointTest {
    static final int N = 6;

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("aid-cg", "quadratic", Map.of("outerRule", "heavy-ball")),
                arguments("aid-neumann", "toy-nonconvex", Map.of("outerRule", "nesterov")),
                arguments("rhg", "toy-nonconvex", Map.of("outerRule", "adam")),
                // mini-batch inner steps: the sampler's epoch stream and position (7 steps of 10 out of 64: saved mid-epoch)
                arguments("trhg", "quadratic", Map.of("innerBatch", "10", "innerSteps", "7", "truncation", "3", "outerRule", "heavy-ball")),
                arguments("aid-cg", "quadratic", Map.of("innerBatch", "9", "innerSteps", "5")),
                arguments("one-step", "quadratic", Map.of("innerBatch", "16", "innerSteps", "3")),
                arguments("hoag", "quadratic", Map.of()),
                arguments("stocbio", "quadratic", Map.of("outerRule", "adam")),
                arguments("bvfim", "toy-nonconvex", Map.of("zSteps", "5", "ySteps", "5")),
                arguments("minimaxopt", "quadratic", Map.of("stageLength", "4")),
                arguments("minimaxopt-sgd", "quadratic", Map.of("stageLength", "4")),
                arguments("minimaxopt-sgd", "toy-nonconvex", Map.of("stageLength", "4", "rule", "adam")),
                arguments("f2sa", "quadratic", Map.of("innerBatch", "2", "outerBatch", "2")),
                arguments("f2ba", "toy-nonconvex", Map.of()),
                arguments("penalty", "quadratic", Map.of()),
                arguments("bome", "toy-nonconvex", Map.of()),
                arguments("spnbo", "sparse-regression", Map.of("wSteps", "3", "checkEvery", "2")),
                // the smoothing continuation: mu halved every 3 lambda-steps (the w step follows mu) across the checkpoint
                arguments("spnbo", "sparse-regression", Map.of("wSteps", "3", "muSchedule", "continuation", "muEvery", "3")),
                arguments("random-search", "sparse-regression", Map.of("innerSteps", "5")),
                arguments("saba", "quadratic", Map.of("batchSize", "16")),
                arguments("srba", "quadratic", Map.of("batchSize", "8", "periodFrac", "0.25")),
                arguments("sustain", "quadratic", Map.of("batchSize", "16", "neumannSteps", "5")),
                arguments("vrbo", "quadratic", Map.of("batchSize", "16", "neumannSteps", "3", "innerSteps", "2", "periodFrac", "0.5")),
                arguments("fsla", "toy-nonconvex", Map.of()));
    }

    record Saved(Snapshot state, List<TraceRow> trace, OracleCounts counts, double seconds) {}

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void resumedRunContinuesBitForBit(String solverName, String problemName, Map<String, String> options) {
        StopRule stop = StopRule.iterations(2 * N).withTraceEvery(2);
        Saved[] saved = new Saved[1];
        RunListener capture = new RunListener() {
            @Override public void onIteration(SolverState s, Trace trace, OracleCounts counts, double seconds) {
                if (s.iteration != N) return;
                Snapshot snap = new Snapshot();
                s.save(snap);
                saved[0] = new Saved(snap, List.copyOf(trace.rows()), counts.snapshot(), seconds);
            }
        };
        BilevelProblem p1 = problem(problemName);
        RunResult straight = Runner.run(solver(solverName, p1, options), p1, p1.initialX(), p1.initialY(), stop, List.of(capture));
        assertNotNull(saved[0], "no state captured at iteration " + N);
        assertEquals(2 * N, straight.iterations());

        BilevelProblem p2 = problem(problemName); // fresh problem and solver, as a new process would build them
        Saved s = saved[0];
        RunResult resumed = Runner.resume(solver(solverName, p2, options), p2, p2.initialX(), p2.initialY(), stop, List.of(),
                new Runner.Resume(s.state(), s.trace(), s.counts(), s.seconds()));

        assertEquals(straight.status(), resumed.status());
        assertEquals(straight.iterations(), resumed.iterations());
        assertArrayEquals(straight.x().toArray(), resumed.x().toArray(), 0.0, "x");
        assertArrayEquals(straight.y().toArray(), resumed.y().toArray(), 0.0, "y");
        assertEquals(straight.oracles().asMap(), resumed.oracles().asMap(), "oracle calls");
        for (var o : org.bilevel4j.problem.Oracle.values())
            assertEquals(straight.oracles().samples(o), resumed.oracles().samples(o), "samples of " + o);
        assertEquals(straight.trace().size(), resumed.trace().size(), "trace rows");
        for (int i = 0; i < straight.trace().size(); i++) assertEquals(withoutSeconds(straight.trace().rows().get(i)),
                withoutSeconds(resumed.trace().rows().get(i)), "trace row " + i);
    }

    static BilevelProblem problem(String name) { return Catalog.problem(name, new Options(Map.of()), 3); }

    static Solver<?> solver(String name, BilevelProblem p, Map<String, String> options) {
        Options o = new Options(options);
        Solver<?> s = Catalog.solver(name, p, o, 3);
        o.requireAllUsed("solver " + name);
        return s;
    }

    static TraceRow withoutSeconds(TraceRow r) {
        return new TraceRow(r.iteration(), 0, r.oracles(), r.outerValue(), r.innerGradNorm(), r.distanceToSolution(),
                r.hypergradError(), r.metrics(), r.extras());
    }
}
