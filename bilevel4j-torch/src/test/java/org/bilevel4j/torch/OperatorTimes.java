package org.bilevel4j.torch;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bilevel4j.torch.nets.Conv4;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Test-scope main, not a test: each operator of the inner gradient of conv-4 w64 on 25 images 28×28 (bench
 * torch-speed's conv-4, SampleWeighting's G) timed alone at the shapes it sees there, forward and backward (one retained
 * graph, backward repeated), median ms over the repetitions; then the whole loss as a raw chain of the same calls and
 * through {@link Conv4} (our Params views and batch norms), whose difference from the sum is the Java side's own cost.
 * The same operators, inputs and order as {@code src/test/python/operator_times.py}, which prints the same table.
 * Usage: {@code java -cp ... org.bilevel4j.torch.OperatorTimes THREADS REPS on|off} (oneDNN on or off).
 */
public final class OperatorTimes {
    private OperatorTimes() {}

    interface Op { Tensor apply(Tensor[] in); }

    record Case(String name, Tensor[] in, Op op) {}

    private static final TorchSetup S = TorchSetup.floats();
    private static final SplittableRandom R = new SplittableRandom(7);
    /** Untimed calls before the timed ones (the JIT compiles the Java side's code in these). */
    private static final int WARMUP = 20;
    private static final long[] ONE = {1, 1}, TWO = {2, 2}, ZERO = {0, 0};

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]), reps = Integer.parseInt(args[1]);
        Torch.threads(threads);
        torch.globalContext().setUserEnabledMkldnn(args[2].equals("on"));
        System.out.printf(Locale.ROOT, "# java libtorch %s, %d threads, oneDNN %s, load %.2f%n", "2.7.1", threads, Torch.oneDnnEnabled(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<Case> cases = new ArrayList<>();
        int n = 25, w = 64;
        long[] sizes = {28, 14, 7, 3};
        for (int i = 0; i < 4; i++) {
            long s = sizes[i], cin = i == 0 ? 1 : w;
            cases.add(new Case("conv" + i, new Tensor[] {leaf(i > 0, n, cin, s, s), leaf(true, w, cin, 3, 3), leaf(true, w)},
                    in -> torch.conv2d(in[0], in[1], new TensorOptional(in[2]), ONE, ONE, ONE, 1)));
            cases.add(new Case("bn" + i, new Tensor[] {leaf(true, n, w, s, s), leaf(true, w), leaf(true, w)},
                    in -> torch.batch_norm(in[0], new TensorOptional(in[1]), new TensorOptional(in[2]), new TensorOptional(), new TensorOptional(), true, 0.1, 1e-5, false)));
            cases.add(new Case("relu" + i, new Tensor[] {leaf(true, n, w, s, s)}, in -> torch.relu(in[0])));
            cases.add(new Case("pool" + i, new Tensor[] {leaf(true, n, w, s, s)}, in -> torch.max_pool2d(in[0], TWO, TWO, ZERO, ONE, false)));
        }
        cases.add(new Case("linear", new Tensor[] {leaf(true, n, w), leaf(true, 5, w), leaf(true, 5)}, in -> torch.linear(in[0], in[1], new TensorOptional(in[2]))));
        Tensor labels = labels(n);
        cases.add(new Case("ce+weight", new Tensor[] {leaf(true, n, 5), leaf(true, n)},
                in -> in[1].sigmoid().mul(torch.nll_loss(torch.log_softmax(in[0], 1), labels, new TensorOptional(), 0, -100)).mean()));
        Tensor images = leaf(false, n, 1, 28, 28);
        Conv4 net = new Conv4(1, 28, w, 5);
        Tensor[] params = new Tensor[18];
        for (int i = 0; i < 4; i++) {
            long cin = i == 0 ? 1 : w;
            params[4 * i] = leaf(true, w, cin, 3, 3);
            for (int k = 1; k < 4; k++) params[4 * i + k] = leaf(true, w);
        }
        params[16] = leaf(true, 5, w);
        params[17] = leaf(true, 5);
        Tensor[] chainIn = new Tensor[19];
        System.arraycopy(params, 0, chainIn, 0, 18);
        chainIn[18] = leaf(true, n);
        cases.add(new Case("net (raw chain)", chainIn, in -> {
            Tensor h = images;
            for (int i = 0; i < 4; i++) {
                h = torch.conv2d(h, in[4 * i], new TensorOptional(in[4 * i + 1]), ONE, ONE, ONE, 1);
                h = torch.relu(torch.batch_norm(h, new TensorOptional(in[4 * i + 2]), new TensorOptional(in[4 * i + 3]), new TensorOptional(), new TensorOptional(), true, 0.1, 1e-5, false));
                h = torch.max_pool2d(h, TWO, TWO, ZERO, ONE, false);
            }
            Tensor logits = torch.linear(torch.flatten(h, 1, -1), in[16], new TensorOptional(in[17]));
            return in[18].sigmoid().mul(torch.nll_loss(torch.log_softmax(logits, 1), labels, new TensorOptional(), 0, -100)).mean();
        }));
        Tensor flat = leaf(true, net.shapes().size());
        cases.add(new Case("net (Conv4, Params)", new Tensor[] {flat, chainIn[18]}, in -> {
            Tensor logits = net.forward(new Params(net.shapes(), in[0]), images, true);
            return in[1].sigmoid().mul(torch.nll_loss(torch.log_softmax(logits, 1), labels, new TensorOptional(), 0, -100)).mean();
        }));
        double[] sum = new double[4];
        System.out.printf(Locale.ROOT, "%-22s %8s %8s %8s %8s%n", "# op", "fwd", "bwd", "fwd cpu", "bwd cpu");
        for (Case c : cases) {
            double[] t = time(c, reps);
            if (!c.name().startsWith("net")) for (int k = 0; k < 4; k++) sum[k] += t[k];
            else if (c.name().contains("raw")) row("sum of ops", sum);
            row(c.name(), t);
        }
    }

    /**
     * Median ms of the forward alone and of the backward alone (through one retained graph), each freed as it goes:
     * wall, then the calling thread's CPU (all of the work at 1 thread, and not inflated by other processes' load).
     */
    static double[] time(Case c, int reps) {
        double[] f = new double[reps], b = new double[reps], fc = new double[reps], bc = new double[reps];
        for (int i = -WARMUP; i < reps; i++) {
            long t0 = System.nanoTime(), c0 = GradientPhases.tcpu();
            try (PointerScope scope = new PointerScope()) {
                c.op().apply(c.in());
            }
            if (i >= 0) {
                f[i] = (System.nanoTime() - t0) * 1e-6;
                fc[i] = (GradientPhases.tcpu() - c0) * 1e-6;
            }
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor out = c.op().apply(c.in());
            Tensor gOut = leaf(false, out.sizes().vec().get());
            TensorVector wrt = new TensorVector();
            for (Tensor t : c.in()) if (t.requires_grad()) wrt.push_back(t);
            for (int i = -WARMUP; i < reps; i++) {
                long t0 = System.nanoTime(), c0 = GradientPhases.tcpu();
                try (PointerScope inner = new PointerScope()) {
                    torch.grad(new TensorVector(out), wrt, new TensorVector(gOut), new BoolOptional(true), false, true);
                }
                if (i >= 0) {
                    b[i] = (System.nanoTime() - t0) * 1e-6;
                    bc[i] = (GradientPhases.tcpu() - c0) * 1e-6;
                }
            }
        }
        return new double[] {GradientPhases.med(f), GradientPhases.med(b), GradientPhases.med(fc), GradientPhases.med(bc)};
    }

    static void row(String name, double[] t) {
        System.out.printf(Locale.ROOT, "%-22s %8.3f %8.3f %8.3f %8.3f%n", name, t[0], t[1], t[2], t[3]);
    }

    /** A float32 tensor of standard normal values (Java's stream, so both sides need not agree on them). */
    static Tensor leaf(boolean grad, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = R.nextGaussian();
        Tensor t = S.tensor(v, shape).clone();
        t.requires_grad_(grad);
        t.retainReference();
        return t;
    }

    static Tensor labels(int n) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = i % 5;
        Tensor t = TorchSetup.longs(l);
        t.retainReference();
        return t;
    }
}
