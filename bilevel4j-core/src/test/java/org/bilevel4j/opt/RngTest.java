package org.bilevel4j.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rng draws exactly what SplittableRandom draws (so switching the solvers to it changed no result), and resumes from its state. */
class RngTest {
    static final long[] SEEDS = {0, 1, 7, -3, 42, Long.MAX_VALUE, Long.MIN_VALUE, 0x9e3779b97f4a7c15L};

    @Test void sameLongsIntsAndDoubles() {
        for (long seed : SEEDS) {
            SplittableRandom a = new SplittableRandom(seed);
            Rng b = new Rng(seed);
            for (int i = 0; i < 2000; i++) {
                assertEquals(a.nextLong(), b.nextLong());
                assertEquals(a.nextInt(), b.nextInt());
                assertEquals(Double.doubleToRawLongBits(a.nextDouble()), Double.doubleToRawLongBits(b.nextDouble()));
            }
        }
    }

    @Test void sameBoundedInts() { // powers of two, small and huge bounds (rejection happens near 2^31)
        int[] bounds = {1, 2, 3, 7, 10, 16, 100, 1000, 1 << 20, (1 << 30) + 1, Integer.MAX_VALUE};
        for (long seed : SEEDS) {
            SplittableRandom a = new SplittableRandom(seed);
            Rng b = new Rng(seed);
            for (int i = 0; i < 3000; i++) {
                int bound = bounds[i % bounds.length];
                assertEquals(a.nextInt(bound), b.nextInt(bound), "bound " + bound);
            }
        }
    }

    @Test void sameGaussiansAndRangedDoubles() {
        for (long seed : SEEDS) {
            SplittableRandom a = new SplittableRandom(seed);
            Rng b = new Rng(seed);
            for (int i = 0; i < 2000; i++) {
                assertEquals(Double.doubleToRawLongBits(a.nextGaussian()), Double.doubleToRawLongBits(b.nextGaussian()));
                assertEquals(Double.doubleToRawLongBits(a.nextDouble(-1, 3)), Double.doubleToRawLongBits(b.nextDouble(-1, 3)));
            }
        }
    }

    @Test void continuesFromASavedState() {
        Rng a = new Rng(5);
        for (int i = 0; i < 17; i++) a.nextInt(10);
        Rng b = new Rng(999);
        b.setState(a.state());
        for (int i = 0; i < 100; i++) assertEquals(a.nextLong(), b.nextLong());
    }
}
