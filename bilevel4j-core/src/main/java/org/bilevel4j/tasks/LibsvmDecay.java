package org.bilevel4j.tasks;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.LibSvm;
import org.bilevel4j.model.FeatureDecay;

/**
 * Weight decay on the user's own LIBSVM files ({@code --set dataset=libsvm --set file=PATH}), as benchopt's
 * regularization-selection tasks: ijcnn1 (binary, one decay per feature, validation = the ijcnn1.t file) and covtype
 * (7 classes, multinomial; one decay per parameter in benchopt's 2023 code, per class since 2024: {@code decay=}).
 * The training file fixes the features (largest index, or {@code features}) and the classes (its distinct labels,
 * sorted: −1/+1 become 0/1); a validation file ({@code valFile}) is the outer set, else the training file is split in
 * two seeded halves ({@link WeightDecay#halves}); a test file ({@code testFile}) gives the test accuracy.
 * Files may be gzip; a missing file or a bad line is a user error naming the file and line.
 */
public final class LibsvmDecay {
    private LibsvmDecay() {}

    /** valFile, testFile: null when not given. features: 0 for the training file's largest index. */
    public record Spec(Path file, Path valFile, Path testFile, int features, FeatureDecay.Per per, boolean bias, double initialLogDecay,
                       double minLogDecay, double maxLogDecay, long seed) {}

    /** The problem of spec, built once per JVM per file state (size and modification time are part of the key). */
    public static WeightDecay build(Spec s) {
        return DataCache.get("weightdecay libsvm " + s + " " + stamp(s.file()) + " " + stamp(s.valFile()) + " " + stamp(s.testFile()), () -> {
            LibSvm.Data train = LibSvm.readUserFile(s.file(), s.features(), "file");
            int d = train.x().cols();
            double[] classes = LibSvm.classes(train);
            if (classes.length < 2)
                throw new IllegalArgumentException("file " + s.file() + " has a single label value " + classes[0] + "; weight decay needs two classes or more");
            LabeledData tr = LibSvm.classification(train, classes, s.file());
            LabeledData val;
            if (s.valFile() != null) {
                val = LibSvm.classification(LibSvm.readUserFile(s.valFile(), d, "valFile"), classes, s.valFile());
            } else {
                if (tr.size() < 2) throw new IllegalArgumentException("file " + s.file() + " has " + tr.size() + " row; splitting it needs two or more");
                LabeledData[] h = WeightDecay.halves(tr, s.seed());
                tr = h[0];
                val = h[1];
            }
            LabeledData test = s.testFile() == null ? null
                    : LibSvm.classification(LibSvm.readUserFile(s.testFile(), d, "testFile"), classes, s.testFile());
            return new WeightDecay(tr, val, test, s.bias(), s.initialLogDecay(), s.minLogDecay(), s.maxLogDecay(), s.per());
        });
    }

    private static String stamp(Path f) {
        try {
            return f == null || !Files.isRegularFile(f) ? "-" : Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis();
        } catch (java.io.IOException e) {
            return "-";
        }
    }
}
