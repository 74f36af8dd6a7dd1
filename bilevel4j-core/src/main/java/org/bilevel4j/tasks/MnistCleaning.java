package org.bilevel4j.tasks;

import org.bilevel4j.data.BenchoptSplit;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.LabelNoise;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.MnistLike;
import org.bilevel4j.data.Splits;
import org.bilevel4j.data.Standardizer;
import org.bilevel4j.model.ByteFeatures;
import org.bilevel4j.model.Precision;

/**
 * Data hyper-cleaning on MNIST or Fashion-MNIST (ALGORITHMS.md §1.10, §4.3): train and validation parts drawn from
 * the 60k training images, the test part from the 10k test images, labels of the train part corrupted, features
 * standardized with mean and scale fitted on the train part (benchopt's StandardScaler).
 * <ul>
 * <li>benchopt / stocbio: uniformly random disjoint train and validation parts (benchopt: 20000 / 5000);</li>
 * <li>bvfim: class-balanced parts ({@link Splits#balancedSplit}; 5000 / 5000).</li>
 * </ul>
 * The corruption mask given to {@link HyperCleaning} (for F1 and the oracle reference) marks the labels that
 * actually changed: in mode ANY a redrawn label keeps its value with probability 1/K and is then clean.
 * benchopt draws each sample's corruption independently with probability p; we corrupt exactly round(p·n) samples,
 * unless the spec asks for benchopt's exact split ({@link Split#benchopt}, {@link BenchoptSplit}).
 */
public final class MnistCleaning {
    private MnistCleaning() {}

    /** What to build; every field is part of the cache key. */
    public record Spec(String dataset, HyperCleaning.Setting setting, int trainSize, int valSize, int testSize, double p,
                       LabelNoise.Mode mode, boolean bias, double reg, boolean standardize, int referenceIterations,
                       double hypergradScale, long seed, Split split) {
        /** The seeded split of {@link #parts} (default), or benchopt's exact one from numpy's RandomState(state). */
        public Spec(String dataset, HyperCleaning.Setting setting, int trainSize, int valSize, int testSize, double p,
                    LabelNoise.Mode mode, boolean bias, double reg, boolean standardize, int referenceIterations,
                    double hypergradScale, long seed) {
            this(dataset, setting, trainSize, valSize, testSize, p, mode, bias, reg, standardize, referenceIterations, hypergradScale, seed, Split.SEEDED);
        }
    }

    /** How the parts are drawn: from the run's seed, or as benchopt draws them ({@link BenchoptSplit}, numpy seed state). */
    public record Split(boolean benchopt, long state) {
        public static final Split SEEDED = new Split(false, 0);

        public static Split benchopt(long state) { return new Split(true, state); }
    }

    /** The problem of spec, built once per JVM (data loading, standardization and reference models are shared). */
    public static HyperCleaning build(Spec s) {
        return DataCache.get("hyperclean " + s, () -> {
            MnistLike.TrainTest raw = DataCache.get("images " + s.dataset(),
                    () -> Datasets.load(s.dataset(), System.err, MnistLike::load));
            Parts parts = parts(raw, s);
            return new HyperCleaning(parts.train(), parts.corrupted(), parts.val(), parts.test(), s.bias(), s.reg(), s.referenceIterations(),
                    s.hypergradScale());
        });
    }

    /** The same, with the model sweeps in precision p; also built once per JVM (sharing the data of {@link #build(Spec)}). */
    public static HyperCleaning build(Spec s, Precision p) { return build(s, p, false); }

    /**
     * The same; with {@code bytes}, float sweeps read the pixels as bytes with the standardization folded into the
     * weights ({@link ByteFeatures}; the float features where the data have no 8-bit form).
     */
    public static HyperCleaning build(Spec s, Precision p, boolean bytes) {
        return DataCache.get("hyperclean " + s + " " + p + " bytes " + bytes, () -> {
            HyperCleaning h = build(s).withPrecision(p);
            if (!bytes || p != Precision.FLOAT) return h;
            MnistLike.TrainTest raw = DataCache.get("images " + s.dataset(), () -> MnistLike.load(Datasets.ensure(s.dataset(), System.err)));
            ByteFeatures[] b = parts(raw, s).bytes();
            return b == null ? h : h.withBytes(b[0], b[1], b[2]);
        });
    }

    /**
     * The corrupted, standardized parts, before any model is built, and the 8-bit forms of train, validation and test
     * ({@link ByteFeatures#of}; null when the features have none).
     */
    public record Parts(LabeledData train, boolean[] corrupted, LabeledData val, LabeledData test, ByteFeatures[] bytes) {}

    public static Parts parts(MnistLike.TrainTest raw, Spec s) {
        int n = raw.train().size(), nTest = raw.test().size();
        if (s.trainSize() < 2 || s.valSize() < 1 || (long) s.trainSize() + s.valSize() > n)
            throw new IllegalArgumentException("trainSize=" + s.trainSize() + " and valSize=" + s.valSize() + " must be >= 2 and >= 1 and add up to at most "
                    + n + ", the training images of " + s.dataset());
        if (s.testSize() < 1 || s.testSize() > nTest)
            throw new IllegalArgumentException("testSize=" + s.testSize() + " must be in [1, " + nTest + "], the test images of " + s.dataset());
        LabeledData train, val;
        int[] noisy;
        if (s.split().benchopt()) {
            BenchoptSplit b = BenchoptSplit.of(raw.train().labels(), s.trainSize(), s.valSize(), s.p(), MnistLike.CLASSES, s.split().state());
            train = raw.train().subset(b.train());
            val = raw.train().subset(b.val());
            noisy = b.labels();
        } else {
            int[][] idx = s.setting() == HyperCleaning.Setting.bvfim
                    ? Splits.balancedSplit(raw.train().labels(), s.seed(), s.trainSize(), s.valSize())
                    : Splits.random(n, s.seed(), s.trainSize(), s.valSize());
            train = raw.train().subset(idx[0]);
            val = raw.train().subset(idx[1]);
            noisy = LabelNoise.corrupt(train.labels(), s.p(), MnistLike.CLASSES, s.seed() + 1, s.mode()).labels();
        }
        LabeledData test = s.testSize() == nTest ? raw.test() : raw.test().subset(Splits.random(nTest, s.seed() + 2, s.testSize())[0]);
        boolean[] changed = new boolean[noisy.length];
        for (int i = 0; i < changed.length; i++) changed[i] = noisy[i] != train.labels()[i];
        train = LabeledData.classification(train.x(), noisy, MnistLike.CLASSES);
        Standardizer z = s.standardize() ? Standardizer.fit(train.x()) : null;
        ByteFeatures[] bytes = {byteForm(train, z), byteForm(val, z), byteForm(test, z)};
        if (z != null) {
            train = z.apply(train);
            val = z.apply(val);
            test = z.apply(test);
        }
        return new Parts(train, changed, val, test, bytes[0] == null || bytes[1] == null || bytes[2] == null ? null : bytes);
    }

    private static ByteFeatures byteForm(LabeledData d, Standardizer z) {
        return d.x() instanceof DenseMatrix m ? ByteFeatures.of(m, z) : null;
    }

    /** Default sizes {train, validation, test} of a setting on real data. */
    public static int[] defaultSizes(HyperCleaning.Setting setting) {
        return setting == HyperCleaning.Setting.bvfim ? new int[] {5000, 5000, 10000} : new int[] {20000, 5000, 10000};
    }
}
