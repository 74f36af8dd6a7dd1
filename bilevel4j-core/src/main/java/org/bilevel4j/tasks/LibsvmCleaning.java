package org.bilevel4j.tasks;

import java.nio.file.Path;
import org.bilevel4j.data.LabelNoise;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.LibSvm;
import org.bilevel4j.data.Splits;

/**
 * Hyper-cleaning on the user's own LIBSVM files ({@code hyperclean --set dataset=libsvm --set file=PATH}): the training
 * file's labels are the ones to clean, a validation file ({@code valFile}) holds rows whose labels are trusted, a test
 * file ({@code testFile}) gives the test accuracy (else the validation file is split in two seeded halves, with a
 * notice). {@code p > 0} corrupts that fraction of the training labels first (an experiment with a known answer: then
 * precision, recall and F1 of the flagged samples and the oracle reference exist); without a validation file the
 * training file is split 50/25/25 train / validation / test, which needs p > 0 (else no label is known to be wrong and
 * none is trusted more than another). Classes are the training file's distinct labels, as {@link LibsvmDecay}; the
 * features are scaled as its {@link LibsvmDecay.Scaling} says.
 */
public final class LibsvmCleaning {
    private LibsvmCleaning() {}

    /** valFile, testFile: null when not given. features: 0 for the training file's largest index. */
    public record Spec(Path file, Path valFile, Path testFile, int features, LibsvmDecay.Scaling scale, double p, LabelNoise.Mode mode,
                       boolean bias, double reg, int referenceIterations, double hypergradScale, long seed) {}

    public static HyperCleaning build(Spec s) {
        if (s.valFile() == null && s.p() == 0)
            throw new IllegalArgumentException("hyperclean on " + s.file() + " needs trusted labels to learn which training labels to drop: give "
                    + "valFile=PATH (rows whose labels you trust; the training file's are the noisy ones), or p=FRACTION to corrupt that fraction of "
                    + "the training part and validate on the rest of the file");
        LibSvm.Data raw = LibSvm.readUserFile(s.file(), s.features(), "file");
        int d = raw.x().cols();
        double[] classes = LibSvm.classes(raw);
        if (classes.length < 2)
            throw new IllegalArgumentException("file " + s.file() + " has a single label value " + classes[0] + "; hyper-cleaning needs two classes or more");
        for (double c : classes)
            if (c != Math.rint(c))
                throw new IllegalArgumentException("file " + s.file() + " has label " + c + ", not a class: hyper-cleaning is classification, one class per "
                        + "distinct integer label");
        LabeledData all = LibSvm.classification(raw, classes, s.file()), tr, val, test;
        if (s.valFile() != null) {
            tr = all;
            val = LibSvm.classification(LibSvm.readUserFile(s.valFile(), d, "valFile"), classes, s.valFile());
            if (s.testFile() != null) test = LibSvm.classification(LibSvm.readUserFile(s.testFile(), d, "testFile"), classes, s.testFile());
            else {
                if (val.size() < 2) throw new IllegalArgumentException("valFile " + s.valFile() + " has " + val.size() + " row; without testFile it is split "
                        + "into validation and test halves, which needs two or more");
                int[][] h = Splits.random(val.size(), s.seed() + 2, val.size() - val.size() / 2, val.size() / 2);
                LibsvmDecay.notices.accept("hyperclean: no testFile, so the rows of " + s.valFile() + " are split in two seeded halves, " + h[0].length
                        + " for validation and " + h[1].length + " for the test accuracy");
                test = val.subset(h[1]);
                val = val.subset(h[0]);
            }
        } else {
            int n = all.size();
            if (n < (s.testFile() == null ? 4 : 2))
                throw new IllegalArgumentException("file " + s.file() + " has " + n + " rows, too few to split into training, validation and test parts");
            if (s.testFile() != null) {
                int[][] h = Splits.random(n, s.seed() + 2, n - n / 3, n / 3);
                tr = all.subset(h[0]);
                val = all.subset(h[1]);
                test = LibSvm.classification(LibSvm.readUserFile(s.testFile(), d, "testFile"), classes, s.testFile());
            } else {
                int[][] h = Splits.random(n, s.seed() + 2, n - 2 * (n / 4), n / 4, n / 4);
                tr = all.subset(h[0]);
                val = all.subset(h[1]);
                test = all.subset(h[2]);
            }
        }
        boolean[] changed = new boolean[tr.size()];
        if (s.p() > 0) {
            LabelNoise.Corrupted noise = LabelNoise.corrupt(tr.labels(), s.p(), classes.length, s.seed() + 1, s.mode());
            for (int i = 0; i < changed.length; i++) changed[i] = noise.labels()[i] != tr.labels()[i];
            tr = LabeledData.classification(tr.x(), noise.labels(), classes.length);
        }
        LabeledData[] parts = LibsvmDecay.scale(s.scale(), s.file(), "hyperclean", tr, val, test);
        return new HyperCleaning(parts[0], changed, parts[1], parts[2], s.bias(), s.reg(), s.referenceIterations(), s.hypergradScale());
    }
}
