package org.bilevel4j.torch;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.torch.nets.Network;
import org.bilevel4j.torch.nets.ResNet;
import org.bilevel4j.torch.tasks.SampleWeighting;
import org.bilevel4j.vec.Vec;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Test-scope main, not a test: the inner gradient of bench torch-speed's networks (SampleWeighting's G on conv-4 w64,
 * 25 images 28×28, or ResNet-18, batch 128 of 32×32×3), timed through {@link TorchProblem#innerGradY} and split into
 * its phases (copy in, forward, backward, copy out), wall and process CPU time, median of the repetitions.
 * Usage (from the repository root, after test-compile):
 * {@code java -cp ... org.bilevel4j.torch.GradientPhases conv4|resnet18 THREADS REPS}
 */
public final class GradientPhases {
    private GradientPhases() {}

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "conv4";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1, reps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Torch.threads(threads);
        boolean res = model.startsWith("resnet");
        Network net = res ? ResNet.resnet18(3, 10) : new Conv4(1, 28, 64, 5);
        int batch = res ? 128 : 25, ch = res ? 3 : 1, size = res ? 32 : 28, classes = res ? 10 : 5;
        TorchSetup s = TorchSetup.floats();
        SplittableRandom r = new SplittableRandom(1);
        double[] img = new double[batch * ch * size * size];
        for (int i = 0; i < img.length; i++) img[i] = r.nextGaussian();
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % classes;
        SampleWeighting.Part part = new SampleWeighting.Part(s.tensor(img, batch, ch, size, size), TorchSetup.longs(labels), batch);
        TorchProblem p = SampleWeighting.problem(model, net, part, part, s, 1);
        Vec x = p.initialX(), y = p.initialY();
        System.out.printf(Locale.ROOT, "%s, %d threads, oneDNN %s, load %.2f, dim y %d%n", model, threads, Torch.oneDnnEnabled(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), p.dimY());
        if (args.length > 3 && args[3].equals("copy")) {
            copies(p, x, y, reps);
            return;
        }
        if (args.length > 3 && args[3].equals("alternate")) {
            alternate(p, x, y, threads, reps);
            return;
        }
        for (int round = 0; round < 2; round++) {
            double[][] t = new double[11][reps];
            for (int i = -1; i < reps; i++) {
                Vec.array(y)[0] += 1e-6;
                long f0 = minorFaults(), w0 = System.nanoTime(), c0 = cpu();
                p.innerGradY(x, y);
                long w1 = System.nanoTime(), c1 = cpu(), f1 = minorFaults();
                Vec.array(y)[0] += 1e-6;
                long[] ph = phases(p, x, y);
                if (i < 0) continue;
                t[0][i] = (w1 - w0) * 1e-6;
                t[1][i] = (c1 - c0) * 1e-6;
                for (int k = 0; k < 8; k++) t[2 + k][i] = ph[k] * 1e-6;
                t[10][i] = f1 - f0;
            }
            System.out.printf(Locale.ROOT, "  innerGradY: page faults %.0f, wall %.1f cpu %.1f | phases wall/cpu: in %.1f/%.1f forward %.1f/%.1f backward %.1f/%.1f out %.1f/%.1f%n",
                    med(t[10]), med(t[0]), med(t[1]), med(t[2]), med(t[3]), med(t[4]), med(t[5]), med(t[6]), med(t[7]), med(t[8]), med(t[9]));
        }
    }

    /**
     * innerGradY at 1 thread and at {@code threads}, alternating call by call in this process (both see the same load):
     * median and min wall ms and median process CPU ms of each, and the 1-thread call's phases (thread CPU).
     */
    static void alternate(TorchProblem p, Vec x, Vec y, int threads, int reps) {
        double[][] t = new double[4][reps];
        for (int i = -1; i < reps; i++)
            for (int k = 0; k < 2; k++) {
                Torch.threads(k == 0 ? 1 : threads);
                Vec.array(y)[0] += 1e-6;
                long w0 = System.nanoTime(), c0 = cpu();
                p.innerGradY(x, y);
                long w1 = System.nanoTime(), c1 = cpu();
                if (i < 0) continue;
                t[2 * k][i] = (w1 - w0) * 1e-6;
                t[2 * k + 1][i] = (c1 - c0) * 1e-6;
            }
        System.out.printf(Locale.ROOT, "  java gradient: 1 thread wall %.1f (min %.1f) cpu %.1f | %d threads wall %.1f (min %.1f) cpu %.1f | wall %d/1 %.2f%n",
                med(t[0]), min(t[0]), med(t[1]), threads, med(t[2]), min(t[2]), med(t[3]), threads, med(t[2]) / med(t[0]));
    }

    static double min(double[] a) { return Arrays.stream(a).min().orElse(Double.NaN); }

    /**
     * {@link TorchProblem#copies} (what bench torch-speed reports as the copy) per call, and its steps alone: y into its
     * leaf, the leaf read out as doubles, the memo's copy of y; wall ms, and the collectors' ms during the call.
     */
    static void copies(TorchProblem p, Vec x, Vec y, int reps) {
        TorchProblem.Spec spec = p.spec();
        double[][] t = new double[5][reps];
        double[] keep = null;
        for (int i = -1; i < reps; i++) {
            Vec.array(y)[0] += 1e-6;
            long g0 = gcMs(), w0 = tcpu();
            p.copies(x, y);
            long w1 = tcpu(), g1 = gcMs();
            double[] out;
            long w2, w3, w4;
            synchronized (spec.graph()) {
                try (PointerScope scope = new PointerScope()) {
                    Tensor yt = spec.leaves().write(spec.setup(), Leaves.Role.Y, Vec.array(y), true);
                    w2 = tcpu();
                    out = TorchSetup.read(yt, p.dimY());
                    w3 = tcpu();
                    keep = KeptCopy.of(keep, y);
                    w4 = tcpu();
                }
            }
            if (out[0] != (float) Vec.array(y)[0]) throw new AssertionError("read back " + out[0]);
            if (i < 0) continue;
            t[0][i] = (w1 - w0) * 1e-6;
            t[1][i] = g1 - g0;
            t[2][i] = (w2 - w1) * 1e-6;
            t[3][i] = (w3 - w2) * 1e-6;
            t[4][i] = (w4 - w3) * 1e-6;
            System.out.printf(Locale.ROOT, "  copies (thread CPU) %.1f ms (gc %.0f) | y in %.1f, y out %.1f, kept copy %.1f%n", t[0][i], t[1][i], t[2][i], t[3][i], t[4][i]);
        }
        System.out.printf(Locale.ROOT, "  median: copies %.1f ms | y in %.1f, y out %.1f, kept copy %.1f%n", med(t[0]), med(t[2]), med(t[3]), med(t[4]));
    }

    /** CPU time of the calling thread (all of an oracle's work at 1 libtorch thread; exact under load). */
    static long tcpu() { return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); }

    static long gcMs() {
        long s = 0;
        for (var b : ManagementFactory.getGarbageCollectorMXBeans()) s += Math.max(0, b.getCollectionTime());
        return s;
    }

    /** The gradient oracle's steps, each timed: (wall, cpu) nanoseconds of copy in, forward, backward, copy out. */
    static long[] phases(TorchProblem p, Vec x, Vec y) {
        TorchProblem.Spec spec = p.spec();
        long[] out = new long[8];
        synchronized (spec.graph()) {
            OneDnn.apply(spec.oneDnn());
            try (PointerScope scope = new PointerScope()) {
                long w0 = System.nanoTime(), c0 = tcpu();
                Tensor xt = spec.leaves().write(spec.setup(), Leaves.Role.X, Vec.array(x), true);
                Tensor yt = spec.leaves().write(spec.setup(), Leaves.Role.Y, Vec.array(y), true);
                long w1 = System.nanoTime(), c1 = tcpu();
                Tensor l = spec.inner().value(new Params(spec.xShapes(), xt), new Params(spec.yShapes(), yt),
                        new Batch(Batches.all(spec.innerSamples()), true, true));
                long w2 = System.nanoTime(), c2 = tcpu();
                TensorVector g = torch.grad(new TensorVector(l), new TensorVector(xt, yt), new TensorVector(), new BoolOptional(false), false, true);
                long w3 = System.nanoTime(), c3 = tcpu();
                double[] gx = TorchSetup.read(g.get(0), p.dimX()), gy = TorchSetup.read(g.get(1), p.dimY());
                long w4 = System.nanoTime(), c4 = tcpu();
                if (gx.length + gy.length < 0) throw new AssertionError();
                long[] v = {w1 - w0, c1 - c0, w2 - w1, c2 - c1, w3 - w2, c3 - c2, w4 - w3, c4 - c3};
                System.arraycopy(v, 0, out, 0, 8);
            }
        }
        return out;
    }

    /** Minor page faults of this process so far (/proc/self/stat, field 10). */
    static long minorFaults() {
        try {
            String st = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            return Long.parseLong(st.substring(st.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    static long cpu() { return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(); }

    static double med(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
