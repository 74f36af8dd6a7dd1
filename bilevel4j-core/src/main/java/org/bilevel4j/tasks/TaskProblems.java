package org.bilevel4j.tasks;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.LabelNoise;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.model.FeatureDecay;
import org.bilevel4j.model.Precision;
import org.bilevel4j.solver.Options;

/**
 * Catalog entries of the machine-learning tasks. Real data sets are fetched on first use ({@code Datasets.ensure})
 * and loaded here, in the factory, so loading never counts in a solver's time; loaded data and built problems are
 * cached per JVM (a bench builds the same task for every solver).
 */
public final class TaskProblems {
    private TaskProblems() {}

    public static void register(Map<String, Catalog.ProblemEntry> m) {
        Catalog.add(m, "hyperclean", "data hyper-cleaning: per-sample weights sigma(x_i) on a multinomial logistic model, synthetic data or (Fashion-)MNIST (BVFIM, stocBiO, benchopt)",
                TaskProblems::hyperclean);
        Catalog.add(m, "weightdecay", "logistic regression with one weight-decay hyper-parameter per feature, synthetic data or spam tf-idf (hypertorch, MinimaxOPT)",
                TaskProblems::weightdecay);
    }

    public static HyperCleaning hyperclean(Options o, long seed) {
        String dataset = o.choice("dataset", "synthetic", "data set; mnist and fashion-mnist are fetched on first use; libsvm: your own LIBSVM file "
                + "(file=PATH, its labels the ones to clean; valFile=PATH, rows whose labels you trust)", "synthetic", "mnist", "fashion-mnist", "libsvm");
        boolean libsvm = dataset.equals("libsvm");
        HyperCleaning.Setting setting = HyperCleaning.Setting.valueOf(o.choice("setting", "benchopt",
                "benchopt: no bias, reg 0.2, 20000/5000 random split, label redrawn from all classes; stocbio: bias, reg 0.001, same split, "
                        + "label changed to another class; bvfim: bias, no reg, 5000/5000 class-balanced split, label changed", "benchopt", "stocbio", "bvfim"));
        double p = o.getDouble("p", libsvm ? 0 : 0.5, "fraction of training labels corrupted (benchopt uses 0.5, 0.7, 0.9; libsvm: 0, the file's labels as they are)");
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("option p=" + p + " must be in [0, 1]");
        LabelNoise.Mode mode = LabelNoise.Mode.parse(o.choice("noise", setting == HyperCleaning.Setting.benchopt ? "any" : "different",
                "a corrupted label is redrawn from all classes (any) or from the other classes (different); default from the setting", "any", "different"));
        double reg = o.getDouble("reg", setting.reg, "coefficient of ||W||^2 in the inner loss (default from the setting; with a network, model=linear2|mlp|cnn, benchopt's becomes 0.001)");
        boolean bias = o.getBool("bias", setting.bias, "linear model with a bias (default from the setting)");
        boolean synthetic = dataset.equals("synthetic");
        int[] sizes = synthetic ? new int[] {1000, 1000, 2000} : MnistCleaning.defaultSizes(setting);
        int nTrain = o.getInt("trainSize", sizes[0], 2, "training samples (default: synthetic 1000; mnist 20000, 5000 for bvfim)");
        int nVal = o.getInt("valSize", sizes[1], 1, "validation samples (default: synthetic 1000; mnist 5000)");
        int nTest = o.getInt("testSize", sizes[2], 1, "test samples (default: synthetic 2000; mnist the 10000 test images)");
        int refIters = o.getInt("referenceIterations", synthetic ? 2000 : 500, 1,
                "accelerated-gradient iterations of the two reference models (default: synthetic 2000, real data 500)");
        double hypergradScale = o.getPositive("hypergradScale", 1,
                "c of the hypergradient Lipschitz estimate c / trainSize (so the default outer step is trainSize / c)");
        boolean standardize = o.getBool("standardize", true, "real data: standardize the features (mean and scale fitted on the training part)");
        int d = o.getInt("features", 100, 1, "synthetic: features");
        int k = o.getInt("classes", 10, 2, "synthetic: classes");
        double sep = o.getPositive("separation", 4, "synthetic: scale of the distance between class means");
        Precision precision = Precision.parse(o.choice("precision", "float",
                "arithmetic of the model sweeps: float (float32 sums flushed to double every 256 rows, as PyTorch computes; about 3x faster) "
                        + "or double (exact to rounding)", "float", "double"));
        double x0 = o.getDouble("initialLogit", 0, "x_i at the start for every sample, weight sigma(x_i) (benchopt's objective starts at -2)");
        LibsvmParts.Files files = LibsvmParts.options(o, libsvm, dataset, "the labels to clean", "rows whose labels you trust");
        if (libsvm) {
            for (String key : new String[] {"features", "classes", "separation", "trainSize", "valSize", "testSize", "standardize", "bytes", "split", "randomState"})
                if (o.has(key)) throw new IllegalArgumentException("option " + key + " does not apply to dataset=libsvm");
            return LibsvmCleaning.build(new LibsvmCleaning.Spec(files, p, mode, bias, reg, refIters, hypergradScale, seed)).withPrecision(precision).withInitialLogit(x0);
        }
        if (!synthetic) {
            for (String key : new String[] {"features", "classes", "separation"})
                if (o.has(key)) throw new IllegalArgumentException("option " + key + " applies to dataset=synthetic only, not " + dataset);
            boolean bytes = o.getBool("bytes", true, "real data, precision=float: read the 8-bit pixels as bytes, the standardization folded into "
                    + "the weights (a quarter of the memory traffic); false: the standardized float features");
            boolean benchoptSplit = o.choice("split", "seeded", "real data: parts drawn from the run's seed (seeded), or benchopt's exact split and "
                    + "label corruption (benchopt: scikit-learn's train_test_split and numpy draws from RandomState(randomState); needs noise=any)",
                    "seeded", "benchopt").equals("benchopt");
            long state = o.getInt("randomState", 32, 0, "split=benchopt: the seed of benchopt's numpy RandomState (benchopt's dataset parameter random_state)");
            if (!benchoptSplit && o.has("randomState")) throw new IllegalArgumentException("option randomState applies to split=benchopt only");
            if (benchoptSplit && mode != LabelNoise.Mode.ANY)
                throw new IllegalArgumentException("split=benchopt redraws corrupted labels from all classes, as benchopt does: drop noise=" + mode.name().toLowerCase(java.util.Locale.ROOT) + " or set noise=any");
            MnistCleaning.Split split = benchoptSplit ? MnistCleaning.Split.benchopt(state) : MnistCleaning.Split.SEEDED;
            return MnistCleaning.build(new MnistCleaning.Spec(dataset, setting, nTrain, nVal, nTest, p, mode, bias, reg, standardize, refIters, hypergradScale, seed, split),
                    precision, bytes).withInitialLogit(x0);
        }
        for (String key : new String[] {"standardize", "bytes", "split", "randomState"})
            if (o.has(key)) throw new IllegalArgumentException("option " + key + " applies to real data sets only, not dataset=synthetic");
        Synthetic.check("hyperclean", (long) nTrain + nVal + nTest, d, k);
        LabeledData all = Synthetic.gaussianMixture(nTrain + nVal + nTest, d, k, sep, seed);
        LabeledData train = Synthetic.rows(all, 0, nTrain);
        LabelNoise.Corrupted noise = LabelNoise.corrupt(train.labels(), p, k, seed + 1, mode);
        boolean[] changed = new boolean[nTrain];
        for (int i = 0; i < nTrain; i++) changed[i] = noise.labels()[i] != train.labels()[i];
        train = LabeledData.classification(train.x(), noise.labels(), k);
        return new HyperCleaning(train, changed, Synthetic.rows(all, nTrain, nTrain + nVal),
                Synthetic.rows(all, nTrain + nVal, nTrain + nVal + nTest), bias, reg, refIters, hypergradScale).withPrecision(precision).withInitialLogit(x0);
    }

