package org.bilevel4j.torch.nets;

import java.util.ArrayList;
import java.util.List;
import org.bilevel4j.torch.Params;
import org.bilevel4j.torch.TorchSetup;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The batch-norm layers of one network. Training: each batch normalized with its own mean and (biased) variance, and
 * nothing else updated, so an oracle is a pure function of (x, y, batch) — HVPs and finite differences included.
 * Evaluation: the statistics frozen by the last {@link #record} pass (the whole training data, say), as Java arrays.
 */
final class BatchNorms {
    static final double EPS = 1e-5;
    private final List<double[]> means = new ArrayList<>(), vars = new ArrayList<>();
    private boolean recording;
    private int layer;

    /** Starts a forward pass (layers are numbered in call order). */
    void begin(boolean record) {
        layer = 0;
        recording = record;
        if (record) {
            means.clear();
            vars.clear();
        }
    }

    /** Batch norm over channels (dimension 1) of h, with scale p[name.gamma] and shift p[name.beta]. */
    Tensor apply(Params p, String name, Tensor h, boolean training) {
        Tensor g = p.get(name + ".gamma"), b = p.get(name + ".beta");
        int l = layer++;
        if (recording) {
            long[] dims = {0, 2, 3};
            Tensor m = h.mean(dims, false, new org.bytedeco.pytorch.ScalarTypeOptional());
            Tensor v = h.sub(m.view(1, -1, 1, 1)).square().mean(dims, false, new org.bytedeco.pytorch.ScalarTypeOptional());
            means.add(TorchSetup.read(m, (int) m.numel()));
            vars.add(TorchSetup.read(v, (int) v.numel()));
        }
        if (training || recording)
            return torch.batch_norm(h, new TensorOptional(g), new TensorOptional(b), new TensorOptional(), new TensorOptional(), true, 0.1, EPS, false);
        if (l >= means.size()) throw new IllegalStateException("batch-norm statistics are not frozen: call Network.freeze before evaluating");
        Tensor m = like(means.get(l), h), v = like(vars.get(l), h);
        return torch.batch_norm(h, new TensorOptional(g), new TensorOptional(b), new TensorOptional(m), new TensorOptional(v), false, 0.1, EPS, false);
    }

    private static Tensor like(double[] a, Tensor h) {
        return torch.from_blob(new DoublePointer(a), new long[] {a.length}, new TensorOptions(ScalarType.Double)).to(h.scalar_type());
    }
}
