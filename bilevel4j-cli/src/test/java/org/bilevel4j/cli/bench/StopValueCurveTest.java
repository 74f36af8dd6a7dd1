package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** benchopt's curve: the median over seeds at the same iteration, for time and value alike. */
class StopValueCurveTest {
    /** Three seeds dip to 0.10 at iteration 2, each at its own time: the curve by iteration keeps the dip, the one by time does not. */
    @Test void keepsADipThatSeedsShareByIterationButNotByTime() {
        List<double[][]> runs = List.of(
                run(new double[] {0, 1, 2, 3}, new double[] {0, 0.1, 0.2, 0.9}, new double[] {0.5, 0.3, 0.10, 0.3}),
                run(new double[] {0, 1, 2, 3}, new double[] {0, 0.5, 0.6, 0.9}, new double[] {0.5, 0.3, 0.10, 0.3}),
                run(new double[] {0, 1, 2, 3}, new double[] {0, 0.3, 0.4, 0.9}, new double[] {0.5, 0.3, 0.10, 0.3}));
        StopValueCurve c = StopValueCurve.of(runs);
        assertArrayEquals(new double[] {0, 1, 2, 3}, c.iteration());
        assertArrayEquals(new double[] {0, 0.3, 0.4, 0.9}, c.seconds(), 1e-15); // median times
        int best = c.best(false);
        assertEquals(2, best);
        assertEquals(0.10, c.value()[best], 1e-15);
        assertEquals(1, c.first(0.3, false));
        assertEquals(-1, c.first(0.05, false));
        Bands.Band byTime = Bands.of(runs.stream().map(r -> r[1]).toList(), runs.stream().map(r -> r[3]).toList(), 200);
        double bestByTime = java.util.Arrays.stream(byTime.median()).min().orElseThrow();
        assertTrue(bestByTime > 0.15, "the dips fall at different times: " + bestByTime);
    }

    /** Iterations that not every seed reached, or where one has no value (a refit row skipped), are left out; medians of even counts average. */
    @Test void countsOnlyIterationsEverySeedHas() {
        List<double[][]> runs = List.of(
                run(new double[] {0, 100, 200, 300}, new double[] {0, 1, 2, 3}, new double[] {4, Double.NaN, 2, 1}),
                run(new double[] {0, 100, 200}, new double[] {0, 2, 4}, new double[] {6, 5, 4}));
        StopValueCurve c = StopValueCurve.of(runs);
        assertArrayEquals(new double[] {0, 200}, c.iteration());
        assertArrayEquals(new double[] {5, 3}, c.value(), 1e-15);
        assertArrayEquals(new double[] {0, 3}, c.seconds(), 1e-15);
        assertEquals(0, c.best(true));
        assertEquals(-1, StopValueCurve.of(List.of()).best(false));
    }

    private static double[][] run(double[] iteration, double[] seconds, double[] value) {
        return new double[][] {iteration, seconds, iteration.clone(), value};
    }
}
