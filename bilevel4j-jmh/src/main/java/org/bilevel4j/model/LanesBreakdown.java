package org.bilevel4j.model;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.bilevel4j.data.DenseMatrix;

/**
 * The 8-bit kernel with and without its tiles of consecutive rows ({@link LanesOverRows}; system property
 * {@code bilevel4j.lanesOverRows}, read when a kernel is made), A/B in one JVM on one thread by the thread's CPU clock:
 * gradient, value and HVP (kept probabilities) passes of {@link PassBreakdown}'s MNIST-shaped model (20000 × 784 bytes,
 * 10 classes), the two models alternating, each pass the min of 15 runs per round; then each model's largest relative
 * difference from the double kernel, the kernel's products alone on every tile (load, dots, axpy, as a pass calls
 * them), and the one-thread FMA peak. Not a JMH benchmark:
 * <pre>java --add-modules jdk.incubator.vector -Dbilevel4j.threads=1 -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.LanesBreakdown [rounds]</pre>
 */
public final class LanesBreakdown {
    private LanesBreakdown() {}

    private static double sink;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int n = 20000, d = 784, k = 10, reps = 15;
        SplittableRandom rng = new SplittableRandom(1);
        MnistShape data = MnistShape.draw(n, d, k, rng);
        ByteFeatures bf = data.byteFeatures();
        LogisticModel dbl = LogisticModel.multinomial(new DenseMatrix(n, d, data.floats()), data.labels(), k, true);
        LogisticModel[] models = new LogisticModel[2];
        String[] names = {"4-row tiles", "lanes over rows"};
        for (int q = 0; q < 2; q++) {
            System.setProperty("bilevel4j.lanesOverRows", Boolean.toString(q == 1));
            models[q] = dbl.withPrecision(Precision.FLOAT).withBytes(bf);
        }
        System.clearProperty("bilevel4j.lanesOverRows");
        double[] w = new double[dbl.dim()], v = new double[dbl.dim()], g = new double[dbl.dim()];
        for (int j = 0; j < w.length; j++) {
            w[j] = 0.01 * rng.nextGaussian();
            v[j] = rng.nextGaussian();
        }
        String[] passes = {"gradient pass", "value pass", "HVP pass (kept probabilities)"};
        Runnable[][] parts = new Runnable[2][];
        for (int q = 0; q < 2; q++) {
            LogisticModel mm = models[q];
            parts[q] = new Runnable[] {() -> mm.valueGrad(w, null, null, g), () -> sink += mm.value(w, null, null), () -> mm.hvp(w, null, null, v, g)};
        }
        String[] products = {"load + dots", "load + axpy", "load + dots + axpy"};
        double[] a = new double[LanesOverRows.ROWS * k];
        for (int j = 0; j < a.length; j++) a[j] = 1e-5 * rng.nextGaussian();
        Runnable[][] kernelParts = new Runnable[2][];
        for (int q = 0; q < 2; q++) {
            System.setProperty("bilevel4j.lanesOverRows", Boolean.toString(q == 1));
            RowKernel kernel = SimdSupport.bytes(bf);
            kernelParts[q] = new Runnable[] {TileSweep.of(kernel, n, k, true, true, false, w, a), TileSweep.of(kernel, n, k, true, false, true, w, a), TileSweep.of(kernel, n, k, true, true, true, w, a)};
        }
        System.clearProperty("bilevel4j.lanesOverRows");
        for (int r = 0; r < 40; r++) {
            for (Runnable[] ps : parts) for (Runnable p : ps) p.run(); // JIT
            for (Runnable[] ps : kernelParts) for (Runnable p : ps) p.run();
        }
        System.out.printf("kernel %s, sweep threads %d (use -Dbilevel4j.threads=1)%n", models[1].kernel(), RowBlocks.threads());
        for (int round = 1; round <= rounds; round++)
            for (int i = 0; i < passes.length; i++) {
                double old = CpuClock.minMs(reps, parts[0][i]), now = CpuClock.minMs(reps, parts[1][i]);
                System.out.printf("%d %-30s %s %6.2f  %s %6.2f ms CPU (min of %d)  ratio %.2f%n", round, passes[i], names[0], old, names[1], now, reps, now / old);
            }
        for (int i = 0; i < products.length; i++) {
            double old = CpuClock.minMs(reps, kernelParts[0][i]), now = CpuClock.minMs(reps, kernelParts[1][i]);
            System.out.printf("  %-28s %s %6.2f  %s %6.2f ms CPU (min of %d)  ratio %.2f%n", products[i], names[0], old, names[1], now, reps, now / old);
        }
        double[] gd = new double[dbl.dim()], hd = new double[dbl.dim()], gq = new double[dbl.dim()], hq = new double[dbl.dim()];
        double vd = dbl.valueGrad(w, null, null, gd);
        dbl.hvp(w, null, null, v, hd);
        for (int q = 0; q < 2; q++) {
            double vq = models[q].valueGrad(w, null, null, gq);
            models[q].hvp(w, null, null, v, hq);
            System.out.printf("%-16s relative difference from double: value %.1e, gradient %.1e, HVP %.1e%n", names[q], Math.abs(vq - vd) / Math.abs(vd),
                    BreakdownRows.relDiff(gq, gd), BreakdownRows.relDiff(hq, hd));
        }
        for (int r = 0; r < 5; r++) sink += FmaPeak.chains(1_000_000);
        long fmaRounds = 4_000_000;
        double peak = 2.0 * FloatVector.SPECIES_PREFERRED.length() * 10 * fmaRounds / (CpuClock.minMs(5, () -> sink += FmaPeak.chains(fmaRounds)) * 1e6);
        System.out.printf("FMA peak, one thread %.0f GFLOP/s: a pass's %.2f GFLOP take %.2f ms%n", peak, 4.0 * n * d * k / 1e9, 4.0 * n * d * k / peak / 1e6);
        if (sink == 42) System.out.print("");
    }
}
