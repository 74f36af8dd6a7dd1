package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seeds' curves on a common grid, and the task/solver spec syntax. */
class BandsTest {
    @Test void interpolatesEachSeedOnTheCommonRangeAndTakesMedianMinMax() {
        // three lines y = a x sampled at different x; common range [1, 4] (largest start, smallest end)
        List<double[]> xs = List.of(new double[] {0, 2, 4, 6}, new double[] {1, 3, 5}, new double[] {0, 4});
        double[] a = {1, 2, 3};
        List<double[]> ys = List.of(times(xs.get(0), a[0]), times(xs.get(1), a[1]), times(xs.get(2), a[2]));
        Bands.Band b = Bands.of(xs, ys, 4);
        assertArrayEquals(new double[] {1, 2, 3, 4}, b.x(), 1e-15);
        for (int i = 0; i < 4; i++) { // exact for lines
            assertEquals(2 * b.x()[i], b.median()[i], 1e-12);
            assertEquals(b.x()[i], b.lower()[i], 1e-12);
            assertEquals(3 * b.x()[i], b.upper()[i], 1e-12);
        }
    }

    @Test void dropsMissingAndInfinitePointsAndTakesTheMeanOfTheMiddleTwo() {
        List<double[]> xs = List.of(new double[] {0, 1, 2}, new double[] {0, 1, 2});
        List<double[]> ys = List.of(new double[] {1, Double.NaN, 3}, new double[] {5, 5, Double.POSITIVE_INFINITY});
        Bands.Band b = Bands.of(xs, ys, 3); // second seed ends at x = 1
        assertArrayEquals(new double[] {0, 0.5, 1}, b.x(), 0);
        assertArrayEquals(new double[] {3, 3.25, 3.5}, b.median(), 1e-15); // (1 + 5)/2, (1.5 + 5)/2, (2 + 5)/2
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
