package org.bilevel4j.torch.tasks;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** A non-finite oracle result is computed again (at most twice, counted); a finite one is returned as it is. */
class RecomputeNonFiniteTest {
    /** innerGradY is NaN on its first {@code bad} calls. */
    static final class Flaky extends ForwardingProblem {
        int bad, calls;

        Flaky(BilevelProblem p, int bad) {
            super(p);
            this.bad = bad;
        }

        @Override protected BilevelProblem rewrap(BilevelProblem view) { return new Flaky(view, bad); }

        @Override public Vec innerGradY(Vec x, Vec y) {
            Vec g = delegate.innerGradY(x, y);
            return calls++ < bad ? g.scale(Double.NaN) : g;
        }
    }

    @Test void recomputesAtMostTwice() {
        BilevelProblem q = Catalog.problem("quadratic", new Options(Map.of()), 1);
        Vec x = q.initialX(), y = q.initialY(), want = q.innerGradY(x, y);
        Flaky once = new Flaky(q, 2);
        RecomputeNonFinite r = new RecomputeNonFinite(once);
        assertArrayEquals(want.toArray(), r.innerGradY(x, y).toArray(), 0.0);
        assertEquals(3, once.calls);
        assertEquals(2.0, r.metrics(x, y).get("recomputedCalls"));
        Flaky always = new Flaky(q, 100);
        RecomputeNonFinite s = new RecomputeNonFinite(always);
        assertFalse(s.innerGradY(x, y).isFinite());
        assertEquals(3, always.calls);
    }
}
