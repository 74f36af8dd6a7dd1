package org.bilevel4j.torch.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Features;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.problem.Box;
import org.bilevel4j.torch.Loss;
import org.bilevel4j.torch.ParamShapes;
import org.bilevel4j.torch.Params;
import org.bilevel4j.torch.TorchProblem;
import org.bilevel4j.torch.TorchSetup;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * The logistic tasks {@code hyperclean} and {@code weightdecay} written as torch networks, with the analytic model's
 * parameter layout (class-major W, m outputs × (features + bias), the bias in the last column; m = 1 for two classes
 * under weightdecay's binary model), so that the two backends take the same x and y and can be compared call by call.
 */
public final class LogisticTorch {
    private LogisticTorch() {}

    /** One data part as tensors: features (n × d) and labels. */
    private record Part(Tensor x, Tensor labels, Tensor targets, int n) {
        static Part of(LabeledData d, TorchSetup s) {
            double[] t = new double[d.size()];
            for (int i = 0; i < t.length; i++) t[i] = d.labels()[i];
            return new Part(s.tensor(dense(d.x()), d.size(), d.x().cols()), TorchSetup.longs(d.labels()), s.tensor(t, d.size()), d.size());
        }
    }

    /** Row-major doubles of a feature matrix (CSR densified). */
    public static double[] dense(Features f) {
        double[] out = new double[f.rows() * f.cols()];
        if (f instanceof DenseMatrix m) for (int i = 0; i < out.length; i++) out[i] = m.values()[i];
        else if (f instanceof CsrMatrix c)
            for (int i = 0; i < c.rows(); i++)
                for (int k = c.rowPtr()[i]; k < c.rowPtr()[i + 1]; k++) out[i * c.cols() + c.colIdx()[k]] = c.values()[k];
        return out;
    }

    /** Logits (n × m) of the rows x under W (m × stride). */
    static Tensor logits(Params y, Tensor x, int d, boolean bias) {
        Tensor w = y.get("W");
        return bias ? torch.linear(x, w.narrow(1, 0, d), new TensorOptional(w.narrow(1, d, 1).view(-1))) : torch.linear(x, w);
    }

    /** Per-sample cross-entropy: softmax over m outputs, or the sigmoid's log-loss softplus(z) − t z for m = 1. */
    static Tensor losses(Tensor logits, Part p, boolean binary, Tensor rows, boolean full) {
        if (binary) {
            Tensor z = logits.view(-1);
            Tensor t = full ? p.targets() : p.targets().index_select(0, rows);
            return torch.softplus(z).sub(t.mul(z));
        }
        Tensor labels = full ? p.labels() : p.labels().index_select(0, rows);
        return torch.nll_loss(torch.log_softmax(logits, 1), labels, new TensorOptional(), 0, -100);
    }

    private static Tensor rows(Part p, org.bilevel4j.torch.Batch b) { return b.rows(p.x()); }

    /** Validation mean cross-entropy: F of both tasks. */
    private static Loss validation(Part val, int d, boolean bias, boolean binary) {
        return (x, y, b) -> losses(logits(y, rows(val, b), d, bias), val, binary, b.full() ? null : b.index(), b.full()).mean();
    }

    private static double accuracy(Params y, Part test, int d, boolean bias, boolean binary) {
        Tensor z = logits(y, test.x(), d, bias);
        Tensor pred = binary ? z.view(-1).gt(new Scalar(0.0)).to(torch.ScalarType.Long) : z.argmax(new org.bytedeco.pytorch.LongOptional(1), false);
        return pred.eq(test.labels()).to(torch.ScalarType.Double).mean().item_double();
    }

    /**
     * hyperclean: G = (1/|B|) Σ σ(x_i) CE_i(W) + reg ‖W‖², F = validation CE; metrics test accuracy and precision /
     * recall / F1 of the flagged samples (σ(x_i) < ½), as the analytic task (without its reference models).
     */
    public static TorchProblem hyperclean(LabeledData train, boolean[] corrupted, LabeledData val, LabeledData test, boolean bias, double reg,
                                          TorchSetup setup) {
        int d = train.x().cols(), k = train.numClasses(), stride = d + (bias ? 1 : 0);
        Part tr = Part.of(train, setup), va = Part.of(val, setup), te = Part.of(test, setup);
        ParamShapes xs = new ParamShapes().add("x", train.size()), ys = new ParamShapes().add("W", k, stride);
        Loss inner = (x, y, b) -> {
            Tensor l = losses(logits(y, rows(tr, b), d, bias), tr, false, b.full() ? null : b.index(), b.full());
            Tensor s = b.rows(x.get("x")).sigmoid();
            return s.mul(l).mean().add(y.flat().square().sum().mul(new Scalar(reg)));
        };
        boolean[] bad = corrupted.clone();
        return TorchProblem.builder("hyperclean", setup).x(xs, new double[xs.size()]).y(ys, new double[ys.size()])
                .inner(inner, train.size()).outer(validation(va, d, bias, false), val.size())
                .evaluation((x, y) -> {
                    double[] xv = TorchSetup.read(x.flat(), bad.length);
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put("testAccuracy", accuracy(y, te, d, bias, false));
                    m.putAll(org.bilevel4j.tasks.HyperCleaning.flagMetrics(xv, bad));
                    return m;
                }).build();
    }

    /** weightdecay: G = (1/|B|) Σ CE_i(W) + ½ Σ_j e^{x_j} ‖W_{·j}‖² (no decay on the bias), F = validation CE, x in [lo, hi]. */
    public static TorchProblem weightdecay(LabeledData train, LabeledData val, LabeledData test, boolean bias, double x0, double lo, double hi,
                                           TorchSetup setup) {
        int d = train.x().cols(), k = train.numClasses(), m = k == 2 ? 1 : k, stride = d + (bias ? 1 : 0);
        boolean binary = k == 2;
        Part tr = Part.of(train, setup), va = Part.of(val, setup), te = test == null ? null : Part.of(test, setup);
        ParamShapes xs = new ParamShapes().add("x", d), ys = new ParamShapes().add("W", m, stride);
        Loss inner = (x, y, b) -> {
            Tensor l = losses(logits(y, rows(tr, b), d, bias), tr, binary, b.full() ? null : b.index(), b.full());
            Tensor w = y.get("W").narrow(1, 0, d);
            Tensor decay = x.get("x").exp().mul(w.square().sum(new long[] {0}, false, new org.bytedeco.pytorch.ScalarTypeOptional())).sum();
            return l.mean().add(decay.mul(new Scalar(0.5)));
        };
        double[] start = new double[d];
        java.util.Arrays.fill(start, x0);
        Loss outer = validation(va, d, bias, binary);
        return TorchProblem.builder("weightdecay", setup).x(xs, start).y(ys, new double[ys.size()])
                .inner(inner, train.size()).outer(outer, val.size()).bounds(Box.uniform(d, lo, hi))
                .evaluation((x, y) -> {
                    Map<String, Double> mm = new LinkedHashMap<>();
                    mm.put("validationLoss", outer.value(x, y, org.bilevel4j.torch.Batch.all(val.size(), false)).item_double());
                    if (te != null) mm.put("testAccuracy", accuracy(y, te, d, bias, binary));
                    return mm;
                }).build();
    }
}
