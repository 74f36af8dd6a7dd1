package org.bilevel4j.model;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.MnistLike;
import org.bilevel4j.data.Standardizer;
import org.bilevel4j.tasks.SpamDecay;

/**
 * What a full pass allocates and how many minor page faults it takes (issue 15's fresh-eden slow mode): the first 20000
 * MNIST training images, standardized, in 8-bit form ({@code bytes}) or as float features ({@code float}), or spam's
 * CSR training part ({@code sparse}), one model in float precision; per oracle (gradient, value, HVP with the kept
 * probabilities) the bytes the thread allocates per pass (exact, {@code getThreadAllocatedBytes}), the process's minor page
 * faults per pass ({@code /proc/self/stat} field 10) over a loop of passes, the min CPU ms per pass, and how many passes
 * were slow (over 1.5× the min). Also the relative max-norm difference of the gradient from the double model's. Run with
 * one sweep thread:
 * <pre>java --add-modules jdk.incubator.vector -Dbilevel4j.threads=1 -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.ScratchFaults bytes [warm-up passes] [passes]</pre>
 */
public final class ScratchFaults {
    private ScratchFaults() {}

    private static final ThreadMXBean T = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static double sink;

    /** Minor page faults of the process so far (/proc/self/stat, field 10; the command name in parentheses may hold spaces). */
    static long minorFaults() {
        try {
            String s = Files.readString(Path.of("/proc/self/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]); // fields from 3 on: state(3) ppid pgrp session tty tpgid flags minflt(10)
        } catch (Exception e) {
            return -1;
        }
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "bytes";
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 60, passes = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        LogisticModel dbl;
        LogisticModel model;
        if (kind.equals("sparse")) {
            LabeledData train = SpamDecay.parts(0.2, 5, 0).get(0);
            dbl = LogisticModel.of(train, true);
            model = dbl.withPrecision(Precision.FLOAT);
        } else {
            MnistLike.TrainTest raw = MnistLike.load(Datasets.ensure("mnist", System.err));
            int[] first = new int[20000];
            for (int i = 0; i < first.length; i++) first[i] = i;
            LabeledData train = raw.train().subset(first);
            Standardizer z = Standardizer.fit(train.x());
            ByteFeatures b = ByteFeatures.of((DenseMatrix) train.x(), z);
            dbl = LogisticModel.of(z.apply(train), true);
            model = dbl.withPrecision(Precision.FLOAT);
            if (kind.equals("bytes")) model = model.withBytes(b);
        }
        SplittableRandom rng = new SplittableRandom(1);
        double[] w = new double[model.dim()], v = new double[model.dim()], g = new double[model.dim()], h = new double[model.dim()];
        for (int j = 0; j < w.length; j++) {
            w[j] = 0.01 * rng.nextGaussian();
            v[j] = rng.nextGaussian();
        }
        LogisticModel mm = model;
        List<String> names = List.of("gradient", "value", "hvp");
        Runnable[] parts = {() -> mm.valueGrad(w, null, null, g), () -> sink += mm.value(w, null, null), () -> {
            mm.valueGrad(w, null, null, g); // keeps the probabilities at w; not counted
        }};
        Runnable hvp = () -> mm.hvp(w, null, null, v, h);
        for (int r = 0; r < warm; r++) {
            for (Runnable p : parts) p.run();
            hvp.run();
        }
        System.out.printf("kernel %s, threads %d, flush %s, lanesFlush %s%n", model.kernel(), RowBlocks.threads(), System.getProperty("bilevel4j.floatFlushRows", "-"),
                System.getProperty("bilevel4j.lanesFlushRows", "-"));
        long tid = Thread.currentThread().getId();
        for (int o = 0; o < 3; o++) {
            Runnable pass = o == 2 ? hvp : parts[o];
            if (o == 2) parts[2].run();
            double[] ms = new double[passes];
            long a0 = T.getThreadAllocatedBytes(tid), f0 = minorFaults();
            for (int r = 0; r < passes; r++) {
                long t0 = T.getCurrentThreadCpuTime();
                pass.run();
                ms[r] = (T.getCurrentThreadCpuTime() - t0) / 1e6;
            }
            long a1 = T.getThreadAllocatedBytes(tid), f1 = minorFaults();
            double min = Double.MAX_VALUE, sum = 0;
            for (double x : ms) min = Math.min(min, x);
            int slow = 0;
            for (double x : ms) {
                if (x > 1.5 * min) slow++;
                sum += x;
            }
            System.out.printf("%-8s alloc %8.0f B/pass  faults %7.2f /pass  cpu min %6.3f mean %6.3f ms  slow passes %d/%d%n", names.get(o),
                    (a1 - a0) / (double) passes, (f1 - f0) / (double) passes, min, sum / passes, slow, passes);
        }
        double[] gd = new double[dbl.dim()];
        mm.valueGrad(w, null, null, g);
        dbl.valueGrad(w, null, null, gd);
        double diff = 0, norm = 0;
        for (int j = 0; j < g.length; j++) {
            diff = Math.max(diff, Math.abs(g[j] - gd[j]));
            norm = Math.max(norm, Math.abs(gd[j]));
        }
        System.out.printf("gradient vs double: %.3g (max-norm relative)%n", diff / norm);
    }
}
