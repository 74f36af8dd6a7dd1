package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import org.bilevel4j.data.LabelNoise.Mode;
import org.junit.jupiter.api.Test;

class LabelNoiseTest {
    @Test void differentModeChangesExactlyTheChosenFractionToOtherClasses() {
        int k = 10, n = 20000;
        int[] y = SplitsTest.labels(n, k, 3);
        LabelNoise.Corrupted c = LabelNoise.corrupt(y, 0.5, k, 11, Mode.DIFFERENT);
        assertEquals(10000, c.count());
        int[][] moved = new int[k][k];
        for (int i = 0; i < n; i++) {
            if (c.mask()[i]) {
                assertNotEquals(y[i], c.labels()[i]);
                moved[y[i]][c.labels()[i]]++;
            } else {
                assertEquals(y[i], c.labels()[i]);
            }
        }
        // each (from, to ≠ from) pair gets ≈ 10000 / 90 ≈ 111; a wrong law (e.g. always +1) is far off
        for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) if (a != b) assertTrue(moved[a][b] > 60 && moved[a][b] < 170, a + "->" + b + ": " + moved[a][b]);
        assertArrayEquals(c.labels(), LabelNoise.corrupt(y, 0.5, k, 11, Mode.DIFFERENT).labels());
    }

    @Test void anyModeRedrawsFromAllClasses() {
        int k = 4, n = 40000;
        int[] y = SplitsTest.labels(n, k, 4);
        LabelNoise.Corrupted c = LabelNoise.corrupt(y, 0.3, k, 5, Mode.ANY);
        assertEquals(12000, c.count());
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (c.mask()[i] && c.labels()[i] == y[i]) kept++;
            if (!c.mask()[i]) assertEquals(y[i], c.labels()[i]);
        }
        // P(unchanged | redrawn) = 1/K: 3000 expected, sd ≈ 47
        assertEquals(3000, kept, 250);
    }

    @Test void fractionRoundsAndInputsAreChecked() {
        int[] y = {0, 1, 2, 0, 1, 2, 0};
        assertEquals(2, LabelNoise.corrupt(y, 0.3, 3, 1, Mode.DIFFERENT).count()); // round(2.1)
        assertEquals(0, LabelNoise.corrupt(y, 0, 3, 1, Mode.ANY).count());
        assertEquals(7, LabelNoise.corrupt(y, 1, 3, 1, Mode.DIFFERENT).count());
        assertThrows(IllegalArgumentException.class, () -> LabelNoise.corrupt(y, 1.5, 3, 1, Mode.ANY));
        assertThrows(IllegalArgumentException.class, () -> LabelNoise.corrupt(y, 0.5, 2, 1, Mode.ANY));
        assertThrows(IllegalArgumentException.class, () -> LabelNoise.corrupt(new int[]{0, 0}, 0.5, 1, 1, Mode.DIFFERENT));
        assertEquals(Mode.DIFFERENT, Mode.parse("different"));
        assertEquals(Mode.ANY, Mode.parse("ANY"));
        assertThrows(IllegalArgumentException.class, () -> Mode.parse("some"));
    }
}
