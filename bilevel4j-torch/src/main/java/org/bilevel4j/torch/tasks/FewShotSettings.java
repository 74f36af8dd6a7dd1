package org.bilevel4j.torch.tasks;

import java.util.function.IntFunction;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.solver.Options;

/**
 * The options of {@code fewshot} (README "fewshot"): the episodes' shape, the meta-batch, the embedding's width, the
 * heads' L2 strength, and how often and how widely the 600-episode evaluation runs.
 */
public record FewShotSettings(int ways, int shots, int queries, int metaBatch, int width, double l2, int stepsPerBatch,
                              int evalEvery, int evalEpisodes, int evalQueries, int headSteps, boolean references,
                              int pretrainEpochs, int pretrainClasses, double evalSeconds) {
    public FewShotSettings {
        if (ways < 2 || shots < 1 || queries < 1 || metaBatch < 1 || width < 1 || stepsPerBatch < 1 || evalEvery < 1
                || evalEpisodes < 2 || evalQueries < 1 || headSteps < 1 || pretrainEpochs < 0 || pretrainClasses < 0)
            throw new IllegalArgumentException("fewshot needs ways >= 2, shots, queries, metaBatch, width, stepsPerBatch, evalEvery, "
                    + "evalQueries, headSteps >= 1, evalEpisodes >= 2 and pretrainEpochs, pretrainClasses >= 0");
        if (!(evalSeconds >= 0)) throw new IllegalArgumentException("fewshot needs evalSeconds >= 0 (0: evaluate every evalEvery rows), got " + evalSeconds);
        if (!(l2 > 0)) throw new IllegalArgumentException("fewshot needs l2 > 0 (the heads' strong convexity), got " + l2);
    }

    /** Settings that evaluate every {@code evalEvery} trace rows (no {@code evalSeconds}). */
    public FewShotSettings(int ways, int shots, int queries, int metaBatch, int width, double l2, int stepsPerBatch, int evalEvery,
                           int evalEpisodes, int evalQueries, int headSteps, boolean references, int pretrainEpochs, int pretrainClasses) {
        this(ways, shots, queries, metaBatch, width, l2, stepsPerBatch, evalEvery, evalEpisodes, evalQueries, headSteps, references,
                pretrainEpochs, pretrainClasses, 0);
    }

    /** The images of a few-shot data set: class c's samples as rows (side × side pixels), and the classes to meta-train and to test on. */
    public record Data(String name, int side, int samplesPerClass, int[] trainPool, int[] evalPool, IntFunction<DenseMatrix> images) {}

    public static FewShotSettings read(Options o) {
        return new FewShotSettings(
                o.getInt("ways", 5, 2, "classes per episode (N)"),
                o.getInt("shots", 1, 1, "support samples per class (K)"),
                o.getInt("queries", 15, 1, "query samples per class in meta-training episodes"),
                o.getInt("metaBatch", 16, 1, "episodes per outer iteration (one head each)"),
                o.getInt("width", 32, 1, "conv-4 channels (the papers' is 64)"),
                o.getPositive("l2", 0.1, "L2 strength lambda of the heads' weights, (lambda/2)||W||^2, in training and evaluation"),
                o.getInt("stepsPerBatch", 1, 1, "outer iterations on one meta-batch before the next is drawn (heads start afresh at each draw)"),
                o.getInt("evalEvery", 10, 1, "the test evaluation runs on every this many trace rows (and the last one)"),
                o.getInt("evalEpisodes", 600, 2, "evaluation episodes (fixed seed, the same for every method)"),
                o.getInt("evalQueries", 15, 1, "query samples per class in evaluation episodes"),
                o.getInt("headSteps", 300, 1, "accelerated-gradient steps fitting each evaluation head on the fixed embedding"),
                o.getBool("references", true, "compute referenceRandomEmbedding and referencePretrained"),
                o.getInt("pretrainEpochs", 2, 0, "epochs of ordinary classification training of the referencePretrained conv-4"),
                o.getInt("pretrainClasses", 0, 0, "background classes the referencePretrained conv-4 is trained on (0: all)"),
                o.getDouble("evalSeconds", 0, "when > 0, the test evaluation runs on the first trace row after this many solver seconds "
                        + "since the last one (and on the last row) instead of every evalEvery rows: a slow method and a fast one get "
                        + "about as many evaluations"));
    }
}
