package org.bilevel4j.problem;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class BoxAndBatchesTest {
    @Test void boxProjectionClipsEachCoordinate() {
        Box b = Box.uniform(3, -1, 2);
        Vec x = Vec.of(-5, 0.5, 7);
        assertSame(x, b.project(x), "projection is in place");
        assertArrayEquals(new double[] {-1, 0.5, 2}, x.toArray());
        assertTrue(b.contains(x));
        assertFalse(b.contains(Vec.of(0, 0, 2.0001)));
        Box per = new Box(Vec.of(0, -3), Vec.of(1, -2));
        assertArrayEquals(new double[] {1, -3}, per.project(Vec.of(4, -9)).toArray());
        assertArrayEquals(new double[] {0.25, -2.5}, per.project(Vec.of(0.25, -2.5)).toArray());
        String m = assertThrows(IllegalArgumentException.class, () -> Box.uniform(2, 1, 0)).getMessage();
        assertTrue(m.contains("lo <= hi"), m);
    }

    @Test void sampleGivesDistinctSortedIndicesInRange() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + rng.nextInt(50), size = 1 + rng.nextInt(60);
            int[] s = Batches.sample(rng, n, size);
            assertEquals(Math.min(n, size), s.length);
            for (int i = 0; i < s.length; i++) {
                assertTrue(s[i] >= 0 && s[i] < n, "index " + s[i] + " out of [0, " + n + ")");
                if (i > 0) assertTrue(s[i] > s[i - 1], "sorted and distinct");
            }
        }
        assertArrayEquals(new int[] {0, 1, 2, 3}, Batches.sample(rng, 4, 9), "a batch at least n takes everything");
        String m = assertThrows(IllegalArgumentException.class, () -> Batches.sample(rng, 4, 0)).getMessage();
        assertTrue(m.contains("positive"), m);
    }

    @Test void sampleIsUniform() {
        // every index of 10 appears in a batch of 3 with probability 3/10
        SplittableRandom rng = new SplittableRandom(9);
        int draws = 30000;
        int[] hits = new int[10];
        for (int d = 0; d < draws; d++) for (int i : Batches.sample(rng, 10, 3)) hits[i]++;
        double expected = draws * 0.3, sd = Math.sqrt(draws * 0.3 * 0.7);
        for (int h : hits) assertEquals(expected, h, 5 * sd);
    }

    @Test void countedViewsCountTheSamplesTheyTouch() {
        Quadratic q = new Quadratic(new Quadratic.Spec(4, 12, 16, 8, 100, 10, 0.5, 7));
        CountingProblem c = new CountingProblem(q);
        Vec x = Vec.zeros(4), y = Vec.zeros(12);
        c.innerGradY(x, y);
        assertEquals(16, c.counts().samples(Oracle.innerGradY), "the full problem touches every inner sample");
        BilevelProblem view = Batches.view(c, new SplittableRandom(1), 3, 5);
        view.innerGradY(x, y);
        view.outerGradX(x, y);
        assertEquals(2, c.counts().get(Oracle.innerGradY), "views share the counter");
        assertEquals(16 + 5, c.counts().samples(Oracle.innerGradY));
        assertEquals(3, c.counts().samples(Oracle.outerGradX));
    }

    @Test void batchIndexSetsAreChecked() {
        assertArrayEquals(new int[] {0, 1, 2}, Batches.all(3));
        Batches.check(new int[] {0, 2, 2}, 3, "inner"); // repeats are allowed
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batches.check(new int[] {0, 3}, 3, "outer"));
        assertTrue(e.getMessage().contains("outer batch index 3 outside [0, 3)"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Batches.check(new int[0], 3, "inner")).getMessage().contains("empty inner batch"));
    }
}
