package org.bilevel4j.solver.stochastic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * The tracking rule of {@link StochasticState#outerStep} on made-up error sequences (window = WARMUP = 100 iterations):
 * γ is halved at the end of each window whose product of tracking-error sums exceeds the previous window's, raised
 * back (to at most its default) when it falls below, blind to the errors' scales, and the window sums are checkpointed.
 */
class TrackingRuleTest {
    private static final StochasticSettings UNIT = new StochasticSettings(1, 1, 64, 64, 0, 0, 1); // γ_t = 1
    private static final Vec DX = Vec.of(1, 0);                                                  // constant: no growth back-off

    private static StochasticState state() {
        BilevelProblem p = Catalog.problem("quadratic", new Options(Map.of("dimX", "2", "dimY", "3")), 0);
        return UNIT.init(p, p.initialX(), p.initialY(), 0);
    }

    /** The errors e_y = a·c^t, e_v = b·c^t at iteration t, fed for iterations [from, to); returns γ_t after each. */
    private static double[] feed(StochasticState s, long from, long to, double a, double b, double c) {
        double[] g = new double[(int) (to - from)];
        for (long t = from; t < to; t++) g[(int) (t - from)] = s.outerStep(UNIT, t, DX, Vec.of(a * Math.pow(c, t)), Vec.of(b * Math.pow(c, t), 0));
        return g;
    }

    @Test void halvesWhileTheErrorsGrowAndRaisesWhenTheyShrink() {
        StochasticState s = state();
        double[] g = feed(s, 0, 600, 1, 2, 1.01);           // y and v fall behind by 1% an iteration
        assertEquals(1, g[198]);                            // the first window (t < 100) has nothing to compare with
        assertEquals(0.5, g[199]);                          // window 2 > window 1: halved at its last iteration
        assertEquals(Math.pow(0.5, 5), g[599]);             // once a window, windows 2..6
        double[] h = feed(s, 600, 1400, 1e-3, 2e-3, 0.99);  // they catch up
        assertEquals(Math.pow(0.5, 5), h[98]);
        assertEquals(Math.pow(0.5, 4), h[99]);              // raised once a window
        assertEquals(1, h[h.length - 1]);                   // back to the default, never above
        double last = 1e-3 * Math.pow(0.99, 1400);
        double[] flat = feed(s, 1400, 1800, last, 2 * last, 1); // equal windows: no change
        assertEquals(1, flat[flat.length - 1]);
        feed(s, 1800, 2000, last, 2 * last, 1.01);          // growing again: halved again (twice)
        assertEquals(0.25, s.outerStep(UNIT, 2000, DX, Vec.of(1), Vec.of(1, 0)));
    }

    @Test void ignoresTheScalesOfTheErrors() {
        double[] base = feed(state(), 0, 900, 1, 2, 1.013);
        assertArrayEquals(base, feed(state(), 0, 900, 1000, 2e-3, 1.013));
    }

    @Test void windowSumsSurviveACheckpointMidWindow() {
        StochasticState straight = state(), first = state(), resumed = state();
        double[] a = feed(straight, 0, 700, 1, 2, 1.01);
        feed(first, 0, 250, 1, 2, 1.01);
        Snapshot snap = new Snapshot();
        first.save(snap);
        resumed.restore(snap);
        double[] b = feed(resumed, 250, 700, 1, 2, 1.01);
        assertArrayEquals(java.util.Arrays.copyOfRange(a, 250, 700), b);
    }
}
