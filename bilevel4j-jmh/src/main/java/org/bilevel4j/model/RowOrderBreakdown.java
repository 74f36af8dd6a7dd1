package org.bilevel4j.model;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;

/**
 * The 8-bit kernel on the same rows in their natural order and in {@link RowOrder} (system property
 * {@code bilevel4j.rowOrder}, read when a kernel is made), A/B in one JVM by the thread's CPU clock (wall clock when
 * the sweeps run on several threads): 20000 shuffled training rows of a cached data set ("mnist", "fashion-mnist").
 * Prints the time to order, the zero fractions of the copies in both orders, and the gradient, value and HVP passes
 * (10 classes, no bias), min of 15 runs each, the two alternating; the relative difference of the two gradients.
 * Not a JMH benchmark:
 * <pre>java --add-modules jdk.incubator.vector [-Dbilevel4j.threads=1] -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.RowOrderBreakdown [mnist|fashion-mnist] [rounds] [window] [A's properties] [B's properties]</pre>
 * where each model's properties are "name=value,name=value" (default A bilevel4j.rowOrder=false, B bilevel4j.rowOrder=true).
 */
public final class RowOrderBreakdown {
    private RowOrderBreakdown() {}

    private static double sink;

    public static void main(String[] args) throws Exception {
        String data = args.length > 0 ? args[0] : "mnist";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : RowOrder.WINDOW;
        int n = 20000, k = 10, reps = 15, T = LanesOverRows.ROWS;
        SplittableRandom rng = new SplittableRandom(1);
        BreakdownRows rows = BreakdownRows.of(data, n, k, rng);
        int d = rows.raw().cols(), up = FloatVector.SPECIES_PREFERRED.loopBound(d);
        byte[] bytes = rows.bytes().values();
        long t0 = System.nanoTime();
        int[] order = RowOrder.of(bytes, n, d, T, window);
        System.out.printf("%s, %d x %d, order in %.0f ms (window %d)%n", data, n, d, (System.nanoTime() - t0) / 1e6, window);
        String[] names = {"A", "B"};
        for (int q = 0; q < 2; q++) {
            byte[] vq = q == 0 ? bytes : RowOrder.permuted(bytes, order, d);
            LanesOverNonzeros.Columns c = LanesOverNonzeros.columns(vq, n, d, 0);
            LanesOverNonzeros.Blocks b = LanesOverNonzeros.blocks(vq, n, d, up, 0);
            System.out.printf("%s order: all-zero %d-row columns %.1f%%, row pieces left out %.1f%%, FLOPs skipped (lists in both) %.1f%%%n", q == 0 ? "natural" : "RowOrder", T,
                    100.0 * c.zeros() / c.columns(), 100.0 * b.skipped() / b.pieces(), 100 * LanesOverNonzeros.skippedFlops(c, b, n, d));
        }
        String[] props = {args.length > 3 ? args[3] : "bilevel4j.rowOrder=false", args.length > 4 ? args[4] : "bilevel4j.rowOrder=true"};
        LogisticModel[] models = new LogisticModel[2];
        for (int q = 0; q < 2; q++) { // the kernel reads its properties when it is made
            for (String kv : props[q].split(",")) System.setProperty(kv.split("=")[0], kv.split("=")[1]);
            models[q] = rows.doubleModel(k).withPrecision(Precision.FLOAT).withBytes(rows.bytes());
            for (String kv : props[q].split(",")) System.clearProperty(kv.split("=")[0]);
            System.out.printf("model %s: %s%n", names[q], props[q]);
        }
        double[] w = new double[models[0].dim()], v = new double[w.length], g = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            w[j] = 0.01 * rng.nextGaussian();
            v[j] = rng.nextGaussian();
        }
        String[] parts = {"gradient pass", "value pass", "HVP pass (kept probabilities)"};
        Runnable[][] run = new Runnable[2][];
        for (int q = 0; q < 2; q++) {
            LogisticModel mm = models[q];
            run[q] = new Runnable[] {() -> mm.valueGrad(w, null, null, g), () -> sink += mm.value(w, null, null), () -> mm.hvp(w, null, null, v, g)};
        }
        for (int r = 0; r < 40; r++) for (Runnable[] ps : run) for (Runnable p : ps) p.run(); // JIT
        for (int q = 0; q < 2; q++) System.out.printf("%s: %s%n", names[q], models[q].kernel());
        boolean wall = RowBlocks.threads() > 1; // the sweep's threads: wall time, else this thread's CPU time
        System.out.printf("sweep threads %d: %s%n", RowBlocks.threads(), wall ? "wall time" : "CPU time of this thread");
        for (int round = 1; round <= rounds; round++)
            for (int i = 0; i < parts.length; i++) {
                double a = wall ? CpuClock.minWallMs(reps, run[0][i]) : CpuClock.minMs(reps, run[0][i]);
                double b = wall ? CpuClock.minWallMs(reps, run[1][i]) : CpuClock.minMs(reps, run[1][i]);
                System.out.printf("%d %-30s %s %6.2f  %s %6.2f ms (min of %d)  ratio %.3f%n", round, parts[i], names[0], a, names[1], b, reps, b / a);
            }
        double[] g0 = new double[w.length], g1 = new double[w.length];
        double v0 = models[0].valueGrad(w, null, null, g0), v1 = models[1].valueGrad(w, null, null, g1);
        System.out.printf("value %.12g vs %.12g, gradient relative difference %.2e%n", v0, v1, BreakdownRows.relDiff(g1, g0));
        if (sink == 42) System.out.print("");
    }
}
