package org.bilevel4j.opt;

import java.util.random.RandomGenerator;

/**
 * A random stream whose state can be saved and restored (for checkpoints): the SplitMix64 generator of
 * {@link java.util.SplittableRandom} with its default gamma, so that {@code new Rng(seed)} draws exactly the
 * same numbers as {@code new SplittableRandom(seed)} in nextLong, nextInt, nextInt(bound), nextDouble and
 * nextGaussian (RngTest checks each). SplittableRandom hides its state; here {@link #state} reads it.
 */
public final class Rng implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    public Rng(long seed) { this.state = seed; }

    /** The whole state: one long (the gamma is fixed). */
    public long state() { return state; }

    /** Continues the stream from a state read by {@link #state()}. */
    public void setState(long state) { this.state = state; }

    private long nextSeed() { return state += GOLDEN_GAMMA; }

    /** Stafford variant 13 (SplittableRandom.mix64). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The high 32 bits of Stafford variant 4 (SplittableRandom.mix32). */
    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    @Override public long nextLong() { return mix64(nextSeed()); }

    @Override public int nextInt() { return mix32(nextSeed()); }

    /** As RandomSupport.boundedNextInt (what SplittableRandom.nextInt(bound) runs). */
    @Override public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
        int m = bound - 1;
        int r = nextInt();
        if ((bound & m) == 0) {
            r &= m; // a power of 2
        } else {
            for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {} // reject over-represented values
        }
        return r;
    }

    @Override public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }
}
