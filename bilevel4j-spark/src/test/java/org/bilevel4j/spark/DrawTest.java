package org.bilevel4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The per-partition sampler's shares and draws, exactly (no Spark). */
class DrawTest {
    static final int[] STARTS = {0, 7, 7, 30, 45, 90}; // five blocks of 7, 0, 23, 15 and 45 rows

    /** Σ_p k_p = b for every offset U, k_p is ⌊b·n_p/n⌋ or one more, and over all n offsets Σ_U k_p = n·(b·n_p/n): E[k_p] = b·n_p/n exactly. */
    @Test void sharesSumToTheBatchAndAverageExactlyToTheProportionalShare() {
        int n = 90;
        for (int b : new int[] {1, 4, 10, 44, 89, 90}) {
            long[] sum = new long[5];
            for (long u = 0; u < n; u++) {
                int[] k = Draw.shares(STARTS, b, u);
                int total = 0;
                for (int p = 0; p < 5; p++) {
                    int np = STARTS[p + 1] - STARTS[p];
                    assertTrue(k[p] == b * np / n || k[p] == b * np / n + 1, "b=" + b + " U=" + u + " share of block " + p + ": " + k[p]);
                    assertTrue(k[p] <= np, "at most the block's rows");
                    total += k[p];
                    sum[p] += k[p];
                }
                assertEquals(b, total, "b=" + b + " U=" + u);
            }
            for (int p = 0; p < 5; p++) assertEquals((long) b * (STARTS[p + 1] - STARTS[p]), sum[p], "b=" + b + ": mean share of block " + p);
        }
    }

    @Test void eachBlockDrawsItsShareOfDistinctRowsReproducibly() {
        Draw d = Draw.of(42, STARTS, 30);
        int drawn = 0;
        for (int p = 0; p < 5; p++) {
            int np = STARTS[p + 1] - STARTS[p];
            int[] rows = d.localRows(STARTS[p], np);
            if (np == 0) {
                assertEquals(0, rows.length, "the empty block draws nothing");
                continue;
            }
            if (d.shares()[p] == np) {
                assertNull(rows, "block " + p + ": all rows");
                drawn += np;
                continue;
            }
            assertEquals(d.shares()[p], rows.length, "block " + p);
            for (int i = 0; i < rows.length; i++) {
                assertTrue(rows[i] >= 0 && rows[i] < np, "local index in range");
                if (i > 0) assertTrue(rows[i] > rows[i - 1], "distinct (sorted)");
            }
            assertArrayEquals(rows, Draw.of(42, STARTS, 30).localRows(STARTS[p], np), "the same seed draws the same rows");
            drawn += rows.length;
        }
        assertEquals(30, drawn);
        assertEquals(90, Draw.of(1, STARTS, 90).total());
        for (int p = 0; p < 5; p++)
            if (p != 1) assertNull(Draw.of(1, STARTS, 90).localRows(STARTS[p], STARTS[p + 1] - STARTS[p]), "b = n: block " + p + " takes all its rows");
    }
}
