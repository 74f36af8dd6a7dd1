package org.bilevel4j.torch.tasks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Episodic;
import org.bilevel4j.tasks.fewshot.Episode;
import org.bilevel4j.tasks.fewshot.EpisodeImages;
import org.bilevel4j.tasks.fewshot.EpisodeSampler;
import org.bilevel4j.torch.ParamShapes;
import org.bilevel4j.torch.Params;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.vec.Vec;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Few-shot learning as a bilevel problem (BVFIM D.3, SPNBO Table 5): the outer variable x is a conv-4 embedding φ_x,
 * the inner variable y one linear head (W_b, c_b) per episode b of the current meta-batch of B episodes:
 * <pre>
 *   G(x, y) = Σ_b [ (1/NK) Σ_{i ∈ support_b} CE(W_b φ_x(s_i) + c_b, label_i) + (λ/2) ‖W_b‖² ]
 *   F(x, y) = (1/B) Σ_b (1/NQ) Σ_{j ∈ query_b} CE(W_b φ_x(q_j) + c_b, label_j)
 * </pre>
 * G is a sum over episodes so that each head's problem (and step size) does not depend on B. The meta-batch changes
 * with {@link #advance} (every {@code stepsPerBatch} outer iterations); the heads belong to it and start at 0 for every
 * new one ({@link Episodic}). Batch norm normalizes with the statistics of the meta-batch's support and query images
 * together (one forward pass over both, transductive as MAML's).
 * <p>
 * The embedding of the meta-batch is computed once per point x and kept: the oracles in y (values, ∇_y, ∇²_yy) run on
 * the kept features and only the head's small graph; those in x (∇_x, ∇²_xy, ∇²_yx) build the conv-4 graph, and
 * refresh the kept features from the same forward pass. Every oracle is by libtorch autograd.
 */
public final class FewShotProblem implements BilevelProblem, Episodic {
    private final FewShotSettings s;
    private final FewShotSettings.Data data;
    private final TorchSetup setup;
    private final Conv4 net;
    private final boolean oneDnn; // this problem's oneDNN verdict, set at each oracle call (the switch is global)
    private final int d, nWays, headSize, dimY, supportRows, queryRows;
    private final double[] x0;
    private final EpisodeSampler sampler;
    private final FewShotEvaluation evaluation;
    private double innerLipschitz = Double.NaN;
    // the current meta-batch: images (all supports, then all queries), labels, how it was drawn
    private float[] batchImages;
    private int[] supportLabels, queryLabels;
    private Snapshot beforeDraw;
    private long draws;
    private int stepsOnBatch;
    // the embedding of the current meta-batch at cachedX
    private double[] cachedX, cachedFeatures;
    private boolean useCache = true;
    private long embeddingPasses;
    // trace rows seen by metrics, and whether the next one is the last
    private long rows;
    private boolean lastRow;
    // for evalSeconds: solver seconds since the last test evaluation (wall time between metrics calls, the calls excluded)
    private double secondsSinceEvaluation;
    private long metricsReturned;

    public FewShotProblem(FewShotSettings settings, FewShotSettings.Data data, TorchSetup setup, long seed) {
        this.s = settings;
        this.data = data;
        this.setup = setup;
        this.net = new Conv4(1, data.side(), settings.width(), 0);
        this.oneDnn = org.bilevel4j.torch.OneDnn.decide(net);
        this.d = net.features();
        this.nWays = settings.ways();
        this.headSize = nWays * (d + 1);
        this.dimY = settings.metaBatch() * headSize;
        this.supportRows = settings.metaBatch() * nWays * settings.shots();
        this.queryRows = settings.metaBatch() * nWays * settings.queries();
        this.x0 = net.init(seed);
        this.sampler = new EpisodeSampler(data.trainPool(), data.samplesPerClass(), nWays, settings.shots(), settings.queries(), seed);
        this.evaluation = new FewShotEvaluation(settings, data, setup, net, x0, seed);
    }

    /** The first meta-batch is drawn on first use (so that listing the options builds nothing heavy). */
    private void ensureDrawn() {
        if (batchImages == null) draw();
    }

    public FewShotSettings settings() { return s; }

    public FewShotSettings.Data data() { return data; }

    /** The embedding network (no head): x are its parameters. */
    public Conv4 net() { return net; }

    public ParamShapes xShapes() { return net.shapes(); }

    /** Length of an embedding (a head's input). */
    public int features() { return d; }

    /** The evaluation (600 fixed episodes) and the references. */
    public FewShotEvaluation evaluation() { return evaluation; }

    /** Conv-4 forward passes over a whole meta-batch so far (the cache keeps it at one per point x). */
    public long embeddingPasses() { return embeddingPasses; }

    /** For tests: false computes the embedding afresh in every oracle (no cache). */
    void useCache(boolean on) {
        useCache = on;
        cachedX = null;
    }

    @Override public String name() { return "fewshot"; }
    @Override public int dimX() { return net.shapes().size(); }
    @Override public int dimY() { return dimY; }
    @Override public Vec initialX() { return Vec.of(x0.clone()); }
    @Override public Vec initialY() { return Vec.zeros(dimY); }
    /** The heads' bound ½ max_b (1/NK) Σ_i (‖φ_i‖² + 1) + λ at x₀ on the first meta-batch (the softmax Hessian is at most ½ I). */
    @Override public double innerLipschitz() {
        if (Double.isNaN(innerLipschitz)) innerLipschitz = headLipschitz(firstBatchFeatures());
        return innerLipschitz;
    }

    /** The features at x₀ of the meta-batch current when the bound is first asked for (the first one: solvers ask when built). */
    private double[] firstBatchFeatures() { return features(Vec.of(x0)); }

    // ---- episodes ---------------------------------------------------------------------------------------------------

    @Override public boolean advance() {
        ensureDrawn();
        boolean drew = false;
        if (stepsOnBatch >= s.stepsPerBatch()) {
            draw();
            drew = true;
        }
        stepsOnBatch++;
        return drew;
    }

    @Override public boolean freshInnerPerDraw() { return true; }

    /** Draws the next meta-batch: its images, labels, and the sampler's state before the draw (for checkpoints). */
    private void draw() {
        beforeDraw = new Snapshot();
        sampler.save(beforeDraw, "s");
        List<Episode> eps = sampler.next(s.metaBatch());
        int pixels = data.side() * data.side();
        batchImages = new float[(supportRows + queryRows) * pixels];
        supportLabels = new int[supportRows];
        queryLabels = new int[queryRows];
        int sr = 0, qr = 0;
        for (Episode e : eps) {
            EpisodeImages im = EpisodeImages.of(e, data.images());
            System.arraycopy(im.support().values(), 0, batchImages, sr * pixels, im.support().values().length);
            System.arraycopy(im.query().values(), 0, batchImages, (supportRows + qr) * pixels, im.query().values().length);
            System.arraycopy(im.supportLabels(), 0, supportLabels, sr, im.supportLabels().length);
            System.arraycopy(im.queryLabels(), 0, queryLabels, qr, im.queryLabels().length);
            sr += im.supportLabels().length;
            qr += im.queryLabels().length;
        }
        draws++;
        stepsOnBatch = 0;
        cachedX = null;
    }

    /** Meta-batches drawn so far (the first at construction). */
    public long draws() { return draws; }

    /** The current meta-batch's support labels (episode by episode). */
    int[] supportLabels() {
        ensureDrawn();
        return supportLabels.clone();
    }

    @Override public void save(Snapshot out, String prefix) {
        ensureDrawn();
        for (Map.Entry<String, Long> e : beforeDraw.integers().entrySet()) out.putLong(prefix + "." + e.getKey(), e.getValue());
        out.putLong(prefix + ".draws", draws).putLong(prefix + ".stepsOnBatch", stepsOnBatch).putLong(prefix + ".rows", rows);
    }

    @Override public void restore(Snapshot in, String prefix) {
        Snapshot sub = new Snapshot();
        for (Map.Entry<String, Long> e : in.integers().entrySet())
            if (e.getKey().startsWith(prefix + ".s.")) sub.putLong(e.getKey().substring(prefix.length() + 1), e.getValue());
        sampler.restore(sub, "s");
        draw(); // the saved run's current meta-batch again
        draws = in.integer(prefix + ".draws");
        stepsOnBatch = Math.toIntExact(in.integer(prefix + ".stepsOnBatch"));
        rows = in.integer(prefix + ".rows");
    }

    @Override public void lastRow() { lastRow = true; }

    // ---- oracles in y: on the kept embedding -----------------------------------------------------------------------------

    @Override public double innerValue(Vec x, Vec y) { return value(false, x, y); }
    @Override public double outerValue(Vec x, Vec y) { return value(true, x, y); }
    @Override public Vec innerGradY(Vec x, Vec y) { return gradY(false, x, y); }
    @Override public Vec outerGradY(Vec x, Vec y) { return gradY(true, x, y); }
    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return hvpYY(false, x, y, v); }
    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) { return hvpYY(true, x, y, v); }

    private double value(boolean outer, Vec x, Vec y) {
        org.bilevel4j.torch.OneDnn.apply(oneDnn);
        try (PointerScope scope = new PointerScope()) {
            return loss(outer, keptFeatures(x), in(y, false)).item_double();
        }
    }

    private Vec gradY(boolean outer, Vec x, Vec y) {
        org.bilevel4j.torch.OneDnn.apply(oneDnn);
        try (PointerScope scope = new PointerScope()) {
            Tensor yt = in(y, true);
            return Vec.of(TorchSetup.read(grad(loss(outer, keptFeatures(x), yt), yt, false), dimY));
        }
    }

    private Vec hvpYY(boolean outer, Vec x, Vec y, Vec v) {
        org.bilevel4j.torch.OneDnn.apply(oneDnn);
        try (PointerScope scope = new PointerScope()) {
            Tensor yt = in(y, true);
            Tensor gy = grad(loss(outer, keptFeatures(x), yt), yt, true);
            return Vec.of(TorchSetup.read(grad(gy.mul(in(v, false)).sum(), yt, false), dimY));
        }
    }

    // ---- oracles in x: through the conv-4 graph --------------------------------------------------------------------------

    @Override public Vec innerGradX(Vec x, Vec y) { return gradX(false, x, y); }
    @Override public Vec outerGradX(Vec x, Vec y) { return gradX(true, x, y); }
    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return crossXY(false, x, y, v); }
    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return crossXY(true, x, y, v); }

    private Vec gradX(boolean outer, Vec x, Vec y) {
        org.bilevel4j.torch.OneDnn.apply(oneDnn);
        try (PointerScope scope = new PointerScope()) {
            Tensor xt = in(x, true);
            return Vec.of(TorchSetup.read(grad(loss(outer, embedded(x, xt), in(y, false)), xt, false), dimX()));
        }
    }

    /** ∇²_xy L·v = ∇_x ⟨∇_y L, v⟩: ∇_y L touches only the heads, so this is one backward through conv-4. */
    private Vec crossXY(boolean outer, Vec x, Vec y, Vec v) {
        org.bilevel4j.torch.OneDnn.apply(oneDnn);
        try (PointerScope scope = new PointerScope()) {
            Tensor xt = in(x, true), yt = in(y, true);
            Tensor gy = grad(loss(outer, embedded(x, xt), yt), yt, true);
            if (!gy.requires_grad()) return Vec.zeros(dimX());
            return Vec.of(TorchSetup.read(grad(gy.mul(in(v, false)).sum(), xt, false), dimX()));
        }
    }

    /** ∇²_yx G·u = ∇_y ⟨∇_x G, u⟩ (forward mode): a double backward through conv-4. */
    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) {
        org.bilevel4j.torch.OneDnn.apply(oneDnn);
        try (PointerScope scope = new PointerScope()) {
            Tensor xt = in(x, true), yt = in(y, true);
            Tensor gx = grad(loss(false, embedded(x, xt), yt), xt, true);
            if (!gx.requires_grad()) return Vec.zeros(dimY);
            return Vec.of(TorchSetup.read(grad(gx.mul(in(u, false)).sum(), yt, false), dimY));
        }
    }

    // ---- metrics -------------------------------------------------------------------------------------------------------

    /**
     * Every row: {@code metaBatchAccuracy} (the heads y on the current meta-batch's queries). On the first row, every
     * {@code evalEvery}-th (or, with {@code evalSeconds}, the first after that many solver seconds since the last) and the
     * last: the test accuracy over the fixed evaluation episodes and the references ({@link FewShotEvaluation}), outside
     * solver time (the runner evaluates metrics between steps).
     */
    @Override public Map<String, Double> metrics(Vec x, Vec y) {
        if (metricsReturned != 0) secondsSinceEvaluation += (System.nanoTime() - metricsReturned) * 1e-9;
        boolean due = s.evalSeconds() > 0 ? rows == 0 || secondsSinceEvaluation >= s.evalSeconds() : rows % s.evalEvery() == 0;
        boolean full = lastRow || due;
        rows++;
        lastRow = false;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("metaBatchAccuracy", metaBatchAccuracy(x, y));
        if (full) {
            m.putAll(evaluation.metrics(x.toArray()));
            secondsSinceEvaluation = 0;
        }
        metricsReturned = System.nanoTime();
        return m;
    }

    /** The fraction of the current meta-batch's queries that the heads y classify right. */
    public double metaBatchAccuracy(Vec x, Vec y) {
        double[] f = features(x), h = Vec.array(y);
        int right = 0;
        for (int r = 0; r < queryRows; r++) {
            int b = r / (nWays * s.queries()), best = 0;
            double bestV = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < nWays; c++) {
                int off = b * headSize;
                double v = h[off + nWays * d + c];
                for (int k = 0; k < d; k++) v += h[off + c * d + k] * f[(supportRows + r) * d + k];
                if (v > bestV) { bestV = v; best = c; }
            }
            if (best == queryLabels[r]) right++;
        }
        return right / (double) queryRows;
    }

    // ---- plumbing -------------------------------------------------------------------------------------------------------

    /** G or F of the heads y on features (supportRows + queryRows) × d. */
    private Tensor loss(boolean outer, Tensor feats, Tensor yt) {
        ensureDrawn();
        long b = s.metaBatch(), n = nWays, rowsPer = n * (outer ? s.queries() : s.shots());
        Tensor f = feats.narrow(0, outer ? supportRows : 0, outer ? queryRows : supportRows).reshape(b, rowsPer, d);
        Tensor heads = yt.view(b, headSize);
        Tensor w = heads.narrow(1, 0, n * d).reshape(b, n, d);
        Tensor bias = heads.narrow(1, n * d, n).reshape(b, 1, n);
        Tensor logits = torch.bmm(f, w.transpose(1, 2)).add(bias).reshape(-1, n);
        Tensor logp = torch.log_softmax(logits, 1);
        if (outer) return torch.nll_loss(logp, TorchSetup.longs(queryLabels), new TensorOptional(), 1, -100);
        Tensor ce = torch.nll_loss(logp, TorchSetup.longs(supportLabels), new TensorOptional(), 2, -100).mul(new Scalar(1.0 / (n * s.shots())));
        return ce.add(w.square().sum().mul(new Scalar(0.5 * s.l2())));
    }

    /** The meta-batch's features at x as a constant tensor (from the cache, computed when x is new). */
    private Tensor keptFeatures(Vec x) {
        double[] f = features(x);
        return setup.tensor(f, supportRows + queryRows, d);
    }

    /** The meta-batch's features at x as doubles (kept; one conv-4 forward pass per new x). */
    double[] features(Vec x) {
        ensureDrawn();
        if (useCache && cachedX != null && Arrays.equals(cachedX, Vec.array(x))) return cachedFeatures;
        org.bilevel4j.torch.OneDnn.apply(oneDnn);
        try (PointerScope scope = new PointerScope()) {
            Tensor f = embed(in(x, false));
            double[] out = TorchSetup.read(f, (supportRows + queryRows) * d);
            if (useCache) keep(x, out);
            return out;
        }
    }

    /** The features at x with the graph to the leaf xt; the cache is refreshed from the same pass. */
    private Tensor embedded(Vec x, Tensor xt) {
        ensureDrawn();
        Tensor f = embed(xt);
        if (useCache && (cachedX == null || !Arrays.equals(cachedX, Vec.array(x)))) keep(x, TorchSetup.read(f, (supportRows + queryRows) * d));
        return f;
    }

    private void keep(Vec x, double[] f) {
        cachedX = x.toArray();
        cachedFeatures = f;
    }

    private Tensor embed(Tensor xt) {
        embeddingPasses++;
        Tensor img = images(setup, batchImages, supportRows + queryRows, data.side());
        return net.forward(new Params(net.shapes(), xt), img, true).reshape(supportRows + queryRows, d);
    }

    /** count images of side × side floats as an N × 1 × side × side tensor of the setup's type. */
    static Tensor images(TorchSetup setup, float[] a, int count, int side) {
        long n = (long) count * side * side;
        Tensor t = torch.from_blob(new FloatPointer(a).capacity(n), new long[] {count, 1, side, side}, new TensorOptions(ScalarType.Float));
        return setup.doublePrecision() ? t.to(ScalarType.Double) : t.clone();
    }

    private double headLipschitz(double[] f) {
        double worst = 0;
        int per = nWays * s.shots();
        for (int b = 0; b < s.metaBatch(); b++) {
            double sum = 0;
            for (int i = b * per; i < (b + 1) * per; i++) {
                sum += 1;
                for (int k = 0; k < d; k++) sum += f[i * d + k] * f[i * d + k];
            }
            worst = Math.max(worst, sum / per);
        }
        return 0.5 * worst + s.l2();
    }

    private Tensor in(Vec v, boolean requiresGrad) {
        double[] a = Vec.array(v);
        Tensor t = torch.from_blob(new DoublePointer(a), new long[] {a.length}, new TensorOptions(ScalarType.Double));
        t = setup.doublePrecision() ? t.clone() : t.to(ScalarType.Float);
        return requiresGrad ? t.requires_grad_(true) : t;
    }

    private static Tensor grad(Tensor of, Tensor wrt, boolean createGraph) {
        return torch.grad(new TensorVector(of), new TensorVector(wrt), new TensorVector(), new BoolOptional(createGraph), createGraph, true).get(0);
    }
}
