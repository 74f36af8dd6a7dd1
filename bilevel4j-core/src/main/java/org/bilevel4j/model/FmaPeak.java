package org.bilevel4j.model;

import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's measured float32 FMA peak: every thread runs 10 independent chains of vector FMAs in registers (enough to
 * cover the FMA latency), for a fixed count; GFLOP/s = 2 · lanes · FMAs / seconds. Loaded only through {@link SimdSupport}.
 */
final class FmaPeak {
    private FmaPeak() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** GFLOP/s of {@code threads} threads each running {@code rounds} rounds of 10 FMAs. */
    static double gflops(int threads, long rounds) {
        long t0 = System.nanoTime();
        double sink = IntStream.range(0, threads).parallel().mapToDouble(t -> chains(rounds)).sum();
        double s = (System.nanoTime() - t0) / 1e9;
        if (sink == 42) System.out.print(""); // keeps the chains alive
        return 2.0 * F.length() * 10 * rounds * threads / s / 1e9;
    }

    /** rounds × 10 independent vector FMA chains on this thread (2 · lanes · 10 · rounds FLOPs); the sum keeps them alive. */
    public static double chains(long rounds) {
        FloatVector m = FloatVector.broadcast(F, 0.999999f), c = FloatVector.broadcast(F, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(F, 1), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
        for (long r = 0; r < rounds; r++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c); a4 = a4.fma(m, c);
            a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c); a8 = a8.fma(m, c); a9 = a9.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).lane(0);
    }
}
