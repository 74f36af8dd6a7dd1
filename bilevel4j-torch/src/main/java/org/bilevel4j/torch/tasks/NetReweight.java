package org.bilevel4j.torch.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.smoothing.GroupLasso;
import org.bilevel4j.smoothing.L1;
import org.bilevel4j.smoothing.RegularizedProblem;
import org.bilevel4j.smoothing.Regularizer;
import org.bilevel4j.smoothing.Sum;
import org.bilevel4j.torch.Loss;
import org.bilevel4j.torch.ParamShapes;
import org.bilevel4j.torch.TorchProblem;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.torch.nets.Layers;
import org.bilevel4j.torch.nets.Network;
import org.bilevel4j.vec.Vec;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Data re-weighting (ALGORITHMS.md §3.8, SPNBO Table 3) with a network: per-sample weights ω = n softmax(x) as the
 * linear task ({@code ExpSampleWeights}), the sparse group lasso with one group per layer of the network:
 * <pre>
 *   G(x, y) = (1/|B|) Σ_{i∈B} ω_i CE(h_y(a_i), b_i) + e^{x_a} ψ̃₁(y) + e^{x_b} Σ_layers ψ̃₂(y_layer),   F(y) = validation CE
 * </pre>
 * (ψ̃ smoothed with μ, added by {@link RegularizedProblem}). Metrics: test and balanced accuracy; both refit
 * ({@link NetRefit}: the network trained from its initial y on this G at the final x, with the task's μ whatever SPNBO
 * made of it), and the references {@code referenceUniform} / {@code referenceUniformBalanced}: the refit at the initial
 * x (ω = 1 on every sample, the initial regularization weights).
 */
public final class NetReweight {
    private NetReweight() {}

    public static RegularizedProblem problem(String name, Network net, NetData train, NetData val, NetData test, double mu, double x0Reg, double lPhi,
                                             TorchSetup setup, long seed, NetRefit refit) {
        int n = train.n();
        ParamShapes xs = new ParamShapes().add("x", n);
        Loss inner = (x, y, b) -> {
            Tensor omega = torch.log_softmax(x.flat(), 0).exp().mul(new Scalar((double) n)); // ω = n softmax(x): weights averaging 1
            Tensor ce = SampleWeighting.crossEntropy(net.forward(y, b.rows(train.inputs()), b.training()), b.rows(train.labels()));
            return b.rows(omega).mul(ce).mean();
        };
        Loss outer = (x, y, b) -> SampleWeighting.crossEntropy(net.forward(y, b.rows(val.inputs()), b.training()), b.rows(val.labels())).mean();
        TorchProblem p = TorchProblem.builder(name, setup).network(net).x(xs, new double[n]).y(net.shapes(), net.init(seed))
                .inner(inner, n).outer(outer, val.n())
                .evaluation((x, y) -> {
                    net.freeze(y, train.inputs());
                    double[] a = NetData.accuracies(net.forward(y, test.inputs(), false), test.labelArray());
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put("testAccuracy", a[0]);
                    m.put("balancedAccuracy", a[1]);
                    return m;
                }).build();
        NetProblem base = new NetProblem(p, Layers.groups(net.shapes()));
        Sum reg = new Sum(new L1(), GroupLasso.byParameterGroups(base));
        double[] x0 = {x0Reg, x0Reg};
        return new Task(base, reg, mu, x0, lPhi, refit);
    }

    /**
     * Kish's effective sample size 1 / Σ p_i² of the weights ω = n softmax(x) (p = softmax of the sample logits
     * {@code x[from..]}): n for equal weights, 1 when one sample carries all of them. A refit at weights of small
     * effective size trains on a few images only.
     */
    static double effectiveSize(double[] x, int from) {
        double max = Double.NEGATIVE_INFINITY, z = 0, z2 = 0;
        for (int i = from; i < x.length; i++) max = Math.max(max, x[i]);
        for (int i = from; i < x.length; i++) {
            double e = Math.exp(x[i] - max);
            z += e;
            z2 += e * e;
        }
        return z * z / z2;
    }

    /** The task: the regularized problem with its Lipschitz estimate of ∇Φ, refit and references. */
    static final class Task extends RegularizedProblem {
        private final double lPhi;
        private final RegularizedProblem fixedMu; // the refit's G: its own μ, not shared with SPNBO's halving
        private final NetRefit refit;
        private final LazyReferences references;

        Task(NetProblem base, Regularizer reg, double mu, double[] x0, double lPhi, NetRefit refit) {
            super(base, reg, mu, x0);
            this.lPhi = lPhi;
            this.fixedMu = new RegularizedProblem(base, reg, mu, x0);
            this.refit = refit;
            this.references = new LazyReferences(refit.share(), () -> {
                Map<String, Double> at = refitAt(initialX()), r = new LinkedHashMap<>();
                r.put("referenceUniform", at.get("testAccuracyRefit"));
                r.put("referenceUniformBalanced", at.get("balancedAccuracyRefit"));
                return r;
            });
        }

        @Override public double hypergradLipschitz() { return lPhi; }

        /** The network trained at x from the initial y, at the task's μ. */
        @Override public Vec refitY(Vec x) { return refit.train(fixedMu, x); }

        private Map<String, Double> refitAt(Vec x) {
            return org.bilevel4j.problem.Refit.renamed(fixedMu.metrics(x, refitY(x)), List.of("testAccuracy", "balancedAccuracy"));
        }

        @Override public Map<String, Double> metrics(Vec x, Vec y) {
            Map<String, Double> m = new LinkedHashMap<>(super.metrics(x, y));
            m.put("weightsEffectiveSize", effectiveSize(Vec.array(x), dimX() - base().dimX()));
            m.putAll(references.get());
            return m;
        }

        /** Trained from the task's initial y, not from {@code yStart} (a network's minimizer depends on its start). */
        @Override public Map<String, Double> refitMetrics(Vec x, Vec yStart) { return refitAt(x); }
    }
}
