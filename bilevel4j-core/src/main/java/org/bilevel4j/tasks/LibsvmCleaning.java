package org.bilevel4j.tasks;

import org.bilevel4j.data.LabelNoise;
import org.bilevel4j.data.LabeledData;

/**
 * Hyper-cleaning on the user's own LIBSVM files ({@code hyperclean --set dataset=libsvm --set file=PATH}): the training
 * file's labels are the ones to clean, a validation file ({@code valFile}) holds rows whose labels are trusted, a test
 * file ({@code testFile}) gives the test accuracy (else the validation file is split in two seeded halves, with a
 * notice; {@link LibsvmParts}). {@code p > 0} corrupts that fraction of the training labels first (an experiment with a known answer: then
 * precision, recall and F1 of the flagged samples and the oracle reference exist); without a validation file the
 * training file is split 50/25/25 train / validation / test, which needs p > 0 (else no label is known to be wrong and
 * none is trusted more than another). Classes are the training file's distinct labels, as {@link LibsvmDecay}; the
 * features are scaled as its {@link LibsvmDecay.Scaling} says.
 */
public final class LibsvmCleaning {
    private LibsvmCleaning() {}

    public record Spec(LibsvmParts.Files files, double p, LabelNoise.Mode mode, boolean bias, double reg, int referenceIterations,
                       double hypergradScale, long seed) {}

    public static HyperCleaning build(Spec s) {
        if (s.files().valFile() == null && s.p() == 0)
            throw new IllegalArgumentException("hyperclean on " + s.files().file() + " needs trusted labels to learn which training labels to drop: give "
                    + "valFile=PATH (rows whose labels you trust; the training file's are the noisy ones), or p=FRACTION to corrupt that fraction of "
                    + "the training part and validate on the rest of the file");
        LibsvmParts parts = LibsvmParts.read(s.files(), s.seed(), "hyperclean");
        LabeledData tr = parts.train();
        boolean[] changed = new boolean[tr.size()];
        if (s.p() > 0) {
            LabelNoise.Corrupted noise = LabelNoise.corrupt(tr.labels(), s.p(), parts.classes(), s.seed() + 1, s.mode());
            for (int i = 0; i < changed.length; i++) changed[i] = noise.labels()[i] != tr.labels()[i];
            tr = LabeledData.classification(tr.x(), noise.labels(), parts.classes());
        }
        LabeledData[] scaled = LibsvmDecay.scale(s.files().scale(), s.files().file(), "hyperclean", tr, parts.val(), parts.test());
        return new HyperCleaning(scaled[0], changed, scaled[1], scaled[2], s.bias(), s.reg(), s.referenceIterations(), s.hypergradScale());
    }
}
