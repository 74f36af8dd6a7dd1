package org.bilevel4j.torch.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.problem.Metric;
import org.bilevel4j.smoothing.Lp;
import org.bilevel4j.smoothing.Regularizer;
import org.bilevel4j.smoothing.Smoothed;
import org.bilevel4j.torch.Loss;
import org.bilevel4j.torch.ParamShapes;
import org.bilevel4j.torch.TorchProblem;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.torch.nets.Layers;
import org.bilevel4j.torch.nets.Network;
import org.bilevel4j.vec.Vec;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Training-data poisoning (ALGORITHMS.md §3.8, SPNBO Table 4) with a network: x ∈ [0,1]^{P·d} are the pixels of P
 * poisoned images with flipped labels t_j, and the outer problem maximizes the validation loss:
 * <pre>
 *   G(x, y) = (n/N) (1/|B|) Σ_{i∈B} CE(h_y(a_i), b_i) + (1/N) Σ_{j≤P} CE(h_y(x_j), t_j) + reg Σ_k (y_k² + μ²)^{p/2},   N = n + P
 *   F(x, y) = −(1/m) Σ_val CE(h_y(a_j), b_j)
 * </pre>
 * The clean batch and the poisoned images go through the network together (one batch-norm batch). The smoothed l_p^p
 * term (p = 0.6) is added here on the Java side ({@link Lp}) with the μ that SPNBO halves ({@link Smoothed}).
 * Metrics as the linear task: test accuracy and validation loss (the attack's goal is to lower the one and raise the
 * other) and the inner value with the exact l_p^p.
 * <p>Refit ({@link NetRefit}): the network trained from its initial y on this G at the final x (the training set plus
 * the poisoned points, with the task's μ whatever SPNBO made of it), {@code testAccuracyRefit} and
 * {@code validationLossRefit}: the attack measured as a model trained on the poisoned set sees it, whichever way the
 * method moved its own y. Reference {@code referenceClean}: the test accuracy of the network trained the same way on
 * the clean training set alone, (1/n) Σ CE_i + reg Σ (y_k² + μ²)^{p/2}.
 */
public final class NetPoison extends ForwardingProblem implements Smoothed {
    private final Regularizer lp;
    private final double reg;
    private final double[] muRef; // shared with the views
    private final int[][] groups;
    private final Refitting refitting; // shared with the views

    /** The refit's two inner problems (poisoned and clean, both at the task's μ), its trainer and the reference. */
    private record Refitting(BilevelProblem poisoned, BilevelProblem clean, NetRefit trainer, LazyReferences references) {}

    private NetPoison(BilevelProblem delegate, Regularizer lp, double reg, double[] muRef, int[][] groups, Refitting refitting) {
        super(delegate);
        this.lp = lp;
        this.reg = reg;
        this.muRef = muRef;
        this.groups = groups;
        this.refitting = refitting;
    }

    /** @param start the poisoned images' initial pixels (P·d values in [0, 1]); {@code image}: the network reads s × s images */
    public static NetPoison problem(String name, Network net, NetData train, NetData val, NetData test, double[] start, int[] labels,
                                    double p, double reg, double mu, boolean image, TorchSetup setup, long seed, NetRefit refit) {
        int n = train.n(), points = labels.length, d = start.length / points;
        double total = n + points;
        long[] shape = image ? new long[] {points, 1, NetData.side(d), NetData.side(d)} : new long[] {points, d};
        Tensor poisonLabels = TorchSetup.longs(labels);
        ParamShapes xs = new ParamShapes().add("x", points * d);
        Loss inner = (x, y, b) -> {
            Tensor in = torch.cat(new TensorVector(b.rows(train.inputs()), x.get("x").view(shape)), 0);
            Tensor out = net.forward(y, in, b.training());
            Tensor clean = SampleWeighting.crossEntropy(out.narrow(0, 0, b.size()), b.rows(train.labels())).mean().mul(new Scalar(n / total));
            return clean.add(SampleWeighting.crossEntropy(out.narrow(0, b.size(), points), poisonLabels).sum().mul(new Scalar(1 / total)));
        };
        Loss outer = (x, y, b) -> SampleWeighting.crossEntropy(net.forward(y, b.rows(val.inputs()), b.training()), b.rows(val.labels())).mean().neg();
        TorchProblem t = TorchProblem.builder(name, setup).network(net).x(xs, start.clone()).y(net.shapes(), net.init(seed))
                .inner(inner, n).outer(outer, val.n()).bounds(Box.uniform(points * d, 0, 1))
                .evaluation((x, y) -> {
                    net.freeze(y, torch.cat(new TensorVector(train.inputs(), x.get("x").view(shape)), 0)); // the data the model trains on
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put("testAccuracy", NetData.accuracies(net.forward(y, test.inputs(), false), test.labelArray())[0]);
                    m.put("validationLoss", SampleWeighting.crossEntropy(net.forward(y, val.inputs(), false), val.labels()).mean().item_double());
                    return m;
                }).build()
                .withLipschitz(Double.NaN, 1 / total); // each poisoned image has a 1/N share of G (an assumption, not measured)
        // the clean training set alone, (1/n) Σ CE_i (x enters with weight 0, so that its gradient is defined and zero)
        Loss cleanLoss = (x, y, b) -> SampleWeighting.crossEntropy(net.forward(y, b.rows(train.inputs()), b.training()), b.rows(train.labels())).mean()
                .add(x.flat().sum().mul(new Scalar(0.0)));
        TorchProblem clean = TorchProblem.builder(name + "-clean", setup).network(net).x(xs, start.clone()).y(net.shapes(), net.init(seed))
                .inner(cleanLoss, n).outer(outer, val.n())
                .evaluation((x, y) -> {
                    net.freeze(y, train.inputs());
                    return Map.of("testAccuracy", NetData.accuracies(net.forward(y, test.inputs(), false), test.labelArray())[0]);
                }).build();
        Regularizer lpReg = new Lp(p);
        double[] c = {reg};
        BilevelProblem cleanG = withLp(clean, lpReg, mu, c);
        Refitting r = new Refitting(withLp(t, lpReg, mu, c), cleanG, refit, new LazyReferences(refit.share(), () -> Map.of("referenceClean",
                refit.metrics(cleanG, cleanG, cleanG.initialX(), List.of("testAccuracy")).get("testAccuracyRefit"))));
        NetPoison out = new NetPoison(t, lpReg, reg, new double[] {mu}, Layers.groups(net.shapes()), r);
        out.setMu(mu);
        return out;
    }

    @Override protected BilevelProblem rewrap(BilevelProblem view) { return new NetPoison(view, lp, reg, muRef, groups, refitting); }

    /** {@code g}'s G plus reg Σ (y_k² + μ²)^{p/2} at a fixed μ (the refit's inner gradient; values and HVPs are not used). */
    private static BilevelProblem withLp(BilevelProblem g, Regularizer lp, double mu, double[] c) {
        return new ForwardingProblem(g) {
            @Override public Vec innerGradY(Vec x, Vec y) {
                Vec out = delegate.innerGradY(x, y);
                lp.addSmoothGradient(Vec.array(y), mu, c, Vec.array(out));
                return out;
            }

            @Override protected BilevelProblem rewrap(BilevelProblem view) { return view; }
        };
    }

    /** The network trained on the poisoned set at x (from the initial y, at the task's μ). */
    Vec refitY(Vec x) { return refitting.trainer().train(refitting.poisoned(), x); }

    /** The network trained on the clean training set alone (the reference's y). */
    Vec cleanY() { return refitting.trainer().train(refitting.clean(), refitting.clean().initialX()); }

    /** Trained from the task's initial y, not from {@code yStart} (a network's minimizer depends on its start). */
    @Override public Map<String, Double> refitMetrics(Vec x, Vec yStart) {
        return org.bilevel4j.problem.Refit.renamed(delegate.metrics(x, refitY(x)), List.of("testAccuracy", "validationLoss"));
    }

    @Override public int[][] parameterGroups() { return groups; }

    @Override public double mu() { return muRef[0]; }

    @Override public void setMu(double mu) {
        Regularizer.requireMu(mu);
        muRef[0] = mu;
    }

    private double[] c() { return new double[] {reg}; }

    @Override public double innerValue(Vec x, Vec y) { return delegate.innerValue(x, y) + lp.smoothValue(Vec.array(y), mu(), c()); }

    @Override public Vec innerGradY(Vec x, Vec y) {
        Vec g = delegate.innerGradY(x, y);
        lp.addSmoothGradient(Vec.array(y), mu(), c(), Vec.array(g));
        return g;
    }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) {
        Vec h = delegate.innerHvpYY(x, y, v);
        lp.addSmoothHvp(Vec.array(y), mu(), c(), Vec.array(v), Vec.array(h));
        return h;
    }

    @Override public Map<String, Double> metrics(Vec x, Vec y) {
        Map<String, Double> m = new LinkedHashMap<>(delegate.metrics(x, y));
        m.put("innerNonSmooth", delegate.innerValue(x, y) + lp.value(Vec.array(y), c()));
        m.putAll(refitting.references().get());
        return m;
    }

    /** The attack works against the model: lower test accuracy and higher validation loss are its goal, at the run's y, refit, and for the references. */
    @Override public Metric metric(String name) {
        Metric m = Metric.of(name);
        String base = m.kind() == Metric.Kind.REFIT ? name.substring(0, name.length() - Metric.REFIT.length()) // the refit's too,
                : m.kind() == Metric.Kind.REFERENCE ? m.referenceOf() : name; // and a reference's, a level of its metric
        return base.equals("testAccuracy") || base.equals("validationLoss") ? m.reversed() : m;
    }
}
