package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * AID-CG's pattern: k Hessian-vector products at one point along different directions, then a cross product at a new
 * direction, cost one forward in all (the retained graph of ∇_y G), and equal products computed from a freshly built
 * graph each (float64, 1e-12).
 */
class RetainedGraphTest {
    static final int K = 6;

    @Test
    void hvpsAtOnePointShareOneForwardAndEqualFreshGraphs() {
        TorchSetup s = TorchSetup.doubles();
        TorchProblem p = Fixtures.problem("conv4", new Conv4(1, 16, 3, 3), s, Fixtures.data(s, 6, 3, 4, 1, 16, 16), Fixtures.data(s, 5, 3, 5, 1, 16, 16), 6);
        SplittableRandom r = new SplittableRandom(5);
        Vec x = p.initialX(), y = p.initialY();
        long before = p.forwards();
        Vec[] v = new Vec[K], hv = new Vec[K];
        for (int i = 0; i < K; i++) {
            v[i] = FiniteDifferenceTest.random(r, p.dimY());
            hv[i] = p.innerHvpYY(x, y, v[i]);
        }
        Vec u = FiniteDifferenceTest.random(r, p.dimY());
        Vec cross = p.innerCrossXY(x, y, u);
        assertEquals(1, p.forwards() - before, "forwards for " + K + " HVPs and a cross product at one point");

        for (int i = 0; i < K; i++) {
            TorchProblem fresh = p.fresh();
            close("HVP " + i, hv[i], fresh.innerHvpYY(x, y, v[i]));
            assertEquals(1, fresh.forwards(), "a fresh problem builds its graph once");
        }
        close("cross", cross, p.fresh().innerCrossXY(x, y, u));

        // another point: the graph is rebuilt (one more forward), and the products follow the new point
        Vec y2 = y.copy().axpy(0.05, v[0]);
        long mid = p.forwards();
        Vec h2 = p.innerHvpYY(x, y2, v[1]);
        assertEquals(1, p.forwards() - mid);
        close("HVP at a new point", h2, p.fresh().innerHvpYY(x, y2, v[1]));
        assertTrue(Vec.distance(h2, hv[1]) > 1e-6 * hv[1].norm(), "the product at a new point must differ from the old one");

        // an in-place change of y (solvers update vectors in place) is a new point too
        Vec.array(y2)[0] += 0.1;
        long mid2 = p.forwards();
        p.innerHvpYY(x, y2, v[1]);
        assertEquals(1, p.forwards() - mid2, "an in-place update of y must not be served from the old graph");

        // the outer loss at the same point has its own graph
        Vec fv = p.outerHvpYY(x, y2, v[2]);
        close("outer HVP", fv, p.fresh().outerHvpYY(x, y2, v[2]));
    }

    static void close(String what, Vec got, Vec want) {
        assertTrue(want.norm() > 1e-8, what + " is zero: the test would not see an error");
        double rel = Vec.distance(got, want) / want.norm();
        assertTrue(rel <= 1e-12, what + ": retained graph vs fresh graph relative difference " + rel);
    }
}
