package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seeds' curves on a common grid, and the task/solver spec syntax. */
class BandsTest {
    @Test void interpolatesEachSeedHoldsItsLastValueAndTakesMedianMinMaxOfTheSeedsPresent() {
        // three lines y = a x sampled at different x; grid [0, 6]; seed 2 starts at 1, seeds 2 and 3 stop at 5 and 4
        List<double[]> xs = List.of(new double[] {0, 2, 4, 6}, new double[] {1, 3, 5}, new double[] {0, 4});
        double[] a = {1, 2, 3};
        List<double[]> ys = List.of(times(xs.get(0), a[0]), times(xs.get(1), a[1]), times(xs.get(2), a[2]));
        Bands.Band b = Bands.of(xs, ys, 7);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6}, b.x(), 1e-15);
        assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10, 10}, b.median(), 1e-12); // x = 0: seeds 1 and 3 only; then 5 and 6 held
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6}, b.lower(), 1e-12);
        assertArrayEquals(new double[] {0, 3, 6, 9, 12, 12, 12}, b.upper(), 1e-12);
    }

    @Test void onALogAxisInterpolatesInLogXAndDropsNonPositiveX() {
        // y = log10 x is a straight line on a log axis: exact at every geometric grid point
        List<double[]> xs = List.of(new double[] {0, 1, 100});
        List<double[]> ys = List.of(new double[] {-5, 0, 2});
        Bands.Band b = Bands.of(xs, ys, 3, true);
        assertArrayEquals(new double[] {1, 10, 100}, b.x(), 1e-12);
        assertArrayEquals(new double[] {0, 1, 2}, b.median(), 1e-12);
    }

    @Test void dropsMissingAndInfinitePointsAndTakesTheMeanOfTheMiddleTwo() {
        List<double[]> xs = List.of(new double[] {0, 1, 2}, new double[] {0, 1, 2});
        List<double[]> ys = List.of(new double[] {1, Double.NaN, 3}, new double[] {5, 5, Double.POSITIVE_INFINITY});
        Bands.Band b = Bands.of(xs, ys, 3); // second seed ends at x = 1 and holds 5
        assertArrayEquals(new double[] {0, 1, 2}, b.x(), 0);
        assertArrayEquals(new double[] {3, 3.5, 4}, b.median(), 1e-15); // (1 + 5)/2, (2 + 5)/2, (3 + 5)/2
        assertNull(Bands.of(List.of(new double[] {0}), List.of(new double[] {Double.NaN}), 3));
        assertThrows(IllegalArgumentException.class, () -> Bands.of(List.of(new double[] {1, 0}), List.of(new double[] {1, 1}), 3));
    }

    @Test void specsParseAndNameTheirFolders() {
        NamedSpec s = NamedSpec.parse("quadratic:condition=1000:dimY=20");
        assertEquals("quadratic", s.name());
        assertEquals(Map.of("condition", "1000", "dimY", "20"), s.options());
        assertEquals("quadratic_condition=1000_dimY=20", s.dirName());
        assertEquals(Map.of(), NamedSpec.parse("aid-cg").options());
        assertThrows(IllegalArgumentException.class, () -> NamedSpec.parse("quadratic:condition"));
        assertThrows(IllegalArgumentException.class, () -> NamedSpec.parse(":a=1"));
        Set<String> known = Set.of("quadratic");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NamedSpec.parseAll(List.of("quadratc"), "problem", known))
                .getMessage().contains("known: quadratic"));
        assertThrows(IllegalArgumentException.class, () -> NamedSpec.parseAll(List.of("quadratic", "quadratic"), "problem", known));
        assertEquals(Map.of("a", "3", "b", "2", "c", "4"), Comparison.options(Map.of("a", "1", "b", "2"), NamedSpec.parse("quadratic:a=3:c=3"),
                NamedSpec.parse("aid-cg:c=4")), "the solver's options win over the task's, which win over --set");
    }

    private static double[] times(double[] x, double a) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = a * x[i];
        return y;
    }
}