    /** Outer steps: see {@link SpamDecay} (recommended {@code outerRule=adam, outerStep=1}). */
    static WeightDecay weightdecay(Options o, long seed) {
        String dataset = o.choice("dataset", "synthetic", "data set; spam (SpamAssassin tf-idf) is fetched on first use; libsvm: your own "
                + "LIBSVM file (file=PATH, e.g. ijcnn1 or covtype)", "synthetic", "spam", "libsvm");
        boolean bias = o.getBool("bias", false, "linear model with a bias");
        double x0 = o.getDouble("initialLogDecay", 0, "initial x_j (log of the decay of every feature)");
        double lo = o.getDouble("minLogDecay", -20, "lower bound of x");
        double hi = o.getDouble("maxLogDecay", 2, "upper bound of x (sets the inner Lipschitz bound)");
        int n = o.getInt("samples", 1000, 2, "synthetic: samples, split half train / half validation");
        int d = o.getInt("features", 20, 1, "synthetic: features (the second half irrelevant)");
        int nTest = o.getInt("testSize", 1000, 1, "synthetic: test samples");
        double noise = o.getDouble("labelNoise", 1, "synthetic: standard deviation of the logit noise");
        double testFraction = o.getDouble("testFraction", 0.2, "spam: fraction of the e-mails held out for the test; the rest is split 50/50 train/validation");
        int minDf = o.getInt("minDf", 5, 1, "spam: a term is a feature when it appears in at least minDf training e-mails");
        String file = o.getString("file", "", "libsvm: the training file (LIBSVM / svmlight text, may be gzip)");
        String valFile = o.getString("valFile", "", "libsvm: the validation file (the outer set; default: half of file)");
        String testFile = o.getString("testFile", "", "libsvm: a test file for the test accuracy (default: none)");
        // not `decay`: that key is a solver option too (penalty's factor, bvfim's schedule), and both read one option map
        String given = o.given().get("decay");
        if (given != null && java.util.List.of("feature", "parameter", "class").contains(given))
            throw new IllegalArgumentException("weightdecay's layout option is decayPer=" + given + " (decay is a solver option: penalty's factor, bvfim's schedule)");
        String per = o.choice("decayPer", "feature", "libsvm: one decay per feature, per parameter w_cj (benchopt's covtype, 2023) or per class "
                + "(benchopt's covtype, 2024)", "feature", "parameter", "class");
        int libsvmFeatures = o.getInt("libsvmFeatures", 0, 0, "libsvm: number of features (0: the training file's largest index)");
        String scale = o.choice("scale", "auto", "libsvm: feature scaling fitted on the training rows: auto (none when every value is within [-1, 1], "
                + "else std), none, std (each feature / its standard deviation, zeros kept) or standard (centered too, rows stored dense; benchopt's covtype)",
                "auto", "none", "std", "standard");
        Precision precision = Precision.parse(o.choice("precision", "float",
                "arithmetic of the model sweeps, float (float32 sums flushed to double: synthetic, the float32 SIMD kernel as hyperclean; "
                        + "spam and libsvm, the float32 CSR kernel) or double (exact to rounding)", "float", "double"));
        if (dataset.equals("libsvm")) {
            for (String key : new String[] {"samples", "features", "testSize", "labelNoise", "testFraction", "minDf"})
                if (o.has(key)) throw new IllegalArgumentException("option " + key + " does not apply to dataset=libsvm");
            if (file.isEmpty()) throw new IllegalArgumentException("dataset=libsvm needs --set file=PATH (a LIBSVM file)");
            return LibsvmDecay.build(new LibsvmDecay.Spec(java.nio.file.Path.of(file), valFile.isEmpty() ? null : java.nio.file.Path.of(valFile),
                    testFile.isEmpty() ? null : java.nio.file.Path.of(testFile), libsvmFeatures,
                    per.equals("feature") ? FeatureDecay.Per.FEATURE : per.equals("parameter") ? FeatureDecay.Per.PARAMETER : FeatureDecay.Per.OUTPUT,
                    bias, x0, lo, hi, LibsvmDecay.Scaling.valueOf(scale.toUpperCase(java.util.Locale.ROOT)), seed)).withPrecision(precision);
        }
        for (String key : new String[] {"file", "valFile", "testFile", "decayPer", "libsvmFeatures", "scale"})
            if (o.has(key)) throw new IllegalArgumentException("option " + key + " applies to dataset=libsvm only, not " + dataset);
        if (dataset.equals("spam")) {
            for (String key : new String[] {"samples", "features", "testSize", "labelNoise"})
                if (o.has(key)) throw new IllegalArgumentException("option " + key + " applies to dataset=synthetic only, not spam");
            return SpamDecay.build(new SpamDecay.Spec(testFraction, minDf, bias, x0, lo, hi, seed)).withPrecision(precision);
        }
        for (String key : new String[] {"testFraction", "minDf"})
            if (o.has(key)) throw new IllegalArgumentException("option " + key + " applies to dataset=spam only, not synthetic");
        Synthetic.check("weightdecay", (long) n + nTest, d, 2);
        LabeledData all = Synthetic.sparseLogistic(n + nTest, d, noise, seed);
        LabeledData[] halves = WeightDecay.halves(Synthetic.rows(all, 0, n), seed + 1);
        return new WeightDecay(halves[0], halves[1], Synthetic.rows(all, n, n + nTest), bias, x0, lo, hi).withPrecision(precision);
    }
}
