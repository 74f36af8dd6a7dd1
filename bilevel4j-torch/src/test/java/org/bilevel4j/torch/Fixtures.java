package org.bilevel4j.torch;

import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.torch.nets.Network;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Small network problems for the tests: x = per-sample log weights w (σ(w_i) on the training losses) and one log
 * decay d (e^d/2 ||y||² in G); F = validation cross-entropy + 0.1 mean σ(w) ||y||² / dim y (a coupling so that the
 * outer cross derivative is not zero).
 */
final class Fixtures {
    private Fixtures() {}

    /** Random inputs of shape (n, rest...) and labels in [0, classes). */
    record Data(Tensor inputs, Tensor labels, int n) {}

    static Data data(TorchSetup setup, int n, int classes, long seed, long... rest) {
        SplittableRandom r = new SplittableRandom(seed);
        long per = 1;
        for (long s : rest) per *= s;
        double[] v = new double[(int) (n * per)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(classes);
        long[] shape = new long[rest.length + 1];
        shape[0] = n;
        System.arraycopy(rest, 0, shape, 1, rest.length);
        return new Data(setup.tensor(v, shape), TorchSetup.longs(y), n);
    }

    static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return torch.nll_loss(torch.log_softmax(logits, 1), labels, new TensorOptional(), 0, -100); // per sample (reduction none)
    }

    static TorchProblem problem(String name, Network net, TorchSetup setup, Data train, Data val, long seed) {
        return problem(name, net, setup, train, val, seed, false);
    }

    /** {@code decide}: the problem decides oneDNN for its network ({@link OneDnn#decide}), as the tasks' problems do. */
    static TorchProblem problem(String name, Network net, TorchSetup setup, Data train, Data val, long seed, boolean decide) {
        ParamShapes xs = new ParamShapes().add("w", train.n()).add("d", 1);
        double[] x0 = new double[xs.size()];
        SplittableRandom r = new SplittableRandom(seed + 7);
        for (int i = 0; i < x0.length; i++) x0[i] = 0.5 * r.nextGaussian();
        int dimY = net.shapes().size();
        Loss inner = (x, y, b) -> {
            Tensor ce = crossEntropy(net.forward(y, b.rows(train.inputs()), b.training()), b.rows(train.labels()));
            Tensor w = x.get("w").index_select(0, b.index()).sigmoid();
            return w.mul(ce).mean().add(x.get("d").exp().mul(y.flat().square().sum()).mul(new org.bytedeco.pytorch.Scalar(0.5)).sum());
        };
        Loss outer = (x, y, b) -> {
            Tensor ce = crossEntropy(net.forward(y, b.rows(val.inputs()), b.training()), b.rows(val.labels())).mean();
            Tensor c = x.get("w").sigmoid().mean().mul(y.flat().square().sum()).mul(new org.bytedeco.pytorch.Scalar(0.1 / dimY));
            return ce.add(c);
        };
        TorchProblem.Builder b = TorchProblem.builder(name, setup);
        if (decide) b.network(net);
        return b.x(xs, x0).y(net.shapes(), net.init(seed)).inner(inner, train.n()).outer(outer, val.n())
                .evaluation((x, y) -> Map.of("valLoss", crossEntropy(net.forward(y, val.inputs(), true), val.labels()).mean().item_double()))
                .build();
    }
}
