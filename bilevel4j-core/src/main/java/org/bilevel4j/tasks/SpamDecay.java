package org.bilevel4j.tasks;

import java.util.List;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.Spam;
import org.bilevel4j.data.Splits;

/**
 * Per-feature weight decay on the SpamAssassin e-mails (ALGORITHMS.md §2.7, §4.3 "20 Newsgroups" layout):
 * a seeded random {@code testFraction} of the 6046 e-mails is held out as the test part; the rest is split 50/50
 * into the training and the validation part. The tf-idf vocabulary and idf (terms in at least {@code minDf}
 * training e-mails) are fitted on the training part only, so neither validation nor test text leaks into the
 * features; rows are sparse (CSR), l2-normalized.
 * <p>
 * Outer step: the problem knows no hypergradient Lipschitz constant (∂Φ/∂x_j = −e^{x_j} w_j v_j scales with the
 * unknown weights), so aid-cg's fallback step 0.01 barely moves x. Recommended: {@code --set outerRule=adam --set
 * outerStep=1} (a step of about 1 on every log-decay), or plain gradient steps {@code --set outerStep=1e4}; measured
 * with innerSteps=20, linearSteps=10, both lower the validation loss from 0.680 to about 0.45-0.5 in 20 iterations.
 */
public final class SpamDecay {
    private SpamDecay() {}

    public record Spec(double testFraction, int minDf, boolean bias, double initialLogDecay, double minLogDecay, double maxLogDecay, long seed) {}

    /** The three feature parts {train, validation, test}, computed once per JVM. */
    public static List<LabeledData> parts(double testFraction, int minDf, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
        if (minDf < 1) throw new IllegalArgumentException("minDf must be >= 1, got " + minDf);
        return DataCache.get("spam parts " + testFraction + " " + minDf + " " + seed, () -> {
            Spam.Texts all = DataCache.get("spam texts", () -> Datasets.load("spam", System.err, Spam::load));
            int n = all.size(), nTest = (int) Math.round(testFraction * n), nTrain = (n - nTest) / 2, nVal = n - nTest - nTrain;
            if (nTest < 1 || nTrain < 1) throw new IllegalArgumentException("testFraction " + testFraction + " leaves an empty part of " + n + " e-mails");
            int[][] idx = Splits.random(n, seed, nTrain, nVal, nTest);
            Spam.Texts train = all.subset(idx[0]);
            return Spam.tfIdf(train, minDf, train, all.subset(idx[1]), all.subset(idx[2]));
        });
    }

    /** The problem of spec, built once per JVM. */
    public static WeightDecay build(Spec s) {
        return DataCache.get("weightdecay spam " + s, () -> {
            List<LabeledData> p = parts(s.testFraction(), s.minDf(), s.seed());
            return new WeightDecay(p.get(0), p.get(1), p.get(2), s.bias(), s.initialLogDecay(), s.minLogDecay(), s.maxLogDecay());
        });
    }
}
