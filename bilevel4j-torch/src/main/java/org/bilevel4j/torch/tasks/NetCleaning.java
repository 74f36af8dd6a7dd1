package org.bilevel4j.torch.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.torch.Loss;
import org.bilevel4j.torch.ParamShapes;
import org.bilevel4j.torch.TorchProblem;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.torch.nets.Layers;
import org.bilevel4j.torch.nets.Network;
import org.bilevel4j.vec.Vec;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Data hyper-cleaning (ALGORITHMS.md §1.10 eqs. (31)–(32)) with a network h_y in place of the linear model:
 * <pre>
 *   G(x, y) = (1/|B|) Σ_{i∈B} σ(x_i) CE(h_y(a_i), b_i) + reg ‖y‖²,   F(y) = (1/m) Σ_val CE(h_y(a_j), b_j)
 * </pre>
 * Metrics as the linear task: test accuracy (batch norm frozen to the training data) and precision / recall / F1 of
 * the samples flagged corrupt (x_i < 0). L_g is the curvature with every weight σ(x_i) = 1, as the linear task's bound
 * ({@link TrustedCurvature}). The hypergradient's Lipschitz bound is taken as the linear task's 1 / n (an assumption:
 * estimating it by solving a network's inner problem to 1e-10 would take longer than the run; with the inner steps
 * from that L_g, TRHG's first hypergradient on linear2 moves x by O(1) per entry at step n).
 * <p>Refit and references as the linear task's, with the network trained by {@link NetRefit} from its initial y:
 * {@code testAccuracyRefit} at the final x, {@code referenceUniform} at every σ(x_i) = 1 and {@code referenceOracle} at
 * σ(x_i) = 0 on the corrupted samples, 1 on the others (x_i = ±800: σ is exactly 0 or 1).
 */
public final class NetCleaning {
    private NetCleaning() {}

    /** x_i = ±{@value #SURE}: σ(x_i) is exactly 1 or 0 in float32 and float64 (the references' weights). */
    static final double SURE = 800;

    public static BilevelProblem problem(String name, Network net, NetData train, boolean[] corrupted, NetData val, NetData test, double reg,
                                         TorchSetup setup, long seed, NetRefit refit) {
        ParamShapes xs = new ParamShapes().add("x", train.n());
        Loss inner = (x, y, b) -> {
            Tensor ce = SampleWeighting.crossEntropy(net.forward(y, b.rows(train.inputs()), b.training()), b.rows(train.labels()));
            Tensor g = b.rows(x.get("x")).sigmoid().mul(ce).mean();
            return reg == 0 ? g : g.add(y.flat().square().sum().mul(new Scalar(reg)));
        };
        Loss outer = (x, y, b) -> SampleWeighting.crossEntropy(net.forward(y, b.rows(val.inputs()), b.training()), b.rows(val.labels())).mean();
        boolean[] bad = corrupted.clone();
        TorchProblem p = TorchProblem.builder(name, setup).network(net).x(xs, new double[train.n()]).y(net.shapes(), net.init(seed))
                .inner(inner, train.n()).outer(outer, val.n())
                .evaluation((x, y) -> {
                    net.freeze(y, train.inputs());
                    double[] xv = TorchSetup.read(x.flat(), bad.length);
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put("testAccuracy", NetData.accuracies(net.forward(y, test.inputs(), false), test.labelArray())[0]);
                    m.putAll(org.bilevel4j.tasks.HyperCleaning.flagMetrics(xv, bad));
                    return m;
                }).build()
                .withLipschitz(Double.NaN, 1.0 / train.n()); // ∇Φ's scale as the linear task's c / n (c = 1), not measured on networks
        NetProblem task = new NetProblem(new TrustedCurvature(p), Layers.groups(net.shapes())); // L_g at σ(x) = 1, not at x0's σ = ½
        return WithRefit.of(task, refit, List.of("testAccuracy"), w -> {
            double[] uniform = new double[bad.length], oracle = new double[bad.length];
            for (int i = 0; i < bad.length; i++) {
                uniform[i] = SURE;
                oracle[i] = bad[i] ? -SURE : SURE;
            }
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("referenceUniform", w.refitAt(Vec.of(uniform)).get("testAccuracyRefit"));
            m.put("referenceOracle", w.refitAt(Vec.of(oracle)).get("testAccuracyRefit"));
            return m;
        });
    }
}
