package org.bilevel4j.tasks;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.LibSvm;
import org.bilevel4j.data.Standardizer;
import org.bilevel4j.model.FeatureDecay;

/**
 * Weight decay on the user's own LIBSVM files ({@code --set dataset=libsvm --set file=PATH}), as benchopt's
 * regularization-selection tasks: ijcnn1 (binary, one decay per feature, validation = the ijcnn1.t file) and covtype
 * (7 classes, multinomial; one decay per parameter in benchopt's 2023 code, per class since 2024: {@code decayPer=}).
 * The training file fixes the features (largest index, or {@code features}) and the classes (its distinct labels,
 * sorted: −1/+1 become 0/1); a validation file ({@code valFile}) is the outer set, else the training file is split in
 * two seeded halves ({@link WeightDecay#halves}); a test file ({@code testFile}) gives the test accuracy.
 * Files may be gzip; a missing file or a bad line is a user error naming the file and line. The features are scaled
 * as {@link Scaling} says, fitted on the training rows.
 */
public final class LibsvmDecay {
    private LibsvmDecay() {}

    /** valFile, testFile: null when not given. features: 0 for the training file's largest index. */
    public record Spec(Path file, Path valFile, Path testFile, int features, FeatureDecay.Per per, boolean bias, double initialLogDecay,
                       double minLogDecay, double maxLogDecay, Scaling scale, long seed) {}

    /**
     * How the features are scaled, fitted on the training rows and applied to the validation and test rows as well
     * (scikit-learn's StandardScaler, population standard deviation; a constant feature keeps scale 1).
     */
    public enum Scaling {
        /** NONE when every training value is within [−1, 1] (files already scaled: rcv1, news20, ijcnn1, LIBSVM's .scale files), else STD, with a notice. */
        AUTO,
        /** The values as read. */
        NONE,
        /** x_j / s_j: each feature divided by its standard deviation, the zeros kept (StandardScaler(with_mean=False)). */
        STD,
        /** (x_j − m_j) / s_j, centered too (StandardScaler(), benchopt's covtype): the rows are then stored dense. */
        STANDARD
    }

    /** Where scale=auto says that it scaled (standard error; tests swap it). */
    public static java.util.function.Consumer<String> notices = System.err::println;

    /** The problem of spec, built once per JVM per file state (size and modification time are part of the key). */
    public static WeightDecay build(Spec s) {
        return DataCache.get("weightdecay libsvm " + s + " " + stamp(s.file()) + " " + stamp(s.valFile()) + " " + stamp(s.testFile()), () -> {
            LibSvm.Data train = LibSvm.readUserFile(s.file(), s.features(), "file");
            int d = train.x().cols();
            double[] classes = LibSvm.classes(train);
            if (classes.length < 2)
                throw new IllegalArgumentException("file " + s.file() + " has a single label value " + classes[0] + "; weight decay needs two classes or more");
            for (double c : classes)
                if (c != Math.rint(c)) // a real-valued target would become one class per distinct value
                    throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "file %s has label %s, not a class: weightdecay is "
                            + "classification (logistic regression, one class per distinct integer label), and its %d distinct labels look like "
                            + "regression targets; for least squares on them use --problem sparse-regression --set dataset=libsvm --set file=%s",
                            s.file(), c, classes.length, s.file()));
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
            LabeledData[] parts = scale(s.scale(), s.file(), "weightdecay", tr, val, test);
            tr = parts[0];
            val = parts[1];
            test = parts[2];
            return new WeightDecay(tr, val, test, s.bias(), s.initialLogDecay(), s.minLogDecay(), s.maxLogDecay(), s.per());
        });
    }

    /**
     * The parts scaled as {@code how} says, fitted on tr (test may be null); AUTO picks NONE or STD and says so through
     * {@link #notices} when it scales, naming the task.
     */
    public static LabeledData[] scale(Scaling how, Path file, String task, LabeledData tr, LabeledData val, LabeledData test) {
        int d = tr.x().cols();
        if (how == Scaling.AUTO) {
            CsrMatrix x = (CsrMatrix) tr.x();
            int widest = -1;
            for (int k = 0; k < x.nnz(); k++) if (Math.abs(x.values()[k]) > 1 && (widest < 0 || Math.abs(x.values()[k]) > Math.abs(x.values()[widest]))) widest = k;
            how = widest < 0 ? Scaling.NONE : Scaling.STD;
            if (widest >= 0) notices.accept(String.format(java.util.Locale.ROOT, "%s: the training rows of %s reach |x| = %.4g (feature %d), "
                    + "so each feature is divided by its standard deviation on them (scale=auto; scale=none keeps the values as read, "
                    + "scale=standard also centers them, as benchopt's covtype)", task, file, Math.abs(x.values()[widest]), x.colIdx()[widest] + 1));
        }
        if (how == Scaling.STANDARD) {
            long entries = (long) d * (tr.size() + val.size() + (test == null ? 0 : test.size()));
            long max = Runtime.getRuntime().maxMemory();
            if (entries > Integer.MAX_VALUE || 4 * entries > max / 2)
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "scale=standard centers the features, so it stores the rows "
                        + "dense: %d rows × %d features = %.3g floats (%.1f GB) do not fit in half of this JVM's %.1f GB; use scale=std (scales "
                        + "without centering and keeps the zeros) or give Java more memory (BILEVEL_JAVA_OPTS=-Xmx...)",
                        entries / d, d, (double) entries, 4e-9 * entries, max / 1e9));
            tr = tr.dense();
            val = val.dense();
            test = test == null ? null : test.dense();
        }
        if (how != Scaling.NONE) {
            Standardizer z = Standardizer.fit(tr.x()); // centers dense rows only
            tr = z.apply(tr);
            val = z.apply(val);
            test = test == null ? null : z.apply(test);
        }
        return new LabeledData[] {tr, val, test};
    }


    private static String stamp(Path f) {
        try {
            return f == null || !Files.isRegularFile(f) ? "-" : Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis();
        } catch (java.io.IOException e) {
            return "-";
        }
    }
}
