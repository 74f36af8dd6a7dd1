package org.bilevel4j.torch.tasks;

import java.lang.ref.SoftReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.MnistLike;
import org.bilevel4j.problem.Box;
import org.bilevel4j.solver.Options;
import org.bilevel4j.torch.Loss;
import org.bilevel4j.torch.ParamShapes;
import org.bilevel4j.torch.Params;
import org.bilevel4j.torch.TorchProblem;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.torch.nets.Layers;
import org.bilevel4j.torch.nets.Network;
import org.bilevel4j.torch.nets.ResNet;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * {@code layerdecay} (MinimaxOPT §4.2): one weight decay e^{x_l} per layer l of a residual network,
 * <pre>
 *   G(x, y; B) = (1/|B|) Σ_{i∈B} CE(net_y(a_i), b_i) + ½ Σ_l e^{x_l} ‖W_l‖²      (W_l the weight of layer l, {@link Layers})
 *   F(x, y; B) = (1/|B|) Σ_{i∈B} CE(net_y(a_i), b_i) over validation samples
 * </pre>
 * so ∂G/∂x_l = ½ e^{x_l} ‖W_l‖² and ∇²_{x_l y} G·v = e^{x_l} ⟨W_l, v_l⟩. x has one entry per layer, named after it
 * ({@code p.xShapes()}: stem, s0b0.c1, ..., fc). Data: Fashion-MNIST padded to 32×32 and standardized, a seeded
 * training subset split 90/10 into train and validation, test accuracy on (the first {@code testSamples} of) the
 * test set with batch norm frozen to the training part's statistics; or {@code dataset=synthetic}, noisy class
 * templates, for tests.
 */
public final class LayerDecay {
    private LayerDecay() {}

    /** Fashion-MNIST's pixel mean and standard deviation (on [0, 1]). */
    static final double MEAN = 0.2860, STD = 0.3530;

    /** ln(5e-4): the usual weight decay 5e-4 of ResNets (MinimaxOPT §4.2's initial value is not legible in our copy). */
    static final double DEFAULT_LOG_DECAY = -7.6;

    private static SoftReference<MnistLike.TrainTest> fashion = new SoftReference<>(null);

    /**
     * The catalog entry's problem from its options: the torch problem of {@link #problem}, in float32 behind
     * {@link RecomputeNonFinite} (libtorch's oneDNN fault).
     */
    public static org.bilevel4j.problem.BilevelProblem create(Options o, long seed) {
        String dataset = o.choice("dataset", "fashion-mnist", "fashion-mnist (fetched on first use) or synthetic (noisy class templates, for tests)",
                "fashion-mnist", "synthetic");
        String netName = o.choice("net", "small", "small: ResNet-(6n+2) of base width w (width, blocks = n); resnet18: ResNet-18 (widths 64-512)",
                "small", "resnet18");
        int width = o.getInt("width", 8, 1, "net=small: base width w (widths w, 2w, 4w; MinimaxOPT used 16 with ResNet-18)");
        int blocks = o.getInt("blocks", 1, 1, "net=small: basic blocks per stage n (1: ResNet-8, 3: ResNet-20)");
        int subset = o.getInt("subset", 2000, 10, "training samples used (split 90/10 into train and validation; 60000 = all of Fashion-MNIST)");
        int testSamples = o.getInt("testSamples", 2000, 1, "test samples of the test accuracy (the first N of the test set; 10000 = all)");
        int size = o.getInt("imageSize", 32, 8, "dataset=synthetic: image side (Fashion-MNIST is always padded to 32)");
        double x0 = o.getDouble("initialLogDecay", DEFAULT_LOG_DECAY, "initial x_l = ln(weight decay) of every layer (default ln 5e-4)");
        double lo = o.getDouble("minLogDecay", -20, "lower bound of x_l"), hi = o.getDouble("maxLogDecay", 2, "upper bound of x_l");
        if (!(lo < hi) || x0 < lo || x0 > hi)
            throw new IllegalArgumentException("layerdecay needs minLogDecay < maxLogDecay and initialLogDecay between them, got " + lo + ", " + hi + ", " + x0);
        TorchSetup setup = TorchSetup.from(o);
        Network net = netName.equals("resnet18") ? ResNet.resnet18(1, 10) : ResNet.small(1, 10, width, blocks);
        SampleWeighting.Part[] parts = dataset.equals("synthetic") ? synthetic(subset, testSamples, size, seed, setup)
                : fashionMnist(subset, testSamples, seed, setup);
        TorchProblem p = problem(net, parts[0], parts[1], parts[2], x0, lo, hi, setup, seed);
        return setup.doublePrecision() ? p : new RecomputeNonFinite(p);
    }

    /** The torch problem of a {@link #create}d one. */
    public static TorchProblem torch(org.bilevel4j.problem.BilevelProblem p) {
        return p instanceof RecomputeNonFinite r ? (TorchProblem) r.delegate() : (TorchProblem) p;
    }

