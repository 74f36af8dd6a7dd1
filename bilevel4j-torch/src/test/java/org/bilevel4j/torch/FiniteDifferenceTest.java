package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.torch.nets.Mlp;
import org.bilevel4j.torch.nets.Network;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** Every oracle of a torch problem against central differences of the oracle one order below, in float64. */
class FiniteDifferenceTest {
    static final double EPS = 1e-6, TOL = 1e-6;

    @Test
    void mlpOraclesMatchFiniteDifferences() {
        TorchSetup s = TorchSetup.doubles();
        check(Fixtures.problem("mlp", Mlp.relu(6, 5, 3), s, Fixtures.data(s, 12, 3, 1, 6), Fixtures.data(s, 8, 3, 2, 6), 3));
    }

    @Test
    void conv4OraclesMatchFiniteDifferences() {
        TorchSetup s = TorchSetup.doubles();
        Network net = new Conv4(1, 16, 3, 3);
        check(Fixtures.problem("conv4", net, s, Fixtures.data(s, 6, 3, 4, 1, 16, 16), Fixtures.data(s, 5, 3, 5, 1, 16, 16), 6));
    }

    static void check(TorchProblem p) {
        SplittableRandom r = new SplittableRandom(11);
        Vec x = p.initialX(), y = p.initialY();
        Vec dx = random(r, p.dimX()), dy = random(r, p.dimY());
        // first order: directional derivatives of the values
        close("outer grad x", p.outerGradX(x, y).dot(dx), (p.outerValue(plus(x, dx, EPS), y) - p.outerValue(plus(x, dx, -EPS), y)) / (2 * EPS));
        close("outer grad y", p.outerGradY(x, y).dot(dy), (p.outerValue(x, plus(y, dy, EPS)) - p.outerValue(x, plus(y, dy, -EPS))) / (2 * EPS));
        close("inner grad x", p.innerGradX(x, y).dot(dx), (p.innerValue(plus(x, dx, EPS), y) - p.innerValue(plus(x, dx, -EPS), y)) / (2 * EPS));
        close("inner grad y", p.innerGradY(x, y).dot(dy), (p.innerValue(x, plus(y, dy, EPS)) - p.innerValue(x, plus(y, dy, -EPS))) / (2 * EPS));
        // second order: central differences of gradients, whole vectors
        close("inner Hvp yy", p.innerHvpYY(x, y, dy), diff(p::innerGradY, x, y, null, dy));
        close("inner cross xy", p.innerCrossXY(x, y, dy), diff(p::innerGradX, x, y, null, dy));
        close("inner cross yx", p.innerCrossYX(x, y, dx), diff(p::innerGradY, x, y, dx, null));
        close("outer Hvp yy", p.outerHvpYY(x, y, dy), diff(p::outerGradY, x, y, null, dy));
        close("outer cross xy", p.outerCrossXY(x, y, dy), diff(p::outerGradX, x, y, null, dy));
        // the fused pairs give the same as separate calls (the second member comes from the memo)
        BilevelProblem fresh = p.batch(org.bilevel4j.problem.Batches.all(p.outerSamples()), org.bilevel4j.problem.Batches.all(p.innerSamples()));
        close("memo cross", p.innerCrossXY(x, y, dy), fresh.innerCrossXY(x, y, dy));
    }

    /** (g(x + εu, y + εv) − g(x − εu, y − εv)) / 2ε for the given direction (u in x-space or v in y-space). */
    static Vec diff(BiFunction<Vec, Vec, Vec> g, Vec x, Vec y, Vec u, Vec v) {
        Vec xp = u == null ? x : plus(x, u, EPS), xm = u == null ? x : plus(x, u, -EPS);
        Vec yp = v == null ? y : plus(y, v, EPS), ym = v == null ? y : plus(y, v, -EPS);
        return g.apply(xp, yp).axpy(-1, g.apply(xm, ym)).scale(1 / (2 * EPS));
    }

    static Vec plus(Vec a, Vec d, double e) { return a.copy().axpy(e, d); }

    static Vec random(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return Vec.of(a);
    }

    static void close(String what, double got, double want) {
        double rel = Math.abs(got - want) / Math.max(Math.abs(want), 1e-8);
        assertTrue(rel <= TOL, what + ": " + got + " vs finite differences " + want + " (relative error " + rel + ")");
    }

    static void close(String what, Vec got, Vec want) {
        double rel = Vec.distance(got, want) / Math.max(want.norm(), 1e-8);
        assertTrue(want.norm() > 1e-6, what + " is zero: the test would not see an error");
        assertTrue(rel <= TOL, what + ": relative error " + rel + " against finite differences");
    }
}
