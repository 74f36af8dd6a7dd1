package org.bilevel4j.solver.stochastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.Catalog;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * {@code trackingSignificance=3} (docs/STOCHASTIC.md §0): tracking errors that only fluctuate around a constant level leave
 * s alone (the plain comparison makes it a random walk on the same errors), errors that grow 1% a step halve it every
 * window, and the window's squared errors survive a checkpoint. The x direction is constant, so the growth back-off is idle.
 */
class TrackingSignificanceTest {
    private static final StochasticSettings Z3 = new StochasticSettings(1, 1, 64, 64, 0, 0, 1, new StepRule(false, 1, false, 3));
    private static final StochasticSettings PLAIN = new StochasticSettings(1, 1, 64, 64, 0, 0, 1);
    private static final Vec DX = Vec.of(1, 0);

    private static StochasticState state(StochasticSettings st) {
        BilevelProblem p = Catalog.problem("quadratic", new Options(Map.of("dimX", "2", "dimY", "3")), 0);
        return st.init(p, p.initialX(), p.initialY(), 0);
    }

    /** e^{σ z}, z standard normal (Box–Muller), σ = 1: a heavy-tailed error norm around a constant level. */
    private static double lognormal(SplittableRandom r) {
        return Math.exp(Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
    }

    /** The smallest s over steps from..to−1 with errors level(t)·noise. */
    private static double run(StochasticState s, StochasticSettings st, long from, long to, SplittableRandom r, double growth) {
        double smallest = 1;
        for (long t = from; t < to; t++) {
            double level = Math.pow(growth, t);
            s.outerStep(st, t, DX, Vec.of(level * lognormal(r), 0), Vec.of(level * lognormal(r), 0));
            smallest = Math.min(smallest, s.outerStepScale);
        }
        return smallest;
    }

    @Test void fluctuatingErrorsLeaveTheStep() {
        assertEquals(1, run(state(Z3), Z3, 0, 20_000, new SplittableRandom(5), 1), "smallest s over 20000 noisy steps, z = 3");
        double plain = run(state(PLAIN), PLAIN, 0, 20_000, new SplittableRandom(5), 1);
        assertTrue(plain < 1.0 / 16, "the plain comparison random-walks s on the same errors: " + plain);
    }

    @Test void growingErrorsHalveTheStepEveryWindow() {
        StochasticState s = state(Z3);
        run(s, Z3, 0, 1000, new SplittableRandom(9), 1.01);
        assertEquals(Math.pow(2, -9), s.outerStepScale, 0, "halved at the end of windows 2-10");
    }

    @Test void theSquaresSurviveACheckpoint() {
        StochasticState first = state(Z3), resumed = state(Z3);
        run(first, Z3, 0, 250, new SplittableRandom(2), 1);
        Snapshot snap = new Snapshot();
        first.save(snap);
        resumed.restore(snap);
        assertArrayEquals(first.trackingSquares, resumed.trackingSquares);
        assertArrayEquals(first.previousVariance, resumed.previousVariance);
        assertTrue(first.trackingSquares[0] > 0 && first.previousVariance[0] > 0, "saved mid-window, after a full window");
        SplittableRandom a = new SplittableRandom(4), b = new SplittableRandom(4);
        for (long t = 250; t < 2000; t++) {
            Vec e1 = Vec.of(Math.pow(1.005, t - 250) * lognormal(a), 0), e2 = Vec.of(lognormal(a), 0);
            Vec f1 = Vec.of(Math.pow(1.005, t - 250) * lognormal(b), 0), f2 = Vec.of(lognormal(b), 0);
            assertEquals(first.outerStep(Z3, t, DX, e1, e2), resumed.outerStep(Z3, t, DX, f1, f2), 0, "step " + t);
        }
    }

    private static void assertArrayEquals(double[] a, double[] b) { org.junit.jupiter.api.Assertions.assertArrayEquals(a, b); }
}
