package org.bilevel4j.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Episodic;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.solver.hessfree.BvfimState;
import org.bilevel4j.solver.hessfree.MinimaxOptState;
import org.bilevel4j.solver.hypergrad.HypergradientDescent;
import org.bilevel4j.solver.penalty.F2sa;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * The runner's contract with {@link Episodic} problems, on an analytic one (a quadratic that "draws" every other
 * iteration): advance before each step, fresh y and y-space solver state on each draw, the last row announced, and
 * the episode state saved through every solver state's checkpoint and found behind forwarding wrappers.
 */
class EpisodicRunnerTest {
    /** A quadratic whose data never change; it counts draws and records what the runner tells it. */
    static final class Drawing extends ForwardingProblem implements Episodic {
        long calls, draws, lastRowAt = -1, rows;
        Drawing(BilevelProblem p) { super(p); }
        @Override protected BilevelProblem rewrap(BilevelProblem view) { return this; }
        @Override public Vec initialY() { return Vec.zeros(dimY()); }
        @Override public boolean advance() {
            boolean draw = calls++ % 2 == 1;
            if (draw) draws++;
            return draw;
        }
        @Override public boolean freshInnerPerDraw() { return true; }
        @Override public void save(Snapshot out, String prefix) { out.putLong(prefix + ".calls", calls).putLong(prefix + ".draws", draws); }
        @Override public void restore(Snapshot in, String prefix) { calls = in.integer(prefix + ".calls"); draws = in.integer(prefix + ".draws"); }
        @Override public void lastRow() { lastRowAt = rows; }
        @Override public Map<String, Double> metrics(Vec x, Vec y) { rows++; return Map.of(); }
    }

    static final class Peek<S extends SolverState> implements Solver<S> {
        final Solver<S> inner;
        final List<double[]> atStart = new ArrayList<>(); // {‖y‖, ‖solver's y-space state‖}
        Peek(Solver<S> inner) { this.inner = inner; }
        @Override public String name() { return inner.name(); }
        @Override public S init(BilevelProblem p, Vec x0, Vec y0) { return inner.init(p, x0, y0); }
        @Override public void step(S s) {
            double aux = s instanceof BvfimState b ? b.z.norm() : s instanceof MinimaxOptState m ? m.z.norm()
                    : s instanceof F2sa.State f ? f.z.norm() : s instanceof HypergradientDescent.State h && h.memory.containsKey("v") ? h.memory.get("v").norm() : 0;
            atStart.add(new double[] {s.y.norm(), aux});
            inner.step(s);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test void headsStartAfreshOnEveryDrawAndKeepTheirStateBetweenDraws() {
        for (String name : List.of("aid-cg", "rhg", "bvfim", "minimaxopt", "f2sa")) {
            Drawing p = new Drawing(Catalog.problem("quadratic", Options.empty(), 0));
            Peek peek = new Peek(Catalog.solver(name, p, Options.empty(), 0));
            RunResult r = Runner.run(peek, p, p.initialX(), p.initialY(), StopRule.iterations(6));
            assertEquals(6, p.calls, name + ": one advance per step");
            assertEquals(3, p.draws, name);
            for (int k = 0; k < 6; k++) {
                double[] a = (double[]) peek.atStart.get(k);
                if (k % 2 == 1) { // drawn just before this step
                    assertEquals(0, a[0], 0, name + ": y at step " + (k + 1));
                    assertEquals(0, a[1], 0, name + ": the solver's y-space state at step " + (k + 1));
                } else if (k > 0) assertTrue(a[0] > 0, name + ": within a draw y is kept (step " + (k + 1) + ")");
            }
            assertEquals(p.rows - 1, p.lastRowAt, name + ": the last row was announced");
            assertTrue(r.trace().rows().size() == 7);
        }
    }

    @Test void theEpisodeStateRidesInEveryCheckpointAndIsFoundBehindWrappers() {
        Drawing p = new Drawing(Catalog.problem("quadratic", Options.empty(), 0));
        BilevelProblem wrapped = new ForwardingProblem(new org.bilevel4j.problem.CountingProblem(p)) {
            @Override protected BilevelProblem rewrap(BilevelProblem view) { return this; }
        };
        assertTrue(Episodic.of(wrapped) == p);
        SolverState s = Catalog.solver("aid-cg", wrapped, Options.empty(), 0).init(wrapped, p.initialX(), p.initialY());
        p.calls = 5;
        p.draws = 2;
        Snapshot snap = new Snapshot();
        s.save(snap);
        assertEquals(5L, snap.integers().get("episodes.calls"));
        p.calls = 0;
        s.restore(snap);
        assertEquals(5, p.calls);
        assertEquals(2, p.draws);
    }
}
