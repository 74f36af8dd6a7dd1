package org.bilevel4j.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** hypergradError is relative to max(||∇Φ(x)||, ||∇Φ(x₀)||), so a converged run reports a small error; hypergradErrorAbs is absolute. */
class HypergradErrorTest {
    @Test void aConvergedRunReportsASmallError() {
        BilevelProblem q = Catalog.problem("quadratic", Options.empty(), 1);
        double g0 = q.exactHypergradient(q.initialX()).norm();
        RunResult r = Runner.run(Catalog.solver("aid-cg", q, new Options(Map.of("outerStep", "0.1")), 1), q, q.initialX(), q.initialY(),
                StopRule.iterations(400).withTraceEvery(100));
        TraceRow last = r.finalRow();
        assertTrue(last.distanceToSolution() < 1e-9, "converged: " + last.distanceToSolution());
        assertTrue(last.hypergradErrorAbs() < 1e-8 * g0, "absolute " + last.hypergradErrorAbs());
        assertEquals(last.hypergradErrorAbs() / g0, last.hypergradError(), 1e-12 * last.hypergradError(), "at x* the start's norm is the larger");
        // the first step: at x₀ both norms are the same, the error is relative to ||∇Φ(x₀)||
        TraceRow second = Runner.run(Catalog.solver("aid-cg", q, new Options(Map.of("outerStep", "0.1")), 1), q, q.initialX(),
                q.initialY(), StopRule.iterations(1)).finalRow();
        Vec exact = q.exactHypergradient(q.initialX());
        assertEquals(second.hypergradErrorAbs() / exact.norm(), second.hypergradError(), 1e-15);
    }
}
