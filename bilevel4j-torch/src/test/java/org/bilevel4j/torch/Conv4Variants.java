package org.bilevel4j.torch;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.bilevel4j.torch.nets.Conv4;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Test-scope main, not a test: A/B of ways to write conv-4 w64's forward (25 images 28×28, batch norm on batch
 * statistics), timed as SampleWeighting's inner gradient (forward and backward with respect to y and x), the variants
 * alternating call by call in one process: median thread CPU ms at 1 thread, median wall ms at THREADS; and each
 * variant's gradient against {@link Conv4}'s, and at THREADS against 1 thread (max |difference| over max |gradient|; 0 =
 * the same bits).
 * Usage: {@code java -cp ... org.bilevel4j.torch.Conv4Variants THREADS REPS}
 */
public final class Conv4Variants {
    private Conv4Variants() {}

    private static final long[] ONE = {1, 1}, TWO = {2, 2}, ZERO = {0, 0};

    record Variant(String name, BiFunction<Params, Tensor, Tensor> logits) {}

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]), reps = Integer.parseInt(args[1]);
        Torch.load();
        int n = 25, w = 64;
        Conv4 net = new Conv4(1, 28, w, 5);
        OneDnn.decide(net);
        TorchSetup s = TorchSetup.floats();
        SplittableRandom r = new SplittableRandom(1);
        double[] img = new double[n * 28 * 28];
        for (int i = 0; i < img.length; i++) img[i] = r.nextGaussian();
        Tensor images = s.tensor(img, n, 1, 28, 28);
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = i % 5;
        Tensor labels = TorchSetup.longs(l);
        Tensor y = s.vector(net.init(0)).requires_grad_(true), x = s.vector(new double[n]).requires_grad_(true);
        List<Variant> vs = new ArrayList<>();
        vs.add(new Variant("conv bn relu pool", (p, a) -> chain(p, a, Form.RELU_POOL, false)));
        vs.add(new Variant("Conv4", (p, a) -> net.forward(p, a, true)));
        vs.add(new Variant("conv bn pool relu", (p, a) -> chain(p, a, Form.POOL_RELU, false)));
        vs.add(new Variant("conv bn relu_ pool", (p, a) -> chain(p, a, Form.INPLACE_RELU_POOL, false)));
        vs.add(new Variant("conv bn pool(CL) relu", (p, a) -> chain(p, a, Form.CL_POOL_RELU, false)));
        vs.add(new Variant("conv bn pool(CL, NCHW grad) relu", (p, a) -> chain(p, a, Form.CL_POOL_NCHW_GRAD, false)));
        vs.add(new Variant("after conv0 all CL", (p, a) -> chain(p, a, Form.ALL_CL, false)));
        vs.add(new Variant("argmax (CL pool) + gather, relu", (p, a) -> chain(p, a, Form.GATHER_RELU, false)));
        vs.add(new Variant("conv0 thnn, pool relu", (p, a) -> chain(p, a, Form.POOL_RELU, true)));
        vs.add(new Variant("conv0 thnn, pool(CL) relu", (p, a) -> chain(p, a, Form.CL_POOL_RELU, true)));
        System.out.printf(Locale.ROOT, "# %d threads, oneDNN %s, load %.2f%n", threads, Torch.oneDnnEnabled(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        double[][] cpu1 = new double[vs.size()][reps], wallT = new double[vs.size()][reps];
        double[][] grads = new double[vs.size()][], gradsT = new double[vs.size()][];
        for (int i = -20; i < reps; i++)
            for (int v = 0; v < vs.size(); v++)
                for (int t : new int[] {1, threads}) {
                    Torch.threads(t);
                    long w0 = System.nanoTime(), c0 = GradientPhases.tcpu();
                    double[] g = gradient(vs.get(v), net, y, x, images, labels);
                    long w1 = System.nanoTime(), c1 = GradientPhases.tcpu();
                    if (t == 1 && grads[v] == null) grads[v] = g;
                    if (t == threads && gradsT[v] == null) gradsT[v] = g;
                    if (i < 0) continue;
                    if (t == 1) cpu1[v][i] = (c1 - c0) * 1e-6;
                    if (t == threads) wallT[v][i] = (w1 - w0) * 1e-6;
                }
        System.out.printf(Locale.ROOT, "%-28s %12s %12s %12s %14s%n", "# variant", "1t cpu ms", threads + "t wall ms", "grad diff", "1t vs " + threads + "t");
        for (int v = 0; v < vs.size(); v++)
            System.out.printf(Locale.ROOT, "%-28s %12.3f %12.3f %12.2e %14.2e%n", vs.get(v).name(), GradientPhases.med(cpu1[v]), GradientPhases.med(wallT[v]),
                    OneDnnCheck.relativeError(grads[v], grads[0]), OneDnnCheck.relativeError(gradsT[v], grads[v]));
    }

    /** What follows each batch norm: ReLU and max-pool in some order, memory format and in-placeness. */
    enum Form { RELU_POOL, POOL_RELU, INPLACE_RELU_POOL, CL_POOL_RELU, CL_POOL_NCHW_GRAD, ALL_CL, GATHER_RELU }

    /** The conv-4 forward written out, with the first convolution as im2col + gemm ({@code thnn_conv2d}) when asked. */
    static Tensor chain(Params p, Tensor a, Form form, boolean thnn0) {
        Tensor h = a;
        for (int i = 0; i < 4; i++) {
            h = thnn0 && i == 0 ? torch.thnn_conv2d(h, p.get("c0.w"), new long[] {3, 3}, new TensorOptional(p.get("c0.b")), ONE, ONE)
                    : torch.conv2d(h, p.get("c" + i + ".w"), new TensorOptional(p.get("c" + i + ".b")), ONE, ONE, ONE, 1);
            h = torch.batch_norm(h, new TensorOptional(p.get("bn" + i + ".gamma")), new TensorOptional(p.get("bn" + i + ".beta")),
                    new TensorOptional(), new TensorOptional(), true, 0.1, 1e-5, false);
            h = switch (form) {
                case RELU_POOL -> torch.max_pool2d(torch.relu(h), TWO, TWO, ZERO, ONE, false);
                case POOL_RELU -> torch.relu(torch.max_pool2d(h, TWO, TWO, ZERO, ONE, false));
                case INPLACE_RELU_POOL -> torch.max_pool2d(h.relu_(), TWO, TWO, ZERO, ONE, false);
                case CL_POOL_RELU -> torch.relu(torch.max_pool2d(h.contiguous(torch.MemoryFormat.ChannelsLast), TWO, TWO, ZERO, ONE, false)).contiguous();
                case CL_POOL_NCHW_GRAD -> { // the two views' backward reshapes the channels-last gradient back to contiguous
                    long[] sz = h.sizes().vec().get();
                    Tensor v = h.view(sz[0], sz[1], sz[2] * sz[3]).view(sz);
                    yield torch.relu(torch.max_pool2d(v.contiguous(torch.MemoryFormat.ChannelsLast), TWO, TWO, ZERO, ONE, false)).contiguous();
                }
                case GATHER_RELU -> { // the windows' argmax from the channels-last pool (no graph), the maxima gathered in NCHW
                    Tensor idx = torch.max_pool2d_with_indices(h.detach().contiguous(torch.MemoryFormat.ChannelsLast), TWO, TWO, ZERO, ONE, false).get1().contiguous();
                    long[] o = idx.sizes().vec().get();
                    yield torch.relu(torch.gather(h.flatten(2, 3), 2, idx.flatten(2, 3)).view(o));
                }
                case ALL_CL -> torch.relu(torch.max_pool2d(h.contiguous(torch.MemoryFormat.ChannelsLast), TWO, TWO, ZERO, ONE, false));
            };
        }
        h = torch.flatten(h, 1, -1);
        return torch.linear(h, p.get("fc.w"), new TensorOptional(p.get("fc.b")));
    }

    static double[] gradient(Variant v, Conv4 net, Tensor y, Tensor x, Tensor images, Tensor labels) {
        try (PointerScope scope = new PointerScope()) {
            Tensor logits = v.logits().apply(new Params(net.shapes(), y), images);
            Tensor loss = x.sigmoid().mul(torch.nll_loss(torch.log_softmax(logits, 1), labels, new TensorOptional(), 0, -100)).mean();
            TensorVector g = torch.grad(new TensorVector(loss), new TensorVector(y, x), new TensorVector(), new BoolOptional(false), false, true);
            return TorchSetup.read(g.get(0), (int) y.numel());
        }
    }
}
