package org.bilevel4j.torch.tasks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bilevel4j.tasks.fewshot.Episode;
import org.bilevel4j.tasks.fewshot.EpisodeImages;
import org.bilevel4j.tasks.fewshot.EpisodeSampler;
import org.bilevel4j.torch.Params;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.torch.nets.Conv4;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The few-shot test metrics: mean query accuracy over the fixed evaluation episodes (seed
 * {@link EpisodeSampler#EVALUATION_SEED}, the same for every method, so that comparisons are paired) with its 95%
 * half-width 1.96·s/√n. Each episode gets a head fitted to convergence on its support features ({@link FewShotHead});
 * the embedding runs over groups of {@code metaBatch} episodes, support and query images together, as in training
 * (batch norm on the group's statistics). References computed by the same code: {@code referenceRandomEmbedding} at the
 * problem's random initial conv-4, {@code referencePretrained} at a conv-4 trained as an ordinary classifier on the
 * background classes ({@link FewShotPretrain}; its training seconds as {@code referencePretrainedSeconds}).
 */
public final class FewShotEvaluation {
    /** Mean accuracy and its 95% half-width over the evaluation episodes, and the per-episode accuracies. */
    public record Score(double mean, double ci95, double[] perEpisode) {}

    private final FewShotSettings s;
    private final FewShotSettings.Data data;
    private final TorchSetup setup;
    private final Conv4 net;
    private final double[] x0;
    private final long seed;
    private final List<Episode> episodes;
    private double[] lastX;
    private Map<String, Double> lastMetrics, references;
    private Score atX0; // the score of the random initial embedding, computed once

    /**
     * References per JVM, keyed by everything they depend on (settings, data, seed, precision, x₀): the runs of a bench
     * suite on one task share them instead of re-training and re-evaluating (about 3.5 min a run at the suite's scale).
     */
    private static final Map<String, Map<String, Double>> REFERENCES = new ConcurrentHashMap<>();
    private static final Map<String, Score> AT_X0 = new ConcurrentHashMap<>();

    FewShotEvaluation(FewShotSettings s, FewShotSettings.Data data, TorchSetup setup, Conv4 net, double[] x0, long seed) {
        this.s = s;
        this.data = data;
        this.setup = setup;
        this.net = net;
        this.x0 = x0.clone();
        this.seed = seed;
        this.episodes = EpisodeSampler.fixed(data.evalPool(), data.samplesPerClass(), s.ways(), s.shots(), s.evalQueries(), s.evalEpisodes(),
                EpisodeSampler.EVALUATION_SEED);
    }

    public List<Episode> episodes() { return episodes; }

    /** testAccuracy, testAccuracyCi95 at embedding x, and the references when enabled (computed once). */
    public Map<String, Double> metrics(double[] x) {
        if (lastX != null && Arrays.equals(lastX, x)) return lastMetrics;
        Score sc = scoreAt(x);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("testAccuracy", sc.mean());
        m.put("testAccuracyCi95", sc.ci95());
        if (s.references()) m.putAll(references());
        lastX = x.clone();
        lastMetrics = Map.copyOf(m);
        return lastMetrics;
    }

    /** referenceRandomEmbedding (± CI), referencePretrained (± CI) and referencePretrainedSeconds, computed on first use. */
    public synchronized Map<String, Double> references() {
        if (references == null) references = REFERENCES.computeIfAbsent(referenceKey(), k -> computeReferences());
        return references;
    }

    private String referenceKey() {
        return s + "|" + data.name() + "|" + data.side() + "|" + data.samplesPerClass() + "|" + Arrays.hashCode(data.trainPool()) + "|"
                + Arrays.hashCode(data.evalPool()) + "|" + seed + "|" + setup.doublePrecision() + "|" + x0.length + "|" + Arrays.hashCode(x0);
    }

    private Map<String, Double> computeReferences() {
        Map<String, Double> m = new LinkedHashMap<>();
        Score r = scoreAt(x0);
        m.put("referenceRandomEmbedding", r.mean());
        m.put("referenceRandomEmbeddingCi95", r.ci95());
        FewShotPretrain.Result p = FewShotPretrain.embedding(data, s, setup, seed);
        Score q = score(p.embedding());
        m.put("referencePretrained", q.mean());
        m.put("referencePretrainedCi95", q.ci95());
        m.put("referencePretrainedSeconds", p.seconds());
        return Map.copyOf(m);
    }

    /** {@link #score}, kept for x₀ (a run's first row and referenceRandomEmbedding are the same evaluation). */
    private Score scoreAt(double[] x) {
        if (Arrays.equals(x, x0)) {
            if (atX0 == null) atX0 = AT_X0.computeIfAbsent(referenceKey(), k -> score(x0));
            return atX0;
        }
        return score(x);
    }

    /** Accuracy of fitted heads on the evaluation episodes with the embedding x. */
    public Score score(double[] x) { return scoreOf(x, episodes); }

    /** {@link #score} on the given episodes. */
    Score scoreOf(double[] x, List<Episode> episodes) {
        int n = episodes.size(), group = s.metaBatch(), nk = s.ways() * s.shots(), nq = s.ways() * s.evalQueries(), d = net.features();
        int pixels = data.side() * data.side();
        double[] acc = new double[n];
        for (int g0 = 0; g0 < n; g0 += group) {
            int g1 = Math.min(n, g0 + group), m = g1 - g0;
            float[] img = new float[m * (nk + nq) * pixels];
            int[][] sl = new int[m][], ql = new int[m][];
            for (int e = 0; e < m; e++) {
                EpisodeImages im = EpisodeImages.of(episodes.get(g0 + e), data.images());
                System.arraycopy(im.support().values(), 0, img, e * nk * pixels, nk * pixels);
                System.arraycopy(im.query().values(), 0, img, (m * nk + e * nq) * pixels, nq * pixels);
                sl[e] = im.supportLabels();
                ql[e] = im.queryLabels();
            }
            double[] f = embed(x, img, m * (nk + nq));
            for (int e = 0; e < m; e++) {
                double[][] sf = rows(f, e * nk, nk, d), qf = rows(f, m * nk + e * nq, nq, d);
                double[] head = FewShotHead.fit(sf, sl[e], s.ways(), s.l2(), s.headSteps());
                acc[g0 + e] = FewShotHead.accuracy(qf, ql[e], s.ways(), head);
            }
        }
        return summary(acc);
    }

    /** Features of count images at embedding x (batch norm on their own statistics), no graph. */
    double[] embed(double[] x, float[] img, int count) {
        try (PointerScope scope = new PointerScope()) {
            Tensor xt = torch.from_blob(new DoublePointer(x), new long[] {x.length}, new TensorOptions(ScalarType.Double));
            xt = setup.doublePrecision() ? xt.clone() : xt.to(ScalarType.Float);
            Tensor f = net.forward(new Params(net.shapes(), xt), FewShotProblem.images(setup, img, count, data.side()), true);
            return TorchSetup.read(f, count * net.features());
        }
    }

    private static double[][] rows(double[] f, int from, int count, int d) {
        double[][] out = new double[count][];
        for (int i = 0; i < count; i++) out[i] = Arrays.copyOfRange(f, (from + i) * d, (from + i + 1) * d);
        return out;
    }

    static Score summary(double[] acc) {
        org.bilevel4j.tasks.fewshot.PixelNearestNeighbour.Score s = org.bilevel4j.tasks.fewshot.PixelNearestNeighbour.summary(acc);
        return new Score(s.mean(), s.ci95(), acc);
    }
}
