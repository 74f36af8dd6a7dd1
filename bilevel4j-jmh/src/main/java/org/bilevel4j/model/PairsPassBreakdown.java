package org.bilevel4j.model;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * The 8-bit kernel's passes with and without the gradient's product over feature pairs from the dots' copy
 * ({@link PairsOverTiles}; system property {@code bilevel4j.featurePairs}, read when a kernel is made), A/B in one JVM on
 * one thread by the thread's CPU clock: gradient and HVP passes (kept probabilities; and at a new point, logits of w and v
 * in one sweep) on n rows of a cached data set ({@link BreakdownRows}), 10 classes, no bias, the two models alternating,
 * each pass the min of 15 runs per round; then each model's relative difference from the double model. With
 * {@code -Dbreakdown.processCpu=true} all threads' CPU time instead (all sweep threads, for {@code -Dbilevel4j.threads=2}
 * and its 8 row blocks). Not a JMH benchmark:
 * <pre>java --add-modules jdk.incubator.vector -Dbilevel4j.threads=1 -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.PairsPassBreakdown [data [n [rounds]]]</pre>
 */
public final class PairsPassBreakdown {
    private PairsPassBreakdown() {}

    private static final boolean PROCESS = Boolean.getBoolean("breakdown.processCpu");

    /** The least CPU ms of reps runs of body: this thread's ({@link CpuClock}), or all threads'. */
    private static double minMs(int reps, Runnable body) {
        if (!PROCESS) return CpuClock.minMs(reps, body);
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < reps; r++) {
            long t0 = allThreadsCpu();
            body.run();
            best = Math.min(best, (allThreadsCpu() - t0) / 1e6);
        }
        return best;
    }

    /** The CPU ns of all the JVM's live threads (the process's own clock ticks in 10 ms here). */
    private static long allThreadsCpu() {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        long s = 0;
        for (long id : t.getAllThreadIds()) s += Math.max(0, t.getThreadCpuTime(id));
        return s;
    }

    public static void main(String[] args) throws IOException {
        String data = args.length > 0 ? args[0] : "mnist";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20000, rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5, k = 10, reps = 15;
        SplittableRandom rng = new SplittableRandom(1);
        BreakdownRows rows = BreakdownRows.of(data, n, k, rng);
        LogisticModel dbl = rows.doubleModel(k);
        LogisticModel[] models = new LogisticModel[2];
        String[] names = {"today", "pairs"};
        for (int q = 0; q < 2; q++) {
            System.setProperty("bilevel4j.featurePairs", Boolean.toString(q == 1));
            models[q] = dbl.withPrecision(Precision.FLOAT).withBytes(rows.bytes());
        }
        System.clearProperty("bilevel4j.featurePairs");
        double[] w = new double[dbl.dim()], w2 = new double[dbl.dim()], v = new double[dbl.dim()], g = new double[dbl.dim()];
        for (int j = 0; j < w.length; j++) {
            w[j] = 0.01 * rng.nextGaussian();
            w2[j] = 0.01 * rng.nextGaussian();
            v[j] = rng.nextGaussian();
        }
        String[] passes = {"gradient pass", "HVP pass (kept probabilities)", "HVP pass at a new point"};
        Runnable[][] parts = new Runnable[2][];
        for (int q = 0; q < 2; q++) {
            LogisticModel mm = models[q];
            parts[q] = new Runnable[] {() -> mm.valueGrad(w, null, null, g), () -> mm.hvp(w, null, null, v, g), () -> mm.hvp(w2, null, null, v, g)};
        }
        for (int r = 0; r < 40; r++) for (int q : new int[] {0, 1}) for (Runnable p : parts[q]) p.run(); // JIT
        System.out.printf("%s, %d rows, sweep threads %d (use -Dbilevel4j.threads=1)%n  today: %s%n  pairs: %s%n", data, n, RowBlocks.threads(), models[0].kernel(), models[1].kernel());
        for (int round = 1; round <= rounds; round++)
            for (int i = 0; i < passes.length; i++) {
                boolean pairsFirst = round % 2 == 0;
                double first = minMs(reps, parts[pairsFirst ? 1 : 0][i]), second = minMs(reps, parts[pairsFirst ? 0 : 1][i]);
                double old = pairsFirst ? second : first, now = pairsFirst ? first : second;
                System.out.printf("%d %-30s %s %6.2f  %s %6.2f ms CPU (min of %d)  ratio %.3f%n", round, passes[i], names[0], old, names[1], now, reps, now / old);
            }
        double[] gd = new double[dbl.dim()], hd = new double[dbl.dim()], gq = new double[dbl.dim()], hq = new double[dbl.dim()];
        dbl.valueGrad(w, null, null, gd);
        dbl.hvp(w, null, null, v, hd);
        for (int q = 0; q < 2; q++) {
            models[q].valueGrad(w, null, null, gq);
            models[q].hvp(w, null, null, v, hq);
            System.out.printf("%-6s relative difference from double: gradient %.1e, HVP %.1e%n", names[q], BreakdownRows.relDiff(gq, gd), BreakdownRows.relDiff(hq, hd));
        }
    }
}
