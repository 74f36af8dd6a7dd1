package org.bilevel4j.model;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.bilevel4j.data.DenseMatrix;

/**
 * The 8-bit kernel with and without skipping its all-zero bytes ({@link LanesOverNonzeros}; system property
 * {@code bilevel4j.skipZeros}, read when a kernel is made; {@code -Dbilevel4j.skipZerosFrom=0} forces the lists),
 * A/B in one JVM on one thread by the thread's CPU clock, on 20000 shuffled training rows of MNIST or Fashion-MNIST
 * (the data cache), or {@code shape}: {@link MnistShape}'s rows, whose 32-row columns are almost never all zero (the
 * lists' overhead). Prints the zero fractions and the bytes of the copies and index lists; gradient, value and HVP
 * passes (multinomial, 10 classes, no bias), min of 15 runs each, the two kernels alternating; the products alone on
 * every tile; whether the passes agree bit for bit; the FLOPs done and the one-thread FMA peak. Not a JMH benchmark:
 * <pre>java --add-modules jdk.incubator.vector -Dbilevel4j.threads=1 -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.ZeroSkipBreakdown [mnist|fashion-mnist|shape] [rounds]</pre>
 */
public final class ZeroSkipBreakdown {
    private ZeroSkipBreakdown() {}

    private static double sink;

    private static boolean sameBits(double[] a, double[] b) {
        for (int k = 0; k < a.length; k++) if (Double.doubleToLongBits(a[k]) != Double.doubleToLongBits(b[k])) return false;
        return true;
    }

    public static void main(String[] args) throws Exception {
        String data = args.length > 0 ? args[0] : "mnist";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int n = 20000, k = 10, reps = 15;
        SplittableRandom rng = new SplittableRandom(1);
        BreakdownRows rowsOf = BreakdownRows.of(data, n, k, rng);
        DenseMatrix raw = rowsOf.raw();
        int d = raw.cols();
        ByteFeatures bf = rowsOf.bytes();
        LogisticModel dbl = rowsOf.doubleModel(k);

        int T = LanesOverRows.ROWS, up = FloatVector.SPECIES_PREFERRED.loopBound(d);
        LanesOverNonzeros.Columns c = LanesOverNonzeros.columns(bf.values(), n, d, 0);
        LanesOverNonzeros.Blocks b = LanesOverNonzeros.blocks(bf.values(), n, d, up, 0);
        System.out.printf("%s, %d x %d: all-zero %d-row columns %.1f%%, all-zero %d-byte row pieces %.1f%% (left out %.1f%%); with lists in both products a pass would skip %.1f%% of its FLOPs%n",
                data, n, d, T, 100.0 * c.zeros() / c.columns(), T / 2, 100.0 * b.zeros() / b.pieces(), 100.0 * b.skipped() / b.pieces(),
                100 * LanesOverNonzeros.skippedFlops(c, b, n, d));
        System.out.printf("copies: dots %.1f MB (dense %.1f MB) + index lists %.0f KB; axpy %.1f MB (dense %.1f MB) + index lists %.0f KB%n",
                c.bytes().length / 1e6, (double) T * c.columns() / 1e6, c.indexBytes() / 1e3, b.bytes().length / 1e6, (double) T / 2 * b.pieces() / 1e6,
                b.indexBytes() / 1e3);

        LogisticModel[] models = new LogisticModel[2];
        RowKernel[] kernels = new RowKernel[2];
        String[] names = {"dense", "skip zeros"};
        for (int q = 0; q < 2; q++) {
            System.setProperty("bilevel4j.skipZeros", Boolean.toString(q == 1));
            models[q] = dbl.withPrecision(Precision.FLOAT).withBytes(bf);
            kernels[q] = SimdSupport.bytes(bf);
        }
        System.clearProperty("bilevel4j.skipZeros");
        double[] w = new double[dbl.dim()], v = new double[dbl.dim()], g = new double[dbl.dim()];
        for (int j = 0; j < w.length; j++) {
            w[j] = 0.01 * rng.nextGaussian();
            v[j] = rng.nextGaussian();
        }
        double[] a = new double[T * k];
        for (int j = 0; j < a.length; j++) a[j] = 1e-5 * rng.nextGaussian();
        String[] parts = {"gradient pass", "value pass", "HVP pass (kept probabilities)", "load + dots", "load + axpy"};
        Runnable[][] run = new Runnable[2][];
        for (int q = 0; q < 2; q++) {
            LogisticModel mm = models[q];
            RowKernel kk = kernels[q];
            run[q] = new Runnable[] {() -> mm.valueGrad(w, null, null, g), () -> sink += mm.value(w, null, null), () -> mm.hvp(w, null, null, v, g),
                    TileSweep.of(kk, n, k, false, true, false, w, a), TileSweep.of(kk, n, k, false, false, true, w, a)};
        }
        for (int r = 0; r < 40; r++) for (Runnable[] ps : run) for (Runnable p : ps) p.run(); // JIT
        System.out.printf("kernel %s, sweep threads %d (use -Dbilevel4j.threads=1)%n", models[1].kernel(), RowBlocks.threads());
        for (int round = 1; round <= rounds; round++)
            for (int i = 0; i < parts.length; i++) {
                double old = CpuClock.minMs(reps, run[0][i]), now = CpuClock.minMs(reps, run[1][i]);
                System.out.printf("%d %-30s %s %6.2f  %s %6.2f ms CPU (min of %d)  ratio %.2f%n", round, parts[i], names[0], old, names[1], now, reps, now / old);
            }
        double[] g0 = new double[dbl.dim()], g1 = new double[dbl.dim()], h0 = new double[dbl.dim()], h1 = new double[dbl.dim()];
        double v0 = models[0].valueGrad(w, null, null, g0), v1 = models[1].valueGrad(w, null, null, g1);
        models[0].hvp(w, null, null, v, h0);
        models[1].hvp(w, null, null, v, h1);
        System.out.printf("bit for bit equal: value %b, gradient %b, HVP %b%n", v0 == v1, sameBits(g0, g1), sameBits(h0, h1));
        for (int r = 0; r < 5; r++) sink += FmaPeak.chains(1_000_000);
        long fmaRounds = 4_000_000;
        double peak = 2.0 * FloatVector.SPECIES_PREFERRED.length() * 10 * fmaRounds / (CpuClock.minMs(5, () -> sink += FmaPeak.chains(fmaRounds)) * 1e6);
        double flops = 4.0 * n * d * k, done = flops * (1 - LanesOverNonzeros.skippedFlops(c, b, n, d));
        System.out.printf("FMA peak, one thread %.0f GFLOP/s: a pass's %.2f GFLOP take %.2f ms, the %.2f GFLOP done %.2f ms%n", peak, flops / 1e9,
                flops / peak / 1e6, done / 1e9, done / peak / 1e6);
        if (sink == 42) System.out.print("");
    }
}
