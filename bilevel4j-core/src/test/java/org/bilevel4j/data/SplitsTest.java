package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {
    static int[] labels(int n, int k, long seed) {
        java.util.Random r = new java.util.Random(seed);
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = r.nextInt(k);
        return l;
    }

    static void assertDisjointInRange(int[][] parts, int n) {
        Set<Integer> seen = new HashSet<>();
        for (int[] p : parts) for (int i : p) { assertTrue(i >= 0 && i < n); assertTrue(seen.add(i), "index " + i + " in two parts"); }
    }

    @Test void randomPartsHaveSizesAndAreDeterministic() {
        int[][] a = Splits.random(100, 42, 30, 50, 20), b = Splits.random(100, 42, 30, 50, 20), c = Splits.random(100, 43, 30, 50, 20);
        assertEquals(30, a[0].length);
        assertEquals(50, a[1].length);
        assertEquals(20, a[2].length);
        assertDisjointInRange(a, 100);
        assertTrue(Arrays.deepEquals(a, b));
        assertFalse(Arrays.deepEquals(a, c));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(10, 1, 6, 5));
        int[] p = Splits.permutation(50, 9);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
    }

    @Test void balancedPartsHaveEqualClassCounts() {
        int k = 10;
        int[] y = labels(3000, k, 1);
        int[][] parts = Splits.balancedSplit(y, 7, 1000, 500, 1003);
        assertDisjointInRange(parts, y.length);
        int[] sizes = {1000, 500, 1003};
        for (int q = 0; q < parts.length; q++) {
            assertEquals(sizes[q], parts[q].length);
            int[] count = new int[k];
            for (int i : parts[q]) count[y[i]]++;
            for (int c = 0; c < k; c++) assertTrue(count[c] == sizes[q] / k || count[c] == sizes[q] / k + 1, "class " + c + ": " + count[c]);
            // mixed order: not sorted by class
            boolean runs = true;
            for (int i = 1; i < parts[q].length; i++) if (y[parts[q][i]] < y[parts[q][i - 1]]) runs = false;
            assertFalse(runs);
        }
        assertTrue(Arrays.deepEquals(parts, Splits.balancedSplit(y, 7, 1000, 500, 1003)));
        assertFalse(Arrays.deepEquals(parts, Splits.balancedSplit(y, 8, 1000, 500, 1003)));
    }

    @Test void balancedSplitFailsWhenAClassRunsOut() {
        int[] y = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.balancedSplit(y, 1, 4, 4));
        assertTrue(e.getMessage().contains("class 0 has 3 samples"), e.getMessage());
        assertEquals(6, Splits.balancedSplit(y, 1, 6)[0].length);
    }
}
