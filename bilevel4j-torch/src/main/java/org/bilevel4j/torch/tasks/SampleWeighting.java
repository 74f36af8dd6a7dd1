package org.bilevel4j.torch.tasks;

import java.util.Map;
import org.bilevel4j.torch.Loss;
import org.bilevel4j.torch.ParamShapes;
import org.bilevel4j.torch.TorchProblem;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.torch.nets.Network;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Data re-weighting (hyper-cleaning) for any network: one hyper-parameter x_i per training sample,
 * G(x, y) = (1/|B|) Σ_{i∈B} σ(x_i) CE(net_y(a_i), b_i), F(y) = validation mean CE; metric validation accuracy
 * (batch norm frozen to the training data's statistics).
 */
public final class SampleWeighting {
    private SampleWeighting() {}

    /** Labeled inputs as tensors (first dimension = samples). */
    public record Part(Tensor inputs, Tensor labels, int n) {}

    /** Per-sample cross-entropy (no reduction). */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return torch.nll_loss(torch.log_softmax(logits, 1), labels, new TensorOptional(), 0, -100);
    }

    public static TorchProblem problem(String name, Network net, Part train, Part val, TorchSetup setup, long seed) {
        ParamShapes xs = new ParamShapes().add("x", train.n());
        Loss inner = (x, y, b) -> {
            Tensor ce = crossEntropy(net.forward(y, b.rows(train.inputs()), b.training()), b.rows(train.labels()));
            return b.rows(x.get("x")).sigmoid().mul(ce).mean();
        };
        Loss outer = (x, y, b) -> crossEntropy(net.forward(y, b.rows(val.inputs()), b.training()), b.rows(val.labels())).mean();
        return TorchProblem.builder(name, setup).network(net).x(xs, new double[train.n()]).y(net.shapes(), net.init(seed))
                .inner(inner, train.n()).outer(outer, val.n())
                .evaluation((x, y) -> {
                    net.freeze(y, train.inputs());
                    Tensor pred = net.forward(y, val.inputs(), false).argmax(new org.bytedeco.pytorch.LongOptional(1), false);
                    return Map.of("validationAccuracy", pred.eq(val.labels()).to(torch.ScalarType.Double).mean().item_double());
                }).build();
    }
}