    /** The problem on given parts (inputs N × C × H × W), x_l = x0 for every layer, x in [lo, hi]. */
    public static TorchProblem problem(Network net, SampleWeighting.Part train, SampleWeighting.Part val, SampleWeighting.Part test,
                                       double x0, double lo, double hi, TorchSetup setup, long seed) {
        Layers layers = Layers.of(net.shapes());
        ParamShapes xs = new ParamShapes();
        for (String n : layers.names()) xs.add(n, 1);
        Loss inner = (x, y, b) -> SampleWeighting.crossEntropy(net.forward(y, b.rows(train.inputs()), b.training()), b.rows(train.labels())).mean()
                .add(decay(layers, x, y));
        Loss outer = (x, y, b) -> SampleWeighting.crossEntropy(net.forward(y, b.rows(val.inputs()), b.training()), b.rows(val.labels())).mean();
        double[] start = new double[layers.size()];
        java.util.Arrays.fill(start, x0);
        return TorchProblem.builder("layerdecay", setup).network(net).x(xs, start).y(net.shapes(), net.init(seed))
                .inner(inner, train.n()).outer(outer, val.n()).bounds(Box.uniform(layers.size(), lo, hi))
                .evaluation((x, y) -> {
                    net.freeze(y, train.inputs());
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put("testAccuracy", accuracy(net, y, test));
                    m.put("validationAccuracy", accuracy(net, y, val));
                    m.put("meanLogDecay", x.flat().mean().item_double());
                    return m;
                }).build();
    }

    /** ½ Σ_l e^{x_l} ‖W_l‖². */
    static Tensor decay(Layers layers, Params x, Params y) {
        Tensor total = null;
        for (int l = 0; l < layers.size(); l++) {
            String n = layers.name(l);
            Tensor t = x.get(n).exp().mul(y.get(n + ".w").square().sum());
            total = total == null ? t : total.add(t);
        }
        return total.sum().mul(new Scalar(0.5));
    }

    /** Accuracy with frozen batch norm, in chunks of 500 samples. */
    static double accuracy(Network net, Params y, SampleWeighting.Part part) {
        long correct = 0;
        for (int start = 0; start < part.n(); start += 500) {
            int len = Math.min(500, part.n() - start);
            Tensor pred = net.forward(y, part.inputs().narrow(0, start, len), false).argmax(new LongOptional(1), false);
            correct += pred.eq(part.labels().narrow(0, start, len)).sum().item_long();
        }
        return (double) correct / part.n();
    }

    /** Train, validation and test parts of Fashion-MNIST: a seeded subset of the training images split 90/10. */
    static SampleWeighting.Part[] fashionMnist(int subset, int testSamples, long seed, TorchSetup setup) {
        MnistLike.TrainTest raw = fashion.get();
        if (raw == null) {
            raw = Datasets.load("fashion-mnist", System.err, MnistLike::load);
            fashion = new SoftReference<>(raw);
        }
        int n = raw.train().size();
        if (subset > n) throw new IllegalArgumentException("option subset=" + subset + " exceeds the " + n + " training images of fashion-mnist");
        if (testSamples > raw.test().size())
            throw new IllegalArgumentException("option testSamples=" + testSamples + " exceeds the " + raw.test().size() + " test images of fashion-mnist");
        int[] perm = permutation(n, new SplittableRandom(seed));
        int nTrain = (int) Math.round(0.9 * subset);
        if (nTrain < 1 || nTrain >= subset) throw new IllegalArgumentException("option subset=" + subset + " leaves no validation samples");
        return new SampleWeighting.Part[] {padded(raw.train(), java.util.Arrays.copyOfRange(perm, 0, nTrain), setup),
                padded(raw.train(), java.util.Arrays.copyOfRange(perm, nTrain, subset), setup),
                padded(raw.test(), org.bilevel4j.problem.Batches.all(testSamples), setup)};
    }

    /** The rows idx of 28×28 images, zero-padded by 2 on each side to 32×32, standardized: a tensor N × 1 × 32 × 32. */
    static SampleWeighting.Part padded(LabeledData d, int[] idx, TorchSetup setup) {
        DenseMatrix m = (DenseMatrix) d.x();
        if (m.cols() != 28 * 28) throw new IllegalArgumentException("expected 28x28 images, got " + m.cols() + " pixels");
        double[] v = new double[idx.length * 32 * 32];
        java.util.Arrays.fill(v, (0 - MEAN) / STD);
        int[] labels = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            int i = idx[k];
            labels[k] = d.labels()[i];
            for (int r = 0; r < 28; r++)
                for (int c = 0; c < 28; c++) v[k * 1024 + (r + 2) * 32 + c + 2] = (m.values()[i * 784 + r * 28 + c] - MEAN) / STD;
        }
        return new SampleWeighting.Part(setup.tensor(v, idx.length, 1, 32, 32), TorchSetup.longs(labels), idx.length);
    }

    /** Noisy class templates: image = template of its class + N(0, 1) noise, 10 classes; 90/10 split of {@code subset}. */
    static SampleWeighting.Part[] synthetic(int subset, int testSamples, int size, long seed, TorchSetup setup) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x1a7e5L);
        int pixels = size * size;
        double[][] templates = new double[10][pixels];
        for (double[] t : templates) for (int i = 0; i < pixels; i++) t[i] = r.nextGaussian();
        int nTrain = (int) Math.round(0.9 * subset);
        if (nTrain < 1 || nTrain >= subset) throw new IllegalArgumentException("option subset=" + subset + " leaves no validation samples");
        int[] counts = {nTrain, subset - nTrain, testSamples};
        SampleWeighting.Part[] out = new SampleWeighting.Part[3];
        for (int p = 0; p < 3; p++) {
            int n = counts[p];
            double[] v = new double[n * pixels];
            int[] labels = new int[n];
            for (int k = 0; k < n; k++) {
                labels[k] = r.nextInt(10);
                for (int i = 0; i < pixels; i++) v[k * pixels + i] = templates[labels[k]][i] + 1.5 * r.nextGaussian();
            }
            out[p] = new SampleWeighting.Part(setup.tensor(v, n, 1, size, size), TorchSetup.longs(labels), n);
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] a = org.bilevel4j.problem.Batches.all(n);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
