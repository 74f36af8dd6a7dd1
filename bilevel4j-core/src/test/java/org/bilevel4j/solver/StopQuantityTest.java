package org.bilevel4j.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.testing.UserRidge;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** The tolerance stop looks at the method's stop quantity (hypergradient or search direction), never at the step length. */
class StopQuantityTest {
    static final BilevelProblem Q = Catalog.problem("quadratic", Options.empty(), 1);

    /** Reports direction d_k = x_k and moves x by {@code fraction} d_k. */
    record Shrink(double fraction) implements Solver<SolverState> {
        @Override public String name() { return "shrink"; }
        @Override public SolverState init(BilevelProblem p, Vec x0, Vec y0) { return new SolverState(p, x0.copy(), y0.copy()); }
        @Override public void step(SolverState s) {
            s.hypergradient = s.x.copy();
            s.x.axpy(-fraction, s.hypergradient);
        }
    }

    @Test void stopsWhenTheDirectionFallsToTheToleranceOfItsFirstNorm() {
        // d_k = x_{k-1} = 2^-(k-1) at step k: 2^-(k-1) ≤ 1e-3 first at k = 11
        RunResult r = Runner.run(new Shrink(0.5), Q, Vec.constant(10, 1), Q.initialY(), StopRule.iterations(1000).withTolerance(1e-3));
        assertEquals("converged", r.status());
        assertEquals(11, r.iterations());
    }

    @Test void aCollapsedStepIsNotConvergence() {
        // the step is 1e-15 of the direction: x barely moves, the old test ||Δx|| ≤ T (1 + ||x||) would have said converged at once
        RunResult r = Runner.run(new Shrink(1e-15), Q, Vec.constant(10, 1), Q.initialY(), StopRule.iterations(50).withTolerance(1e-6));
        assertEquals("max-iterations", r.status());
        assertEquals(50, r.iterations());
    }

    @Test void onABoxTheDirectionIsProjected() {
        // x at the upper bound with d pointing out of the box: the projected direction x − Proj(x − d) is 0, a stationary point
        BilevelProblem boxed = new org.bilevel4j.problem.ForwardingProblem(Q) {
            @Override protected BilevelProblem rewrap(BilevelProblem view) { return view; }
            @Override public Box bounds() { return Box.uniform(10, -1, 1); }
        };
        Solver<SolverState> pushOut = new Solver<>() {
            @Override public String name() { return "push-out"; }
            @Override public SolverState init(BilevelProblem p, Vec x0, Vec y0) { return new SolverState(p, x0.copy(), y0.copy()); }
            @Override public void step(SolverState s) { s.hypergradient = Vec.constant(10, -1); }
        };
        RunResult atBound = Runner.run(pushOut, boxed, Vec.constant(10, 1), Q.initialY(), StopRule.iterations(50).withTolerance(1e-6));
        assertEquals("converged", atBound.status());
        assertEquals(1, atBound.iterations());
        // inside the box the same direction is not stationary, and x not moving is no convergence
        RunResult inside = Runner.run(pushOut, boxed, Vec.constant(10, 0), Q.initialY(), StopRule.iterations(50).withTolerance(1e-6));
        assertEquals("max-iterations", inside.status());
    }

    @Test void hoagStopsOnItsHypergradientOnAUserProblem() {
        // sums, scaled by 1000, no Lipschitz constants: the tolerance stop says converged only where ∇Φ is small
        UserRidge p = new UserRidge(5, 30, 1000, false, 3);
        double g0 = p.exactHypergradient(p.initialX()).norm();
        RunResult r = Runner.run(Catalog.solver("hoag", p, new Options(Map.of("innerStep", "1.25e-5")), 1), p, p.initialX(), p.initialY(),
                StopRule.iterations(3000).withTolerance(1e-4).withTraceEvery(100));
        double ratio = p.exactHypergradient(r.x()).norm() / g0;
        assertTrue(!r.status().equals("converged") || ratio < 1e-3, r.status() + " with ||∇Φ|| at " + ratio + " of its start");
    }
}
