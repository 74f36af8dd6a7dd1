package org.bilevel4j.tasks;

import java.nio.file.Path;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.LibSvm;
import org.bilevel4j.data.Splits;

/**
 * Train, validation and test parts of a classification task from the user's LIBSVM files: {@code file} is the training
 * part when a {@code valFile} is given (the test part is then {@code testFile}, or half of valFile's rows, with a
 * notice); a lone file is split 50/25/25 (2/3 and 1/3 with a testFile) by the seed. Classes are the training file's
 * distinct labels, sorted; a label that is not an integer is refused (a regression target is not a class).
 */
public record LibsvmParts(LabeledData train, LabeledData val, LabeledData test, int classes) {
    /** The file options of a classification task on LIBSVM files; valFile and testFile null when not given. */
    public record Files(Path file, Path valFile, Path testFile, int features, LibsvmDecay.Scaling scale) {}

    /**
     * Reads (declares) file, valFile, testFile, libsvmFeatures and scale; null when {@code libsvm} is false, and then
     * any of them given is an error naming the dataset. {@code fileRole} and {@code valRole} say what those files are to
     * the task.
     */
    public static Files options(org.bilevel4j.solver.Options o, boolean libsvm, String dataset, String fileRole, String valRole) {
        return options(o, libsvm, dataset, fileRole, valRole, true);
    }

    /** The same; without {@code withScale} the task scales its own way, scale is not an option (and its Files.scale null). */
    public static Files options(org.bilevel4j.solver.Options o, boolean libsvm, String dataset, String fileRole, String valRole, boolean withScale) {
        String file = o.getString("file", "", "libsvm: the training file (LIBSVM / svmlight text, may be gzip): " + fileRole);
        String valFile = o.getString("valFile", "", "libsvm: " + valRole + " (the outer set; default: a quarter of file, or a third with testFile)");
        String testFile = o.getString("testFile", "", "libsvm: the test file (default: half of valFile, or a quarter of file)");
        int features = o.getInt("libsvmFeatures", 0, 0, "libsvm: number of features (0: the training file's largest index)");
        String scale = !withScale ? null : o.choice("scale", "auto", "libsvm: feature scaling fitted on the training rows: auto (none when every value is within [-1, 1], "
                + "else std), none, std (each feature / its standard deviation, zeros kept) or standard (centered too, rows stored dense)",
                "auto", "none", "std", "standard");
        if (!libsvm) {
            for (String key : withScale ? new String[] {"file", "valFile", "testFile", "libsvmFeatures", "scale"}
                    : new String[] {"file", "valFile", "testFile", "libsvmFeatures"})
                if (o.has(key)) throw new IllegalArgumentException("option " + key + " applies to dataset=libsvm only, not " + dataset);
            return null;
        }
        if (file.isEmpty()) throw new IllegalArgumentException("dataset=libsvm needs --set file=PATH (a LIBSVM file)");
        return new Files(Path.of(file), valFile.isEmpty() ? null : Path.of(valFile), testFile.isEmpty() ? null : Path.of(testFile), features,
                scale == null ? null : LibsvmDecay.Scaling.valueOf(scale.toUpperCase(java.util.Locale.ROOT)));
    }

    /** {@link #read} of the files the options name. */
    public static LibsvmParts read(Files f, long seed, String task) { return read(f.file(), f.valFile(), f.testFile(), f.features(), seed, task); }

    /** valFile, testFile: null when not given; features: 0 for the training file's largest index; task names the notices. */
    public static LibsvmParts read(Path file, Path valFile, Path testFile, int features, long seed, String task) {
        LibSvm.Data raw = LibSvm.readUserFile(file, features, "file");
        int d = raw.x().cols();
        double[] classes = LibSvm.classes(raw);
        if (classes.length < 2)
            throw new IllegalArgumentException("file " + file + " has a single label value " + classes[0] + "; " + task + " needs two classes or more");
        for (double c : classes)
            if (c != Math.rint(c))
                throw new IllegalArgumentException("file " + file + " has label " + c + ", not a class: " + task + " is classification, one class per "
                        + "distinct integer label");
        LabeledData all = LibSvm.classification(raw, classes, file);
        if (valFile != null) {
            LabeledData val = LibSvm.classification(LibSvm.readUserFile(valFile, d, "valFile"), classes, valFile);
            if (testFile != null) return new LibsvmParts(all, val, LibSvm.classification(LibSvm.readUserFile(testFile, d, "testFile"), classes, testFile), classes.length);
            if (val.size() < 2) throw new IllegalArgumentException("valFile " + valFile + " has " + val.size() + " row; without testFile it is split "
                    + "into validation and test halves, which needs two or more");
            int[][] h = Splits.random(val.size(), seed + 2, val.size() - val.size() / 2, val.size() / 2);
            LibsvmDecay.notices.accept(task + ": no testFile, so the rows of " + valFile + " are split in two seeded halves, " + h[0].length
                    + " for validation and " + h[1].length + " for the test accuracy");
            return new LibsvmParts(all, val.subset(h[0]), val.subset(h[1]), classes.length);
        }
        int n = all.size();
        if (n < (testFile == null ? 4 : 2))
            throw new IllegalArgumentException("file " + file + " has " + n + " rows, too few to split into training, validation and test parts");
        if (testFile != null) {
            int[][] h = Splits.random(n, seed + 2, n - n / 3, n / 3);
            return new LibsvmParts(all.subset(h[0]), all.subset(h[1]), LibSvm.classification(LibSvm.readUserFile(testFile, d, "testFile"), classes, testFile),
                    classes.length);
        }
        int[][] h = Splits.random(n, seed + 2, n - 2 * (n / 4), n / 4, n / 4);
        return new LibsvmParts(all.subset(h[0]), all.subset(h[1]), all.subset(h[2]), classes.length);
    }
}
