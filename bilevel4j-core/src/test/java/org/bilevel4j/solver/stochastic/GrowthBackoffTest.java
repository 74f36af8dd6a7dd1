package org.bilevel4j.solver.stochastic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * The growth back-off of {@link StochasticState#outerStep} with {@code growthWatch=window} (docs/STOCHASTIC.md §0) on made-up
 * direction norms, with tracking errors that do not change (so the tracking rule leaves γ alone): mini-batch noise in ‖D_x‖
 * must not halve γ (the default watch, against the smallest value since the last halving, does), a direction that explodes
 * must, and the watch survives a checkpoint.
 */
class GrowthBackoffTest {
    private static final StochasticSettings WINDOW = new StochasticSettings(1, 1, 1, 1, 0, 0, 1, new StepRule(true, 1, false, 0)); // γ_t = 1
    private static final StochasticSettings SMALLEST = new StochasticSettings(1, 1, 1, 1, 0, 0, 1);
    private static final Vec E = Vec.of(1, 0); // constant tracking errors

    private static StochasticState state(StochasticSettings st) {
        BilevelProblem p = Catalog.problem("quadratic", new Options(Map.of("dimX", "2", "dimY", "3")), 0);
        return st.init(p, p.initialX(), p.initialY(), 0);
    }

    /** e^{σ z}, z standard normal (Box–Muller): heavy-tailed on both sides around a constant level (σ = 1.2: a 10× spread is common). */
    private static double lognormal(SplittableRandom r) {
        double z = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        return Math.exp(1.2 * z);
    }

    /** γ_t·s for steps from..to−1 with noisy norms drawn from {@code r}. */
    private static double[] noisy(StochasticState s, StochasticSettings st, long from, long to, SplittableRandom r) {
        double[] g = new double[(int) (to - from)];
        for (long t = from; t < to; t++) g[(int) (t - from)] = s.outerStep(st, t, Vec.of(lognormal(r), 0), E, E);
        return g;
    }

    @Test void noiseInTheDirectionDoesNotHalveTheStep() {
        double[] g = noisy(state(WINDOW), WINDOW, 0, 20_000, new SplittableRandom(7));
        assertEquals(1, g[g.length - 1], "γ after 20000 noisy steps, window watch");
        double[] old = noisy(state(SMALLEST), SMALLEST, 0, 20_000, new SplittableRandom(7));
        assertTrue(old[old.length - 1] < 1e-30, "the smallest-value watch halves γ on the same noise: " + old[old.length - 1]);
    }

    @Test void anExplodingDirectionIsHalvedAtOnce() {
        StochasticState s = state(WINDOW);
        noisy(s, WINDOW, 0, 500, new SplittableRandom(3));
        double before = s.outerStep(WINDOW, 500, Vec.of(1, 0), E, E);
        double after = 1;
        for (long t = 501; t < 505; t++) after = s.outerStep(WINDOW, t, Vec.of(Math.pow(1e3, t - 500), 0), E, E);
        assertEquals(1, before);
        assertEquals(1.0 / 16, after, 0, "γ after four steps of a direction growing 1000× a step: one halving each");
    }

    @Test void theWatchSurvivesACheckpoint() {
        SplittableRandom r = new SplittableRandom(11);
        double[] norms = new double[700];
        for (int i = 0; i < norms.length; i++) norms[i] = lognormal(r);
        StochasticState first = state(WINDOW), resumed = state(WINDOW);
        for (long t = 0; t < 250; t++) first.outerStep(WINDOW, t, Vec.of(norms[(int) t], 0), E, E);
        first.outerStep(WINDOW, 250, Vec.of(1e4, 0), E, E); // a halving inside the saved window
        Snapshot snap = new Snapshot();
        first.save(snap);
        resumed.restore(snap);
        assertArrayEquals(new double[] {first.windowPeak, first.previousPeak, first.halvedNorm, first.lastHalving},
                new double[] {resumed.windowPeak, resumed.previousPeak, resumed.halvedNorm, resumed.lastHalving});
        double[] a = new double[449], b = new double[449];
        for (long t = 251; t < 700; t++) {
            a[(int) (t - 251)] = first.outerStep(WINDOW, t, Vec.of(norms[(int) t], 0), E, E);
            b[(int) (t - 251)] = resumed.outerStep(WINDOW, t, Vec.of(norms[(int) t], 0), E, E);
        }
        assertArrayEquals(a, b, "the resumed run continues as the uninterrupted one");
        assertEquals(0.5, b[0], "the halving at step 250 is kept");
    }
}
