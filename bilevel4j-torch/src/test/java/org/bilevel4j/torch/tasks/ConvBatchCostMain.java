package org.bilevel4j.torch.tasks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bilevel4j.torch.OneDnn;
import org.bilevel4j.torch.Params;
import org.bilevel4j.torch.Torch;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.torch.nets.Conv4;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Not a test: conv-4 width 32 on 28×28 images, forward + backward to the parameters, per image, against the batch
 * size, with the process's minor page faults per call (from /proc/self/stat). Arguments: batch sizes (comma
 * separated), repetitions.
 */
public final class ConvBatchCostMain {
    private ConvBatchCostMain() {}

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "240,320,334,335,400,640").split(",")).mapToInt(Integer::parseInt).toArray();
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Torch.load();
        Conv4 net = new Conv4(1, 28, 32, 0);
        OneDnn.decide(net);
        double[] x = net.init(0);
        TorchSetup t = TorchSetup.floats();
        for (int n : sizes) {
            float[] img = new float[n * 28 * 28];
            SplittableRandom r = new SplittableRandom(n);
            for (int i = 0; i < img.length; i++) img[i] = (float) r.nextDouble();
            Runnable fwdBwd = () -> {
                try (PointerScope scope = new PointerScope()) {
                    Tensor xt = t.vector(x).requires_grad_(true);
                    Tensor f = net.forward(new Params(net.shapes(), xt), FewShotProblem.images(t, img, n, 28), true);
                    Tensor g = torch.grad(new TensorVector(f.square().sum()), new TensorVector(xt), new TensorVector(), new BoolOptional(false), false, false).get(0);
                    TorchSetup.read(g, x.length);
                }
            };
            Runnable fwd = () -> {
                try (PointerScope scope = new PointerScope()) {
                    Tensor xt = t.vector(x);
                    TorchSetup.read(net.forward(new Params(net.shapes(), xt), FewShotProblem.images(t, img, n, 28), true), n * net.features());
                }
            };
            measure("forward", n, reps, fwd);
            measure("forward+backward", n, reps, fwdBwd);
        }
    }

    static void measure(String what, int n, int reps, Runnable r) throws Exception {
        r.run();
        double[] wall = new double[reps];
        long c0 = FewShotCostMain.cpu(), f0 = minorFaults();
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            r.run();
            wall[i] = (System.nanoTime() - s) / 1e6;
        }
        double cpu = (FewShotCostMain.cpu() - c0) / 1e6 / reps, faults = (minorFaults() - f0) / (double) reps;
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "batch %4d %-17s min %7.1f ms median %7.1f  cpu/call %7.1f ms  cpu/image %.3f ms  minor faults/call %.0f%n", n, what,
                wall[0], wall[reps / 2], cpu, cpu / n, faults);
    }

    static long minorFaults() throws Exception {
        String s = Files.readString(Path.of("/proc/self/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[7]); // field 10 of stat: minflt
    }
}
