package org.bilevel4j.model;

import java.util.SplittableRandom;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.MnistLike;
import org.bilevel4j.data.Standardizer;

/**
 * The 4-row float kernel's flush interval (rows summed in float before the partial gradient goes into double), two
 * intervals in one JVM, passes alternating: the first 20000 MNIST training images, standardized, float features (no 8-bit
 * form); per round the min CPU ms of 5 gradient passes (and HVP passes with kept probabilities) of each, and the
 * gradient's relative max-norm difference from the double model's. Run with one sweep thread:
 * <pre>java --add-modules jdk.incubator.vector -Dbilevel4j.threads=1 -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.FloatFlushCompare 256 2048 [rounds]</pre>
 */
public final class FloatFlushCompare {
    private FloatFlushCompare() {}

    static LogisticModel withFlush(LogisticModel dbl, int rows) {
        System.setProperty("bilevel4j.floatFlushRows", Integer.toString(rows));
        try {
            return dbl.withPrecision(Precision.FLOAT); // the kernel reads the property when it is made
        } finally {
            System.clearProperty("bilevel4j.floatFlushRows");
        }
    }

    public static void main(String[] args) throws Exception {
        int a = Integer.parseInt(args[0]), b = Integer.parseInt(args[1]), rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        MnistLike.TrainTest raw = MnistLike.load(Datasets.ensure("mnist", System.err));
        int[] first = new int[20000];
        for (int i = 0; i < first.length; i++) first[i] = i;
        LabeledData train = raw.train().subset(first);
        LogisticModel dbl = LogisticModel.of(Standardizer.fit(train.x()).apply(train), true);
        LogisticModel[] models = {withFlush(dbl, a), withFlush(dbl, b)};
        SplittableRandom rng = new SplittableRandom(1);
        double[] w = new double[dbl.dim()], v = new double[dbl.dim()], gd = new double[dbl.dim()];
        for (int j = 0; j < w.length; j++) {
            w[j] = 0.01 * rng.nextGaussian();
            v[j] = rng.nextGaussian();
        }
        dbl.valueGrad(w, null, null, gd);
        double[][] g = new double[2][dbl.dim()], h = new double[2][dbl.dim()];
        for (int r = 0; r < 30; r++) for (int k = 0; k < 2; k++) {
            models[k].valueGrad(w, null, null, g[k]);
            models[k].hvp(w, null, null, v, h[k]);
        }
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE}, bestH = best.clone();
        System.out.printf("kernel %s, threads %d; flush %d against %d rows%n", models[0].kernel(), RowBlocks.threads(), a, b);
        for (int r = 0; r < rounds; r++) {
            double[] ms = new double[2], hs = new double[2];
            for (int k = 0; k < 2; k++) {
                LogisticModel m = models[k];
                double[] gk = g[k], hk = h[k];
                ms[k] = CpuClock.minMs(5, () -> m.valueGrad(w, null, null, gk));
                hs[k] = CpuClock.minMs(5, () -> m.hvp(w, null, null, v, hk));
                best[k] = Math.min(best[k], ms[k]);
                bestH[k] = Math.min(bestH[k], hs[k]);
            }
            System.out.printf("round %d gradient %.3f / %.3f ms (%.3f)  hvp %.3f / %.3f ms (%.3f)%n", r, ms[0], ms[1], ms[1] / ms[0], hs[0], hs[1], hs[1] / hs[0]);
        }
        System.out.printf("min gradient %.3f / %.3f ms (%.3f), hvp %.3f / %.3f ms (%.3f)%n", best[0], best[1], best[1] / best[0], bestH[0], bestH[1], bestH[1] / bestH[0]);
        for (int k = 0; k < 2; k++) {
            models[k].valueGrad(w, null, null, g[k]);
            double diff = 0, norm = 0, d2 = 0, n2 = 0;
            for (int j = 0; j < gd.length; j++) {
                diff = Math.max(diff, Math.abs(g[k][j] - gd[j]));
                norm = Math.max(norm, Math.abs(gd[j]));
                d2 += (g[k][j] - gd[j]) * (g[k][j] - gd[j]);
                n2 += gd[j] * gd[j];
            }
            System.out.printf("flush %d: gradient vs double %.3g (max-norm relative), %.3g (2-norm relative)%n", k == 0 ? a : b, diff / norm, Math.sqrt(d2 / n2));
        }
    }
}
