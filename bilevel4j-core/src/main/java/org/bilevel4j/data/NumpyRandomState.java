package org.bilevel4j.data;

/**
 * numpy's legacy {@code np.random.RandomState(seed)} (MT19937, Matsumoto and Nishimura 1998), for the draws that
 * benchopt's data sets make, so that we can rebuild their exact splits: {@code permutation(n)}, {@code rand()} and
 * {@code randint(low, high)} give the numbers numpy gives for the same seed and call order.
 * <ul>
 * <li>seeding: {@code init_genrand(seed)} (numpy's legacy seeding of a 32-bit integer);</li>
 * <li>{@link #rand()}: 53 random bits from two 32-bit draws, (a≫5 · 2²⁶ + b≫6) / 2⁵³;</li>
 * <li>{@link #interval(long)} and {@link #randint}: a draw masked to the smallest all-ones mask ≥ the bound,
 * rejected while above it (numpy's {@code random_interval} and masked bounded integers);</li>
 * <li>{@link #permutation(int)}: Fisher–Yates from the top, j = interval(i) for i = n−1 … 1.</li>
 * </ul>
 */
public final class NumpyRandomState {
    private static final int N = 624, M = 397;
    private final int[] mt = new int[N];
    private int index = N;

    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) throw new IllegalArgumentException("numpy seed " + seed + " must be in [0, 2^32 - 1]");
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }

    /** The next 32 random bits, as an unsigned value. */
    public long nextUint32() {
        if (index >= N) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        index = 0;
    }

    /** A uniform double in [0, 1) with 53 random bits (numpy's {@code rand()} / {@code random_sample()}). */
    public double rand() {
        long a = nextUint32() >>> 5, b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** A uniform integer in [0, max] (max < 2³²), by masked rejection. */
    public long interval(long max) {
        if (max < 0 || max > 0xFFFFFFFFL) throw new IllegalArgumentException("interval bound " + max + " outside [0, 2^32 - 1]");
        if (max == 0) return 0;
        long mask = max;
        for (int s = 1; s <= 16; s <<= 1) mask |= mask >>> s;
        long v;
        while ((v = nextUint32() & mask) > max) { /* reject */ }
        return v;
    }

    /** A uniform integer in [low, high), as numpy's legacy {@code randint(low, high)} for bounds that fit 32 bits. */
    public long randint(long low, long high) {
        if (high <= low) throw new IllegalArgumentException("randint needs low < high, got [" + low + ", " + high + ")");
        return low + interval(high - 1 - low);
    }

    /** A random permutation of 0..n−1, as numpy's {@code permutation(n)}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) interval(i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
